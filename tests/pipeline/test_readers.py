"""The reader turns every line, row or file into a record or a reject row."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.inputs import _line_cuts, plan
from pipelines.model import Reject, SourceRecord
from pipelines.readers import InputError, InputSplit, ReadOptions, read_split


def _read(path, fmt=None, opts=ReadOptions()):
    items = []
    for planned in plan([str(path)], fmt):
        for split in planned.splits:
            items.extend(read_split(split, opts))
    return items


def _recs(items):
    return [i for i in items if isinstance(i, SourceRecord)]


def _rejs(items):
    return [i for i in items if isinstance(i, Reject)]


def test_every_bad_jsonl_line_becomes_a_reject_with_its_line_and_reason(tmp_path):
    p = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": "fine"}),
        "{not json",
        "[1, 2, 3]",
        json.dumps({"id": "nofield", "body": "x"}),
        json.dumps({"id": "nested", "text": {"a": "b"}}),
        "",
        "[" * 100000 + "]" * 100000,
        json.dumps({"id": "num", "text": 13800138000}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(p)
    assert len(items) == len(lines)
    reasons = {r.line: r.reason for r in _rejs(items)}
    assert reasons == {
        2: "invalid_json",
        3: "not_an_object",
        4: "missing_text_field",
        5: "non_string_text",
        6: "blank_line",
        7: "invalid_json",
        8: "non_string_text",
    }
    assert [r.record_id for r in _recs(items)] == ["ok1"]


def test_reject_details_never_carry_the_raw_text(tmp_path):
    secret = "110105198803141234"
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "' + secret + '", oops}\n' + json.dumps({"text": {"id": secret}}) + "\n")
    for r in _rejs(_read(p)):
        assert secret not in r.detail and secret not in r.location


def test_bom_crlf_and_gbk_files_are_read(tmp_path):
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": "张三"}, ensure_ascii=False).encode() + b"\r\n")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("联系人张三，电话13800138000\r\n第二行\r\n".encode("gbk"))
    (rec,) = _recs(_read(bom))
    assert rec.fields["text"] == "张三" and rec.record_id == "a"
    recs = _recs(_read(gbk))
    assert [r.fields["text"] for r in recs] == ["联系人张三，电话13800138000", "第二行"]
    assert recs[0].record_id == "gbk.txt:1" and recs[0].source == "gbk.txt"


def test_invalid_utf8_line_in_a_utf8_file_is_rejected_not_guessed(tmp_path):
    p = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": "正常的一行"}, ensure_ascii=False).encode()
    p.write_bytes(good + b"\n" + b'{"text": "\xff\xfe\xfa"}\n' + good + b"\n")
    items = _read(p)
    assert [type(i).__name__ for i in items] == ["SourceRecord", "Reject", "SourceRecord"]
    assert _rejs(items)[0].reason == "invalid_encoding"


def test_truncated_gzip_keeps_what_was_read_and_rejects_the_rest(tmp_path):
    p = tmp_path / "t.jsonl.gz"
    data = gzip.compress(("".join(json.dumps({"id": i, "text": f"line {i * 7919 % 100003} of a cut-off archive"}) + "\n" for i in range(2000))).encode())
    p.write_bytes(data[: len(data) // 2])
    items = _read(p)
    rejects = _rejs(items)
    assert len(rejects) == 1 and rejects[0].reason == "unreadable_file"
    assert rejects[0].location == "t.jsonl.gz" and "after line" in rejects[0].detail
    assert 0 < len(_recs(items)) < 2000


def test_binary_file_is_one_reject_naming_it(tmp_path):
    p = tmp_path / "garbage.jsonl"
    p.write_bytes(bytes(range(256)) * 50)
    (rej,) = _read(p)
    assert isinstance(rej, Reject) and rej.reason == "binary_file" and rej.location == "garbage.jsonl"


def test_empty_file_yields_nothing(tmp_path):
    p = tmp_path / "empty.jsonl"
    p.write_bytes(b"")
    assert _read(p) == []


def test_truncated_parquet_is_one_reject_naming_it(tmp_path):
    p = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["x", "y"]}), p)
    p.write_bytes(p.read_bytes()[:-20])
    (rej,) = _read(p)
    assert rej.reason == "unreadable_file" and rej.location == "t.parquet"


def test_parquet_and_csv_rows_get_row_locations_and_fallback_ids(tmp_path):
    pq.write_table(pa.table({"text": ["a", None, "c"]}), tmp_path / "p.parquet")
    items = _read(tmp_path / "p.parquet")
    assert [type(i).__name__ for i in items] == ["SourceRecord", "Reject", "SourceRecord"]
    assert [i.location for i in items] == ["p.parquet:1", "p.parquet:2", "p.parquet:3"]
    (tmp_path / "c.csv").write_text("id,text\nr1,hello\nr2,\"multi\nline\"\n,\n", encoding="utf-8")
    items = _read(tmp_path / "c.csv")
    assert [r.record_id for r in _recs(items)] == ["r1", "r2"]
    assert _rejs(items)[0].reason == "blank_line"


def test_several_text_fields_are_read_together(tmp_path):
    p = tmp_path / "sft.jsonl"
    p.write_text(json.dumps({"prompt": "q", "response": "a", "source": "sft"}) + "\n")
    (rec,) = _read(p, opts=ReadOptions(text_fields=("prompt", "response")))
    assert rec.fields == {"prompt": "q", "response": "a"} and rec.source == "sft"


def test_oversized_record_is_rejected_without_loading_it(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 5000 + b"\nsmall\n")
    items = _read(p, opts=ReadOptions(max_record_bytes=1024))
    assert [type(i).__name__ for i in items] == ["Reject", "SourceRecord"]
    assert items[0].reason == "record_too_large" and items[1].location == "big.txt:2"


def test_line_splits_cover_every_line_exactly_once_with_true_line_numbers(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text("".join(json.dumps({"id": f"r{i}", "text": "x" * (i % 97)}) + "\n" for i in range(3000)))
    size = p.stat().st_size
    for target in (500, 4096, 10**9):
        recs = []
        for s, e, first in _line_cuts(str(p), size, target):
            recs.extend(read_split(InputSplit(str(p), "jsonl", start=s, end=e, first_line=first), ReadOptions()))
        assert [r.record_id for r in recs] == [f"r{i}" for i in range(3000)]
        assert all(r.location == f"many.jsonl:{int(r.record_id[1:]) + 1}" for r in recs)


def test_unmatched_glob_and_unknown_extension_are_usage_errors(tmp_path):
    with pytest.raises(InputError, match="no input file matches"):
        plan([str(tmp_path / "*.jsonl")])
    (tmp_path / "x.bin").write_text("x")
    with pytest.raises(InputError, match="--format"):
        plan([str(tmp_path / "x.bin")])
