"""Malformed and adversarial input: nothing escapes, nothing is lost, nothing leaks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from detectors.checksums import iso7064_mod11_2_check_char
from pipelines.privacy import mask
from pipelines.readers import InputSplit, ReadOptions, read_split
from pipelines.model import Reject, SourceRecord

BODY = "44030519920721456"
RID = BODY + iso7064_mod11_2_check_char(BODY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["jsonl", "txt", "csv"]))
def test_reader_accounts_for_every_line_of_arbitrary_bytes(tmp_path, data, fmt):
    p = tmp_path / f"fuzz.{fmt}"
    p.write_bytes(data)
    from pipelines.inputs import plan

    items = []
    for planned in plan([str(p)]):
        for split in planned.splits:
            items.extend(read_split(split, ReadOptions()))
    assert all(isinstance(i, (SourceRecord, Reject)) for i in items)
    if fmt != "csv" and not any(i.reason in ("binary_file", "unreadable_file") for i in items if isinstance(i, Reject)):
        lines = data.split(b"\n")
        expected = len(lines) - (1 if data.endswith(b"\n") or not data else 0)
        assert len(items) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(json_values, min_size=1, max_size=10))
def test_reader_turns_any_json_value_into_a_record_or_a_reject(tmp_path, values):
    p = tmp_path / "v.jsonl"
    p.write_text("\n".join(json.dumps(v) for v in values) + "\n", encoding="utf-8")
    items = list(read_split(InputSplit(str(p), "jsonl"), ReadOptions()))
    assert len(items) == len(values)
    for v, item in zip(values, items):
        if isinstance(item, SourceRecord):
            assert isinstance(v, dict)


@pytest.fixture(scope="module")
def engine():
    from detectors.engine import DetectionEngine

    return DetectionEngine()


noise = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３４５６７８９ -\u200b\u3000abcXx张王李，。:：@.身份证号电话") + ["\ud7ff"]),
    max_size=80,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noise, noise)
def test_detectors_keep_offsets_inside_the_text_and_never_echo_a_value(engine, before, after):
    text = before + RID + after
    for f in engine.scan(text):
        assert 0 <= f.start < f.end <= len(text)
        assert mask(f.entity_type, f.value) != f.value


@pytest.mark.parametrize(
    "disguise",
    [
        lambda s: "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s),
        lambda s: "\u200b".join(s),
        lambda s: f"{s[:6]} {s[6:14]} {s[14:]}",
        lambda s: f"{s[:6]}-{s[6:14]}-{s[14:]}",
        lambda s: "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s[:9]) + "\u200c" + s[9:],
    ],
    ids=["fullwidth", "zero-width", "spaces", "hyphens", "mixed"],
)
def test_disguised_resident_id_is_still_found_at_its_original_offsets(engine, disguise):
    hidden = disguise(RID)
    text = f"客户身份证号码：{hidden}，请核实。"
    ids = [f for f in engine.scan(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert len(ids) == 1
    assert (ids[0].start, ids[0].end) == (8, 8 + len(hidden))
    assert ids[0].value == RID


def test_backtracking_bait_and_long_digit_runs_finish_quickly(engine):
    baits = [
        "1" * 100_000,
        "a@" * 50_000,
        ("1-" * 30_000) + "x",
        "x" + "9." * 40_000,
        "京A" * 30_000,
        ("张" * 10_000 + "，") * 5,
        "+86 " * 20_000,
    ]
    for text in baits:
        t0 = time.process_time()
        engine.scan(text)
        assert time.process_time() - t0 < 20, f"{text[:8]!r}… took too long"


def test_interrupted_scan_leaves_nothing_that_looks_complete(tmp_path, example_corpus):
    big = tmp_path / "big.jsonl"
    line = json.dumps({"text": f"电话 13800138000，身份证 {RID}。" * 20}, ensure_ascii=False)
    big.write_text((line + "\n") * 30000, encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "runners.cli", "scan", str(big), "--out", str(out), "--quiet", "--direct_num_workers=1"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list(out.glob(".partial-*")):
        time.sleep(0.2)
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "summary.json").exists()
    assert not (out / "findings").exists() and not (out / "records").exists()


def test_scan_with_a_lone_surrogate_rejects_that_record_and_finishes(tmp_path):
    from runners.cli import main

    p = tmp_path / "sur.jsonl"
    p.write_text('{"id":"a","text":"ok 13800000001"}\n{"id":"b","text":"bad \\ud83d 13800000002"}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["scan", str(p), "--out", str(out), "--quiet", "--direct_num_workers=1"]) == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert (summary["records_read"], summary["records_scanned"]) == (2, 1)
    assert summary["rejects_by_reason"] == {"invalid_encoding": 1}
    (row,) = [json.loads(line) for f in (out / "rejects").glob("*.jsonl") for line in f.read_text("utf-8").splitlines()]
    assert row["location"] == "sur.jsonl:2" and "13800000002" not in json.dumps(row)
