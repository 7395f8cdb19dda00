"""Reading a scan folder's summary.json: a damaged key is one line naming it."""

from __future__ import annotations

import json
import os

import pytest

from expectations.outputs import UnusableOutput, read_summary
from pipelines.report import write_report
from tests.gate import synthetic


def _damage(out_dir: str, **changes) -> None:
    path = os.path.join(out_dir, "summary.json")
    with open(path, encoding="utf-8") as fh:
        summary = json.load(fh)
    for key, value in changes.items():
        if value is _DROP:
            summary.pop(key, None)
        else:
            summary[key] = value
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(summary, fh)


_DROP = object()


@pytest.fixture
def scan(tmp_path):
    return synthetic.scan_with_lineage(str(tmp_path / "scan"))


def test_summary_written_by_a_scan_reads_back(scan):
    assert read_summary(scan)["records_read"] == 20


def test_summary_without_optional_keys_reads_back(scan):
    _damage(scan, inputs=_DROP, lineage_coverage=_DROP, manifest=_DROP, lineage_sources=_DROP,
            by_source_lineage=_DROP, actions=_DROP, rejects_by_reason=_DROP, detectors=_DROP,
            records_rejected=_DROP)
    assert read_summary(scan)["findings_total"] > 0


@pytest.mark.parametrize("key, value", [
    ("records_read", "20"), ("records_read", True), ("records_read", -3), ("findings_total", 1.0),
    ("records_rejected", "0"),
    ("lineage_coverage", "abc"), ("lineage_coverage", False), ("lineage_coverage", 2),
    ("manifest", ["m.yaml"]),
    ("inputs", "x"), ("inputs", ["x"]), ("inputs", [{"path": "a", "records": 1, "bytes": "many"}]),
    ("rejects_by_reason", ["invalid_json"]), ("rejects_by_reason", {"invalid_json": "3"}),
    ("actions", "keep"), ("actions", {"keep": None}),
    ("detectors", "cn_phone@1"),
    ("lineage_sources", {"id": "x"}), ("lineage_sources", ["x"]),
    ("lineage_sources", [{"id": "x", "processing_locations": "CN"}]),
    ("by_source_lineage", ["chat"]), ("by_source_lineage", {"chat": 5}),
    ("scan_id", 7),
])
def test_damaged_summary_key_is_one_line_naming_file_and_key(scan, key, value):
    _damage(scan, **{key: value})
    with pytest.raises(UnusableOutput) as info:
        read_summary(scan)
    message = str(info.value)
    assert "summary.json" in message and repr(key) in message and "\n" not in message


def test_report_refuses_a_damaged_summary_in_one_line(scan):
    _damage(scan, inputs="x")
    with pytest.raises(UnusableOutput, match="'inputs'"):
        write_report(scan)


def test_lineage_mapping_may_name_several_manifest_sources(scan):
    # One source value matched by two manifest entries by path.
    _damage(scan, by_source_lineage={"cs-chat": ["cs-chat", "forum"], "forum": "forum", "web": None})
    assert read_summary(scan)["by_source_lineage"]["cs-chat"] == ["cs-chat", "forum"]
