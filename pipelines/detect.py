"""Detection stage: records in, finding rows and scanned records out."""

from __future__ import annotations

import unicodedata

import apache_beam as beam
from apache_beam.metrics import Metrics

from detectors import catalogue
from detectors.engine import EngineConfig, engine_for

from .model import ScannedRecord, SourceRecord
from .privacy import load_key, mask, value_hash
from .progress import ProgressReporter

FINDINGS_TAG = "findings"


def shown_value(text: str, f) -> str:
    """What a finding's preview masks: its value, or the span as written
    where the value is only that span case-folded (names), so that a
    preview keeps the case a reviewer saw while the hash ignores it."""
    written = " ".join(unicodedata.normalize("NFKC", text[f.start:f.end]).split())
    return written if written != f.value and written.casefold() == f.value else f.value


def finding_row(scan_id: str, record: SourceRecord, field: str, text: str, f, key: bytes) -> dict:
    entity = catalogue.lookup(f.entity_type)
    return {
        "scan_id": scan_id,
        "record_id": record.record_id,
        "source": record.source,
        "field": field,
        "start": f.start,
        "end": f.end,
        "entity_type": f.entity_type,
        "pipl_category": entity.category,
        "sensitive": entity.sensitive,
        "score": round(float(f.score), 4),
        "detector": f.detector,
        "masked": mask(f.entity_type, shown_value(text, f)),
        "value_hash": value_hash(key, f.value),
        "field_length": len(text),
        "input_path": record.input_path,
        "location": record.location,
    }


class RecordTally:
    """What a record's verdict needs from its findings, without keeping them
    (a 50 MB record can hold hundreds of thousands)."""

    __slots__ = ("n", "types", "categories", "sensitive")

    def __init__(self):
        self.n = 0
        self.types: set[str] = set()
        self.categories: set[str] = set()
        self.sensitive = False

    def add(self, row: dict) -> None:
        self.n += 1
        self.types.add(row["entity_type"])
        self.categories.add(row["pipl_category"])
        self.sensitive = self.sensitive or row["sensitive"]

    def scanned(self, record: SourceRecord) -> ScannedRecord:
        return ScannedRecord(
            record_id=record.record_id,
            source=record.source,
            input_path=record.input_path,
            location=record.location,
            subject_id=record.subject_id,
            nbytes=record.nbytes,
            n_findings=self.n,
            entity_types=sorted(self.types),
            pipl_categories=sorted(self.categories),
            has_sensitive=self.sensitive,
        )


class DetectPersonalInfoFn(beam.DoFn):
    """Runs the detection engine over batches of records.

    The engine (spaCy model, jieba dictionary, compiled patterns) is built
    once per worker in ``setup``. Main output: :class:`ScannedRecord`;
    tagged output ``findings``: one dict per finding, contract columns.
    """

    def __init__(self, scan_id: str, engine_config: EngineConfig, key_file: str | None, progress_dir: str | None = None):
        self.scan_id = scan_id
        self.engine_config = engine_config
        self.key_file = key_file
        self.progress_dir = progress_dir
        self.records = Metrics.counter("piplscan", "records_scanned")
        self.bytes = Metrics.counter("piplscan", "bytes_scanned")
        self.findings = Metrics.counter("piplscan", "findings")

    def setup(self):
        self._key = load_key(self.key_file)
        self._engine = engine_for(self.engine_config)
        self._by_type: dict[str, object] = {}
        self._progress = ProgressReporter(self.progress_dir) if self.progress_dir else None

    def teardown(self):
        if getattr(self, "_progress", None) is not None:
            self._progress.flush()

    def _type_counter(self, entity_type: str):
        c = self._by_type.get(entity_type)
        if c is None:
            c = self._by_type[entity_type] = Metrics.counter("piplscan.findings_by_type", entity_type)
        return c

    def process(self, batch: list[SourceRecord]):
        # Ordinary fields are scanned together (detectors batch their model
        # calls); fields longer than the engine's window are streamed window
        # by window so their findings never pile up in memory.
        window = int(self._engine.config.window)
        texts: list[str] = []
        owners: list[tuple[int, str]] = []
        for i, rec in enumerate(batch):
            for name, text in rec.fields.items():
                if len(text) <= window:
                    texts.append(text)
                    owners.append((i, name))
        results = iter(self._engine.scan_many(texts))
        short = {owner: found for owner, found in zip(owners, results)}
        if self._progress is not None:
            self._progress.add(len(batch), sum(r.nbytes for r in batch))
        for i, rec in enumerate(batch):
            tally = RecordTally()
            for name, text in rec.fields.items():
                found = short.get((i, name))
                if found is None:
                    found = self._engine.iter_scan(text)
                for f in found:
                    row = finding_row(self.scan_id, rec, name, text, f, self._key)
                    tally.add(row)
                    self._type_counter(row["entity_type"]).inc()
                    yield beam.pvalue.TaggedOutput(FINDINGS_TAG, row)
            self.records.inc()
            self.bytes.inc(rec.nbytes)
            self.findings.inc(tally.n)
            yield tally.scanned(rec)
