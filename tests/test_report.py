"""The assessment report written from a scan's outputs."""

from __future__ import annotations

import importlib.util
import io
import os
import re

import pytest

from expectations.gate import run_gate
from pipelines.report import write_report
from tests.gate import synthetic

SECTIONS = ("1. Scope", "2. Personal information inventory", "3. Sources", "4. Cross-border exposure",
            "5. Sampling (TC260-003 §9.2)", "6. Pre-training gate")


@pytest.fixture
def report(tmp_path):
    out_dir = synthetic.scan_with_lineage(str(tmp_path / "scan"))
    run_gate(out_dir, stream=io.StringIO(), err_stream=io.StringIO())
    md_path, html_path = write_report(out_dir)
    with open(md_path, encoding="utf-8") as fh:
        md = fh.read()
    with open(html_path, encoding="utf-8") as fh:
        page = fh.read()
    return out_dir, md, page, html_path


def test_both_files_have_every_section(report):
    _, md, page, _ = report
    for title in SECTIONS:
        assert title in md
        assert title.replace("&", "&amp;") in page


def test_html_loads_nothing_from_outside(report):
    page = report[2]
    assert not re.search(r"https?://", page)
    assert not re.search(r"<script|<link|<iframe|<img|@import|url\(", page, re.IGNORECASE)


def test_html_draws_its_own_svg_charts(report):
    page = report[2]
    assert page.count("<svg") == 2
    assert "Findings by PIPL category" in page and "Findings by source" in page


def test_inventory_counts_findings_by_category(report):
    md = report[1]
    # Synthetic scan: 7 resident IDs, 6 phones, 3 health cues.
    assert "| specific identity (Art. 28) | 7 | 43.8% |" in md
    assert "| general PI | 6 | 37.5% |" in md
    assert "| CN_RESIDENT_ID | specific_identity | 7 |" in md


def test_each_violation_is_listed_with_its_article(report):
    md = report[1]
    assert re.search(r"\| cs-chat \| CONSENT_WITHDRAWN \| [^|]*15, 47 \| 2 \|", md)
    assert re.search(r"\| web \| LINEAGE_MISSING \| [^|]*13[^|]* \| 2 \|", md)


def test_sources_show_lawful_basis_and_consent_scope(report):
    md = report[1]
    assert "| cs-chat | cs-chat | consent | model_training, customer_service | no | no | 2027-06-30 | 12 |" in md
    assert "| web | unmatched |" in md


def test_cross_border_counts_distinct_identity_numbers_as_a_lower_bound(report):
    md = report[1]
    assert "**lower bound**" in md
    assert "| whole corpus | 7 | 7 | 10 | 7 |" in md
    # cs-chat is processed in SG as well as CN: its own row is reported.
    assert re.search(r"\| sources processed outside[^|]*\(cs-chat\) \| 4 \|", md)
    assert "1,000,000" in md and "10,000" in md


def test_sampling_section_gives_pass_rate_against_98_percent_and_the_sample_command(report):
    out_dir, md, _, _ = report
    assert "7 of 20 = 35.00%" in md and "does not meet the 98%" in md
    assert f"piplscan sample {out_dir} --n 4000" in md


def test_gate_result_is_reported_with_failed_expectations(report):
    md = report[1]
    assert "Gate **failed**" in md
    assert "| policy | max_violations.CONSENT_WITHDRAWN | 2 |" in md


def test_report_without_gate_or_manifest_says_so(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records())
    md_path, _ = write_report(out_dir)
    md = open(md_path, encoding="utf-8").read()
    assert "No gate has been run" in md
    assert "without a consent-lineage manifest" in md


def test_report_holds_masks_and_counts_but_no_finding_previews(report):
    # The report aggregates; it never lists individual findings, not even masked.
    _, md, page, _ = report
    assert "1101**********001X" not in md and "138****0000" not in page


def test_empty_scan_still_reports(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), [], shards=1)
    md_path, html_path = write_report(out_dir)
    assert "0 findings" in open(md_path, encoding="utf-8").read()
    assert os.path.getsize(html_path) > 0


def _load_screenshot_module():
    path = os.path.join(os.path.dirname(__file__), "..", "docs", "report_screenshot.py")
    spec = importlib.util.spec_from_file_location("report_screenshot", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_renders_offline_in_headless_chromium(report, tmp_path):
    shot = _load_screenshot_module()
    if shot.find_chromium() is None:
        pytest.skip("chromium is not on PATH; install it (apt-get install chromium) to render the report")
    png = shot.screenshot(report[3], str(tmp_path / "report.png"), width=1200, height=1600)
    with open(png, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(png) > 20_000  # a blank page compresses to a few kB


# ------------------------------------------------------- bounded distinct counts


def test_hash_prefixes_are_the_first_64_bits_of_each_hex_hash():
    import hashlib

    import pyarrow as pa

    from pipelines.report import _hash_prefixes

    hexes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(50)]
    got = _hash_prefixes(pa.chunked_array([hexes[:20], hexes[20:] + [None]]))
    assert [int(v) for v in got] == [int(h[:16], 16) for h in hexes]


def test_distinct_count_is_exact_below_the_cap_across_merges():
    import numpy as np

    from pipelines.report import DistinctCount

    counter = DistinctCount(cap=10_000, merge_every=100)
    rng = np.random.default_rng(3)
    seen = set()
    for _ in range(200):
        batch = rng.integers(0, 5_000, size=64, dtype=np.uint64)
        seen.update(int(v) for v in batch)
        counter.add(batch)
    assert counter.count == len(seen)
    assert counter.lower_bound() == len(seen)


def test_distinct_count_past_the_cap_keeps_only_more_than():
    import numpy as np

    from pipelines.report import DistinctCount

    counter = DistinctCount(cap=1_000, merge_every=256)
    for start in range(0, 5_000, 500):
        counter.add(np.arange(start, start + 500, dtype=np.uint64))
    assert counter.count is None
    assert counter.lower_bound() == 1_001
    assert counter._values.size == 0  # nothing held once saturated


def test_report_says_more_than_when_distinct_identities_pass_the_cap(tmp_path, monkeypatch):
    import pipelines.report as report_mod

    out_dir = synthetic.scan_with_lineage(str(tmp_path / "scan"))
    # The synthetic scan holds 7 distinct resident IDs: a cap of 3 saturates.
    monkeypatch.setattr(report_mod, "DISTINCT_CAP", 3)
    monkeypatch.setattr(report_mod.DistinctCount.__init__, "__defaults__", (3, 1 << 18))
    md_path, _ = write_report(out_dir)
    with open(md_path, encoding="utf-8") as fh:
        md = fh.read()
    assert "more than 3" in md


def _resident_id(body17: str) -> str:
    from detectors.checksums import iso7064_mod11_2_check_char

    return body17 + iso7064_mod11_2_check_char(body17)


def test_one_source_matched_by_two_entries_keeps_each_entrys_basis_and_cross_border(tmp_path):
    # The same source value under two folders, matched by path to two
    # entries: one processed in China under a contract, one in Singapore
    # under consent. The report must show both bases and count the source as
    # exposed abroad; a manifest without subject_field knows no subjects.
    from runners.cli import main

    for i, (folder, body) in enumerate((("cn", "11010119900307123"), ("sg", "44030519850612456"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "chat.jsonl").write_text(
            '{"id": "r%d", "source": "chat", "text": "身份证号%s"}\n' % (i, _resident_id(body)), encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "version: 1\nscan_date: 2026-11-27\nsources:\n"
        "  - id: chat-cn\n    match: {path: \"cn/*.jsonl\"}\n    lawful_basis: contract\n"
        "    processing_locations: [CN]\n    pipia: {id: P-1, date: 2026-01-01}\n"
        "  - id: chat-sg\n    match: {path: \"sg/*.jsonl\"}\n    lawful_basis: consent\n"
        "    consent: {purposes: [model_training], separate_consent_sensitive: true, valid_until: 2027-01-01}\n"
        "    processing_locations: [SG]\n    cross_border_mechanism: standard_contract\n"
        "    pipia: {id: P-2, date: 2026-01-01}\n",
        encoding="utf-8")
    out = tmp_path / "out"
    corpus = [str(tmp_path / "cn" / "chat.jsonl"), str(tmp_path / "sg" / "chat.jsonl")]
    assert main(["scan", *corpus, "--lineage", str(tmp_path / "manifest.yaml"), "--out", str(out),
                 "--quiet", "--direct_num_workers=1"]) == 0
    import json

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["by_source_lineage"] == {"chat": ["chat-cn", "chat-sg"]}
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| chat | chat-cn, chat-sg | chat-cn: contract; chat-sg: consent |" in md
    assert "sources processed outside the subjects' jurisdiction (chat)" in md
    whole = next(line for line in md.splitlines() if line.startswith("| whole corpus |"))
    assert whole.endswith("| — |"), whole


def _write_lineage_case(tmp_path, subject_field: str, second_entry: str = "") -> list[str]:
    (tmp_path / "c.jsonl").write_text(
        '{"id": "r1", "source": "chat", "user": "u1", "text": "身份证号%s"}\n'
        '{"id": "r2", "source": "chat", "text": "今天天气不错"}\n' % _resident_id("11010119900307123"),
        encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        f"version: 1\nscan_date: 2026-11-27\nsubject_field: {subject_field}\nsources:\n"
        "  - id: chat\n    match: {source: chat}\n    lawful_basis: contract\n"
        "    processing_locations: [CN]\n    pipia: {id: P-1, date: 2026-01-01}\n" + second_entry,
        encoding="utf-8")
    return [str(tmp_path / "c.jsonl"), "--lineage", str(tmp_path / "manifest.yaml")]


def test_records_without_the_subject_field_are_counted_warned_about_and_reported(tmp_path, capsys):
    from runners.cli import main

    args = _write_lineage_case(tmp_path, "user")
    out = tmp_path / "out"
    assert main(["scan", *args, "--out", str(out), "--quiet", "--direct_num_workers=1"]) == 0
    import json

    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["records_without_subject"] == 1
    err = capsys.readouterr().err
    assert "warning: 1 of 2 records have no 'user' field" in err and "u1" not in err
    assert "1 records lack the manifest's subject field" in (out / "report.md").read_text(encoding="utf-8")


def test_a_record_two_manifest_entries_claim_is_bad_input_with_exit_2(tmp_path, capsys):
    from runners.cli import main

    args = _write_lineage_case(tmp_path, "user", "  - id: chat-files\n    match: {path: \"*.jsonl\"}\n"
                                                 "    lawful_basis: contract\n    processing_locations: [CN]\n")
    out = tmp_path / "out"
    assert main(["scan", *args, "--out", str(out), "--quiet", "--direct_num_workers=1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chat" in err
    assert not out.exists() or not any(out.iterdir())  # nothing published, no staging left
