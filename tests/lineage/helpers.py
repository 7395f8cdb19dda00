"""Builders for synthetic lineage test data (no real personal data)."""

from __future__ import annotations

import datetime as dt

from pipelines.lineage.manifest import ConsentTerms, SourceEntry
from pipelines.model import ScannedRecord

SCAN_DATE = dt.date(2026, 11, 27)


def entry(**kw) -> SourceEntry:
    base = dict(
        id="src",
        line=1,
        match_source="src",
        match_path=None,
        lawful_basis="consent",
        consent=ConsentTerms(purposes=("model_training",), valid_until=dt.date(2027, 1, 1)),
        subjects_located_in="CN",
        processing_locations=("CN",),
        cross_border_mechanism="none",
        pipia_id="PIPIA-1",
        pipia_date=dt.date(2026, 1, 1),
    )
    base.update(kw)
    return SourceEntry(**base)


def record(
    record_id: str,
    source: str,
    *,
    subject: str | None = None,
    types: tuple[str, ...] = (),
    sensitive: bool = False,
    input_path: str | None = None,
) -> ScannedRecord:
    path = input_path or f"/data/{source}.jsonl"
    return ScannedRecord(
        record_id=record_id,
        source=source,
        input_path=path,
        location=f"{path}:1",
        subject_id=subject,
        nbytes=10,
        n_findings=len(types),
        entity_types=sorted(set(types)),
        has_sensitive=sensitive,
    )
