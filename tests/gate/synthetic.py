"""Synthetic scan output folders for the gate, report and sample tests.

Built directly with pyarrow and the contract schemas, so these tests do not
depend on the scan pipeline. All values are made up: previews are masks and
hashes are digests of counters, never of anything resembling real PI.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.parquet as pq

from detectors.catalogue import lookup
from pipelines.schema import FINDINGS_OUTPUT_SCHEMA, RECORDS_SCHEMA

SCAN_ID = "scan-test-0001"


def fake_hash(token: str) -> str:
    return hashlib.sha256(f"synthetic:{token}".encode()).hexdigest()


@dataclass
class Finding:
    entity_type: str
    start: int = 0
    end: int = 18
    masked: str = "1101**********001X"
    token: str = ""  # what the keyed hash stands for; equal tokens = same value
    score: float = 0.95
    field: str = "text"
    field_length: int = 120


@dataclass
class Record:
    record_id: str
    source: str
    findings: list[Finding] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    lineage_status: str = "no_manifest"
    action: str | None = None  # derived from violations when None
    subject: str | None = None
    # Where the record was read; by default a file named after the source
    # and the record's position among all records written.
    input_path: str | None = None
    location: str | None = None


def action_for(violations: list[str]) -> str:
    if "CONSENT_WITHDRAWN" in violations:
        return "drop"
    if any(v not in ("SENSITIVE_PUBLIC_REVIEW", "PIPIA_MISSING") for v in violations):
        return "redact"
    return "review" if violations else "keep"


def default_records(n_per_source: tuple[int, ...] = (12, 6, 2),
                    sources: tuple[str, ...] = ("cs-chat", "forum", "web")) -> list[Record]:
    """A small corpus: some records hold IDs, phones and health cues."""
    out: list[Record] = []
    serial = 0
    for source, n in zip(sources, n_per_source):
        for i in range(n):
            serial += 1
            rec = Record(record_id=f"{source}-{i:04d}", source=source, subject=f"subject-{serial % 7}")
            if i % 3 == 0:
                rec.findings.append(Finding("CN_RESIDENT_ID", token=f"id-{serial}"))
            if i % 4 == 1:
                rec.findings.append(Finding("CN_MOBILE_PHONE", start=30, end=41, masked="138****0000",
                                            token=f"phone-{serial}"))
            if i % 5 == 2:
                rec.findings.append(Finding("HEALTH_INFO", start=50, end=53, masked="抑**", token="cue-health",
                                            score=0.6))
            out.append(rec)
    return out


def write_scan(out_dir: str, records: list[Record], *, rejects: int = 0,
               lineage_sources: list[dict] | None = None, by_source_lineage: dict | None = None,
               summary_overrides: dict | None = None, extra_finding_columns: dict | None = None,
               shards: int = 2) -> str:
    """Write findings/, records/, rejects/ and summary.json under ``out_dir``."""
    os.makedirs(os.path.join(out_dir, "findings"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "records"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "rejects"), exist_ok=True)

    finding_rows: list[dict] = []
    record_rows: list[dict] = []
    for rec in records:
        entity_types = sorted({f.entity_type for f in rec.findings})
        categories = sorted({lookup(t).category for t in entity_types})
        input_path = rec.input_path or f"data/{rec.source}.jsonl"
        location = rec.location or f"{os.path.basename(input_path)}:{len(record_rows) + 1}"
        for f in rec.findings:
            entity = lookup(f.entity_type)
            finding_rows.append({
                "scan_id": SCAN_ID, "record_id": rec.record_id, "source": rec.source, "field": f.field,
                "start": f.start, "end": f.end, "entity_type": f.entity_type,
                "pipl_category": entity.category, "sensitive": entity.sensitive, "score": f.score,
                "detector": f"synthetic_{f.entity_type.lower()}@1", "masked": f.masked,
                "value_hash": fake_hash(f.token or f"{rec.record_id}:{f.start}"),
                "field_length": f.field_length, "input_path": input_path, "location": location,
            })
        record_rows.append({
            "scan_id": SCAN_ID, "record_id": rec.record_id, "source": rec.source,
            "n_findings": len(rec.findings), "entity_types": entity_types, "pipl_categories": categories,
            "has_sensitive": any(lookup(f.entity_type).sensitive for f in rec.findings),
            "lineage_status": rec.lineage_status, "violations": list(rec.violations),
            "action": rec.action or action_for(rec.violations),
            "input_path": input_path, "location": location,
            "subject_id_hash": fake_hash(rec.subject) if rec.subject else None, "bytes": 200,
        })

    findings = pa.Table.from_pylist(finding_rows, schema=FINDINGS_OUTPUT_SCHEMA)
    for name, values in (extra_finding_columns or {}).items():
        findings = findings.append_column(name, pa.array(values))
    records_table = pa.Table.from_pylist(record_rows, schema=RECORDS_SCHEMA)
    _write_shards(findings, os.path.join(out_dir, "findings"), shards)
    _write_shards(records_table, os.path.join(out_dir, "records"), shards)

    with open(os.path.join(out_dir, "rejects", "rejects-00000.jsonl"), "w", encoding="utf-8") as fh:
        for i in range(rejects):
            fh.write(json.dumps({"scan_id": SCAN_ID, "input_path": "data/bad.jsonl",
                                 "location": f"data/bad.jsonl:{i + 1}", "line": i + 1,
                                 "reason": "invalid_json", "detail": "line is not valid JSON"}) + "\n")

    summary = build_summary(records, rejects, lineage_sources, by_source_lineage)
    summary.update(summary_overrides or {})
    with open(os.path.join(out_dir, "summary.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2)
    return out_dir


def _write_shards(table: pa.Table, folder: str, shards: int) -> None:
    size = max(1, -(-table.num_rows // shards))
    for i in range(shards):
        part = table.slice(i * size, size)
        pq.write_table(part, os.path.join(folder, f"part-{i:05d}-of-{shards:05d}.parquet"))


def build_summary(records: list[Record], rejects: int, lineage_sources: list[dict] | None,
                  by_source_lineage: dict | None) -> dict:
    by_type: dict[str, int] = {}
    by_cat: dict[str, int] = {}
    by_source: dict[str, dict] = {}
    violations: dict[str, int] = {}
    actions = {"keep": 0, "redact": 0, "drop": 0, "review": 0}
    for rec in records:
        s = by_source.setdefault(rec.source, {"records": 0, "records_with_pi": 0, "records_with_sensitive": 0,
                                               "findings": 0})
        s["records"] += 1
        s["records_with_pi"] += bool(rec.findings)
        s["records_with_sensitive"] += any(lookup(f.entity_type).sensitive for f in rec.findings)
        s["findings"] += len(rec.findings)
        for f in rec.findings:
            by_type[f.entity_type] = by_type.get(f.entity_type, 0) + 1
            cat = lookup(f.entity_type).category
            by_cat[cat] = by_cat.get(cat, 0) + 1
        for v in rec.violations:
            violations[v] = violations.get(v, 0) + 1
        actions[rec.action or action_for(rec.violations)] += 1
    manifest = "lineage.yaml" if lineage_sources else None
    matched = sum(1 for r in records if r.lineage_status == "matched")
    return {
        "scan_id": SCAN_ID, "tool_version": "0.1.0",
        "started_at": "2026-11-27T08:00:00Z", "finished_at": "2026-11-27T08:01:00Z",
        "inputs": [{"path": f"data/{s}.jsonl", "records": v["records"], "bytes": 200 * v["records"]}
                   for s, v in sorted(by_source.items())],
        "records_read": len(records) + rejects, "records_scanned": len(records), "records_rejected": rejects,
        "rejects_by_reason": {"invalid_json": rejects} if rejects else {},
        "findings_total": sum(len(r.findings) for r in records),
        "by_entity_type": by_type, "by_pipl_category": by_cat, "by_source": by_source,
        "violations": violations, "actions": actions,
        "lineage_coverage": (matched / len(records)) if manifest and records else None,
        "detectors": ["synthetic_cn_resident_id@1", "synthetic_cn_mobile_phone@1", "synthetic_health_info@1"],
        "scan_date": "2026-11-27", "manifest": manifest,
        "lineage_sources": lineage_sources or [],
        "by_source_lineage": by_source_lineage or {s: None for s in by_source},
    }


CS_CHAT_LINEAGE = {
    "id": "cs-chat", "lawful_basis": "consent", "purposes": ["model_training", "customer_service"],
    "separate_consent_sensitive": False, "guardian_consent_minors": False, "valid_until": "2027-06-30",
    "subjects_located_in": "CN", "processing_locations": ["CN", "SG"], "cross_border_mechanism": "none",
    "pipia_id": None, "pipia_date": None,
}
FORUM_LINEAGE = {
    "id": "forum", "lawful_basis": "publicly_disclosed", "purposes": [],
    "separate_consent_sensitive": None, "guardian_consent_minors": None, "valid_until": None,
    "subjects_located_in": "CN", "processing_locations": ["CN"], "cross_border_mechanism": "none",
    "pipia_id": "PIPIA-2026-003", "pipia_date": "2026-05-01",
}


def scan_with_lineage(out_dir: str, *, withdrawn: int = 2) -> str:
    """A scan run with a manifest: cs-chat and forum matched, web unmatched,
    ``withdrawn`` cs-chat records carrying CONSENT_WITHDRAWN."""
    records = default_records()
    for rec in records:
        if rec.source == "web":
            rec.lineage_status = "unmatched"
            if rec.findings:
                rec.violations.append("LINEAGE_MISSING")
            continue
        rec.lineage_status = "matched"
        has_sensitive = any(lookup(f.entity_type).sensitive for f in rec.findings)
        if rec.source == "cs-chat" and rec.findings:
            rec.violations.append("CROSS_BORDER_WITHOUT_MECHANISM")
            if has_sensitive:
                rec.violations += ["SENSITIVE_WITHOUT_SEPARATE_CONSENT", "PIPIA_MISSING"]
        if rec.source == "forum" and has_sensitive:
            rec.violations.append("SENSITIVE_PUBLIC_REVIEW")
    chat = [r for r in records if r.source == "cs-chat"]
    for rec in chat[:withdrawn]:
        rec.violations.insert(0, "CONSENT_WITHDRAWN")
    return write_scan(out_dir, records, lineage_sources=[CS_CHAT_LINEAGE, FORUM_LINEAGE],
                      by_source_lineage={"cs-chat": "cs-chat", "forum": "forum", "web": None})
