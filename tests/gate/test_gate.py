"""The pre-training gate over synthetic scan folders (no pipeline involved)."""

from __future__ import annotations

import io
import json
import os
import shutil

import pyarrow.parquet as pq
import pytest

from expectations.gate import EXIT_FAILED, EXIT_PASS, EXIT_UNUSABLE, run_gate
from tests.gate import synthetic

PERMISSIVE = """
max_violations:
  CONSENT_WITHDRAWN: null
  SENSITIVE_WITHOUT_SEPARATE_CONSENT: null
  MINOR_WITHOUT_GUARDIAN_CONSENT: null
  CROSS_BORDER_WITHOUT_MECHANISM: null
min_lineage_coverage: 0.5
"""


def _gate(out_dir, policy=None):
    out, err = io.StringIO(), io.StringIO()
    code = run_gate(str(out_dir), policy, stream=out, err_stream=err)
    return code, out.getvalue(), err.getvalue()


def _policy(tmp_path, text, name="policy.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def withdrawn_scan(tmp_path):
    return synthetic.scan_with_lineage(str(tmp_path / "scan"), withdrawn=2)


def test_withdrawn_subjects_fail_the_default_policy_and_are_named(withdrawn_scan):
    code, out, _ = _gate(withdrawn_scan)
    assert code == EXIT_FAILED
    assert "FAILED" in out
    line = next(x for x in out.splitlines() if "max_violations.CONSENT_WITHDRAWN" in x)
    assert "observed 2" in line


def test_verdict_fits_on_one_screen(withdrawn_scan):
    _, out, _ = _gate(withdrawn_scan)
    assert len(out.splitlines()) <= 24


def test_permissive_policy_passes_the_same_scan(withdrawn_scan, tmp_path):
    code, out, err = _gate(withdrawn_scan, _policy(tmp_path, PERMISSIVE))
    assert (code, err) == (EXIT_PASS, "")
    assert "PASSED" in out


def test_scan_without_manifest_passes_defaults_and_skips_lineage_coverage(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records())
    code, out, _ = _gate(out_dir)
    assert code == EXIT_PASS
    assert "skipped: min_lineage_coverage" in out


def test_policy_requiring_a_manifest_fails_a_scan_without_one(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records())
    code, out, _ = _gate(out_dir, _policy(tmp_path, "require_manifest: true\n"))
    assert code == EXIT_FAILED
    assert "require_manifest" in out


def test_gate_json_holds_only_plain_json_types(withdrawn_scan):
    _gate(withdrawn_scan)
    path = os.path.join(withdrawn_scan, "gate", "gate.json")
    with open(path, encoding="utf-8") as fh:
        document = json.load(fh)
    assert document["passed"] is False
    names = {e["name"]: e for e in document["expectations"]}
    assert names["max_violations.CONSENT_WITHDRAWN"]["success"] is False
    assert names["max_violations.CONSENT_WITHDRAWN"]["observed_value"] == 2
    for e in document["expectations"]:
        assert set(e) >= {"name", "success", "observed_value", "suite"}
        assert type(e["success"]) is bool

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            assert value is None or type(value) in (bool, int, float, str), type(value)

    walk(document)


def test_results_page_is_self_contained(withdrawn_scan):
    _gate(withdrawn_scan)
    with open(os.path.join(withdrawn_scan, "gate", "index.html"), encoding="utf-8") as fh:
        page = fh.read()
    assert "max_violations.CONSENT_WITHDRAWN" in page
    for forbidden in ("http://", "https://", "<script", "<link", "src="):
        assert forbidden not in page


def test_truncated_parquet_file_is_unusable_input_naming_the_file(withdrawn_scan):
    shard = sorted(os.listdir(os.path.join(withdrawn_scan, "findings")))[0]
    path = os.path.join(withdrawn_scan, "findings", shard)
    data = open(path, "rb").read()
    with open(path, "wb") as fh:
        fh.write(data[: len(data) // 2])
    code, out, err = _gate(withdrawn_scan)
    assert code == EXIT_UNUSABLE
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert shard in err


def test_missing_contract_column_is_unusable_input_naming_file_and_column(withdrawn_scan):
    folder = os.path.join(withdrawn_scan, "records")
    shard = sorted(os.listdir(folder))[-1]
    table = pq.read_table(os.path.join(folder, shard)).drop_columns(["lineage_status"])
    pq.write_table(table, os.path.join(folder, shard))
    code, _, err = _gate(withdrawn_scan)
    assert code == EXIT_UNUSABLE
    assert shard in err and "'lineage_status'" in err
    assert len(err.strip().splitlines()) == 1


def test_missing_summary_is_unusable_input(tmp_path):
    (tmp_path / "findings").mkdir()
    code, _, err = _gate(tmp_path)
    assert code == EXIT_UNUSABLE
    assert "summary.json" in err


def test_accounting_gap_fails_integrity(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records(),
                                   summary_overrides={"records_read": 25})
    code, out, _ = _gate(out_dir)
    assert code == EXIT_FAILED
    assert "accounting.records_plus_rejects_equal_read" in out


def test_rejects_count_towards_records_read_and_the_reject_rate(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records(), rejects=5)
    code, out, _ = _gate(out_dir)
    assert code == EXIT_FAILED
    assert "accounting" not in out
    assert "max_reject_rate: observed 0.2" in out


def test_offsets_beyond_the_field_and_scores_above_one_fail_integrity(tmp_path):
    records = synthetic.default_records()
    bad = records[0].findings[0]
    bad.end, bad.field_length, bad.score = 200, 120, 1.5
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), records)
    code, out, _ = _gate(out_dir)
    assert code == EXIT_FAILED
    assert "findings.end_within_field: observed 1 of" in out
    assert "findings.score_in_unit_interval: observed 1 of" in out


def test_unmasked_preview_fails_without_echoing_it(tmp_path):
    records = synthetic.default_records()
    planted = "SYNTHETIC0000UNMASKED"
    records[0].findings[0].masked = planted
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), records)
    code, out, err = _gate(out_dir)
    assert code == EXIT_FAILED
    assert "findings.masked_is_masked" in out
    for name in ("gate.json", "index.html"):
        with open(os.path.join(out_dir, "gate", name), encoding="utf-8") as fh:
            assert planted not in fh.read()
    assert planted not in out + err


def test_column_named_like_a_raw_value_fails_integrity(tmp_path):
    records = synthetic.default_records()
    n = sum(len(r.findings) for r in records)
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), records, shards=1,
                                   extra_finding_columns={"matched_text": ["x"] * n})
    code, out, _ = _gate(out_dir)
    assert code == EXIT_FAILED
    assert "findings.no_raw_value_columns" in out and "matched_text" in out


def test_per_source_share_limit_names_the_source_over_it(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records())
    policy = _policy(tmp_path, "per_source: {max_pi_share: 0.9}\nsources: {forum: {max_pi_share: 0.5}}\n")
    code, out, _ = _gate(out_dir, policy)
    assert code == EXIT_FAILED
    line = next(x for x in out.splitlines() if "per_source.max_pi_share" in x)
    # web: 2 of 2 records hold PI (1.0 > 0.9); forum: 5 of 6 (0.833 > its own 0.5).
    assert "2 of 3 sources over" in line and "web" in line and "forum" in line
    assert "cs-chat" not in line


def test_bad_policy_is_unusable_input_before_reading_the_scan(withdrawn_scan, tmp_path):
    code, out, err = _gate(withdrawn_scan, _policy(tmp_path, "max_violatons: {}\n"))
    assert code == EXIT_UNUSABLE
    assert out == ""
    assert "unknown key 'max_violatons'" in err and len(err.strip().splitlines()) == 1


def _outcomes(out_dir):
    with open(os.path.join(out_dir, "gate", "gate.json"), encoding="utf-8") as fh:
        return {e["name"]: (e["success"], e["observed_value"]) for e in json.load(fh)["expectations"]}


def test_chunked_validation_gives_the_verdicts_and_counts_of_one_pass(tmp_path, monkeypatch):
    import expectations.suites as suites

    records = synthetic.default_records()
    bad = records[-1].findings[-1]  # in the last chunk, far from the first
    bad.end, bad.field_length, bad.score = 200, 120, 1.5
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), records)
    code_whole, _, _ = _gate(out_dir)
    whole = _outcomes(out_dir)
    monkeypatch.setattr(suites, "CHUNK_ROWS", 2)
    code_chunked, out, _ = _gate(out_dir)
    chunked = _outcomes(out_dir)
    assert code_whole == code_chunked == EXIT_FAILED
    assert chunked == whole
    assert chunked["findings.score_in_unit_interval"][1]["unexpected_count"] == 1
    assert chunked["findings.score_in_unit_interval"][1]["element_count"] == sum(len(r.findings) for r in records)
    assert "findings.end_within_field: observed 1 of" in out


def test_scan_without_findings_still_gets_every_integrity_result(tmp_path):
    records = synthetic.default_records()
    for r in records:
        r.findings.clear()
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), records)
    _gate(out_dir)
    outcomes = _outcomes(out_dir)
    assert outcomes["findings.score_in_unit_interval"][0] is True
    assert not any(isinstance(v, dict) and "error" in v for _, v in outcomes.values())


@pytest.mark.parametrize("folder", ["findings", "records", "rejects"])
def test_missing_output_folder_is_unusable_input_naming_it(tmp_path, folder):
    # The scan always writes all three folders, empty or not: one missing is a
    # damaged copy, not a scan without findings or rejects.
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records())
    shutil.rmtree(os.path.join(out_dir, folder))
    code, out, err = _gate(out_dir)
    assert code == EXIT_UNUSABLE
    assert out == ""
    assert folder in err and len(err.strip().splitlines()) == 1


def test_findings_against_records_accounting_shows_both_totals(tmp_path):
    records = synthetic.default_records()
    n_findings = sum(len(r.findings) for r in records)
    # One finding row lost, and the summary agreeing with the table that lost it.
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), records, shards=1,
                                   summary_overrides={"findings_total": n_findings - 1})
    path = os.path.join(out_dir, "findings", os.listdir(os.path.join(out_dir, "findings"))[0])
    pq.write_table(pq.read_table(path).slice(1), path)
    code, out, _ = _gate(out_dir)
    assert code == EXIT_FAILED
    line = next(x for x in out.splitlines() if "accounting.findings_equal_records_n_findings" in x)
    assert f"findings_rows={n_findings - 1}" in line and f"records_n_findings={n_findings}" in line


def test_findings_that_name_their_record_file_and_line_pass_integrity(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records())
    assert {"input_path", "location"} <= set(pq.read_schema(
        os.path.join(out_dir, "findings", sorted(os.listdir(os.path.join(out_dir, "findings")))[0])).names)
    code, _, err = _gate(out_dir)
    assert (code, err) == (EXIT_PASS, "")
    assert _outcomes(out_dir)["findings.schema_matches_contract"][0] is True


@pytest.mark.parametrize("key, value", [
    ("lineage_coverage", "abc"), ("lineage_coverage", True), ("lineage_coverage", 1.5),
    ("records_read", True), ("findings_total", -1), ("manifest", 3),
])
def test_damaged_summary_key_is_unusable_input_naming_the_key(tmp_path, key, value):
    out_dir = synthetic.scan_with_lineage(str(tmp_path / "scan"))
    path = os.path.join(out_dir, "summary.json")
    with open(path, encoding="utf-8") as fh:
        summary = json.load(fh)
    summary[key] = value
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(summary, fh)
    code, out, err = _gate(out_dir)
    assert code == EXIT_UNUSABLE and out == ""
    assert "summary.json" in err and repr(key) in err and len(err.strip().splitlines()) == 1
