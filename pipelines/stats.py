"""Scan totals, combined inside the pipeline (no stage holds all records)."""

from __future__ import annotations

from collections import Counter, defaultdict

import apache_beam as beam

from .model import Reject, ScannedRecord

RECORD, REJECT, FINDING = "record", "reject", "finding"


def _new() -> dict:
    return {
        "records_scanned": 0,
        "records_rejected": 0,
        "bytes_scanned": 0,
        "rejects_by_reason": Counter(),
        "by_entity_type": Counter(),
        "by_pipl_category": Counter(),
        "by_source": defaultdict(Counter),
        "violations": Counter(),
        "actions": Counter(),
        "lineage_matched": 0,
        # Records the manifest's subject_field is missing from: they cannot be
        # joined to subject withdrawals or the consent ledger. 0 without a
        # manifest or without subject_field.
        "records_without_subject": 0,
        "lineage_status": Counter(),
        "inputs": Counter(),
        # source -> input files it came from (few): lets the driver say which
        # manifest entry each source matched, also for path-glob entries.
        "source_paths": defaultdict(set),
    }


class ScanStatsFn(beam.CombineFn):
    """Combines ``(kind, item)`` pairs into the counts summary.json reports.

    `subject_field`: the manifest's subject_field (None without a manifest or
    without one); only then can a record lack its subject."""

    def __init__(self, subject_field: str | None = None):
        super().__init__()
        self.subject_field = subject_field

    def create_accumulator(self):
        return _new()

    def add_input(self, acc, element):
        kind, item = element
        if kind == RECORD:
            r: ScannedRecord = item
            acc["records_scanned"] += 1
            acc["bytes_scanned"] += r.nbytes
            acc["inputs"][r.input_path] += 1
            acc["source_paths"][r.source].add(r.input_path)
            src = acc["by_source"][r.source]
            src["records"] += 1
            src["findings"] += r.n_findings
            if r.has_pi:
                src["records_with_pi"] += 1
            if r.has_sensitive:
                src["records_with_sensitive"] += 1
            for v in r.violations:
                acc["violations"][v] += 1
            acc["actions"][r.action] += 1
            acc["lineage_status"][r.lineage_status] += 1
            if self.subject_field is not None and r.subject_id is None:
                acc["records_without_subject"] += 1
        elif kind == REJECT:
            j: Reject = item
            acc["records_rejected"] += 1
            acc["rejects_by_reason"][j.reason] += 1
            acc["inputs"][j.input_path] += 1
        elif kind == FINDING:
            entity_type, category = item
            acc["by_entity_type"][entity_type] += 1
            acc["by_pipl_category"][category] += 1
        return acc

    def merge_accumulators(self, accs):
        accs = iter(accs)
        out = next(accs)
        for a in accs:
            for k, v in a.items():
                if k == "by_source":
                    for src, c in v.items():
                        out["by_source"][src].update(c)
                elif k == "source_paths":
                    for src, paths in v.items():
                        out["source_paths"][src] |= paths
                elif isinstance(v, Counter):
                    out[k].update(v)
                else:
                    out[k] += v
        return out

    def extract_output(self, acc):
        out = {}
        for k, v in acc.items():
            if k == "by_source":
                out[k] = {s: dict(c) for s, c in v.items()}
            elif k == "source_paths":
                out[k] = {s: sorted(paths) for s, paths in v.items()}
            elif isinstance(v, Counter):
                out[k] = dict(v)
            else:
                out[k] = v
        return out


def merge_totals(parts: list[dict]) -> dict:
    """Merge extracted totals (as written to JSON) into one."""
    out = ScanStatsFn().extract_output(_new())
    for part in parts:
        for k, v in part.items():
            if k == "by_source":
                for src, c in v.items():
                    slot = out[k].setdefault(src, {})
                    for f, n in c.items():
                        slot[f] = slot.get(f, 0) + n
            elif k == "source_paths":
                for src, paths in v.items():
                    out[k][src] = sorted(set(out[k].get(src, [])) | set(paths))
            elif isinstance(v, dict):
                for f, n in v.items():
                    out[k][f] = out[k].get(f, 0) + n
            else:
                out[k] = out.get(k, 0) + v
    return out
