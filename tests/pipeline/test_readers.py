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


def test_lone_surrogate_in_text_id_or_source_rejects_that_record_only(tmp_path):
    # A lone UTF-16 surrogate is valid JSON (an escape) but not Unicode text:
    # the detectors and Beam's string coder cannot encode it.
    p = tmp_path / "sur.jsonl"
    p.write_text(
        '{"id": "a", "text": "ok 13800000001"}\n'
        '{"id": "b", "text": "bad \\ud83d 13800000002"}\n'
        '{"id": "c\\udc00", "text": "13800000003"}\n'
        '{"id": "d", "text": "13800000004", "source": "s\\ud800"}\n'
        '{"id": "e", "text": "paired \\ud83d\\ude00 fine"}\n',
        encoding="utf-8",
    )
    items = _read(p)
    assert [r.record_id for r in _recs(items)] == ["a", "e"]
    rejects = _rejs(items)
    assert [(r.line, r.reason, r.location) for r in rejects] == [
        (2, "invalid_encoding", "sur.jsonl:2"), (3, "invalid_encoding", "sur.jsonl:3"), (4, "invalid_encoding", "sur.jsonl:4"),
    ]
    assert all("1380000" not in r.detail and "surrogate" in r.detail for r in rejects)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_csv_row_with_an_invalid_byte_is_one_reject_and_every_other_row_is_read(tmp_path, encoding):
    rows = ["id,text"] + [f"c{i},联系人手机1380000{i:04d}" for i in range(1, 4001)]
    data = ("\n".join(rows) + "\n").encode(encoding)
    # \xff is invalid in both encodings; row c3000 (file line 3001) lies past
    # the 64 KiB the encoding is sniffed from, c15 too for UTF-8.
    data = data.replace(b"c3000,", b"c3000\xff,")
    if encoding == "utf-8":
        data = data.replace(b"c15,", b"c15,\xff")
    p = tmp_path / "bad.csv"
    p.write_bytes(data)
    items = _read(p)
    assert len(items) == 4000
    rejects = _rejs(items)
    expected = [16, 3001] if encoding == "utf-8" else [3001]
    assert [(r.line, r.reason) for r in rejects] == [(n, "invalid_encoding") for n in expected]
    assert all(encoding in r.detail for r in rejects)
    assert len(_recs(items)) == 4000 - len(expected) and _recs(items)[-1].record_id == "c4000"


def _gbk_jsonl_cut_mid_character(n_lines: int) -> bytes:
    from pipelines.inputs import SNIFF_BYTES

    pad = "这是一段用于填充的中文文本没有个人信息" * 3
    for k in range(60):
        lines = [{"id": f"g{i}", "text": pad + ("x" * k if i == 0 else "") + f" 电话1390000{i:04d}"} for i in range(n_lines)]
        data = b"".join((json.dumps(o, ensure_ascii=False) + "\n").encode("gbk") for o in lines)
        try:
            data[:SNIFF_BYTES].decode("gb18030")
        except UnicodeDecodeError:
            return data
    raise AssertionError("no padding puts the sample end inside a character")


def test_gbk_file_whose_sample_ends_inside_a_character_is_read_as_gbk(tmp_path):
    p = tmp_path / "gbk.jsonl"
    p.write_bytes(_gbk_jsonl_cut_mid_character(447))
    items = _read(p)
    assert len(items) == 447 and not _rejs(items)
    assert _recs(items)[5].fields["text"].endswith("电话13900000005")


def test_gbk_file_that_starts_with_64k_of_ascii_is_read_as_gbk(tmp_path):
    from pipelines.inputs import SNIFF_BYTES

    ascii_lines = [json.dumps({"id": f"a{i}", "text": f"plain ascii line number {i:06d}"}) for i in range(SNIFF_BYTES // 40)]
    gbk_lines = [json.dumps({"id": f"g{i}", "text": f"联系人电话1390000{i:04d}"}, ensure_ascii=False) for i in range(50)]
    p = tmp_path / "late_gbk.txt"
    p.write_bytes(("\n".join(ascii_lines + gbk_lines) + "\n").encode("gbk"))
    items = _read(p, fmt="jsonl")
    assert not _rejs(items)
    assert _recs(items)[-1].fields["text"] == "联系人电话13900000049"


@pytest.mark.parametrize("fmt", ["jsonl", "txt"])
def test_a_stray_nul_byte_rejects_its_line_not_the_file(tmp_path, fmt):
    lines = [json.dumps({"id": f"n{i}", "text": f"手机1380000{i:04d}"}, ensure_ascii=False).encode() for i in range(1000)]
    lines[5] = lines[5].replace(b'"n5"', b'"n5\x00"')
    p = tmp_path / f"nul.{fmt}"
    p.write_bytes(b"\n".join(lines) + b"\n")
    items = _read(p)
    assert len(items) == 1000
    (rej,) = _rejs(items)
    assert (rej.line, rej.reason, rej.location) == (6, "binary_data", f"nul.{fmt}:6")


def test_csv_row_with_a_nul_byte_is_rejected_alone(tmp_path):
    p = tmp_path / "nul.csv"
    p.write_bytes(b"id,text\nr1,hello\nr2,he\x00llo\nr3,bye\n")
    items = _read(p)
    assert [r.record_id for r in _recs(items)] == ["r1", "r3"]
    assert [(r.line, r.reason) for r in _rejs(items)] == [(3, "binary_data")]


def test_gzip_suffix_is_sniffed_through_the_decompressor(tmp_path):
    p = tmp_path / "g.jsonl.gzip"
    p.write_bytes(gzip.compress(b'{"text": "phone 13800000000"}\n' * 3))
    items = _read(p)
    assert [i.location for i in _recs(items)] == ["g.jsonl.gzip:1", "g.jsonl.gzip:2", "g.jsonl.gzip:3"]


def _compress(suffix: str, data: bytes) -> bytes:
    import bz2
    import zlib

    import zstandard

    return {
        ".gz": gzip.compress, ".gzip": gzip.compress, ".bz2": bz2.compress,
        ".zst": lambda b: zstandard.ZstdCompressor().compress(b), ".deflate": zlib.compress,
    }[suffix](data)


@pytest.mark.parametrize("suffix", [".gz", ".gzip", ".bz2", ".zst", ".deflate"])
def test_compressed_tsv_is_tab_separated(tmp_path, suffix):
    p = tmp_path / f"y.tsv{suffix}"
    p.write_bytes(_compress(suffix, "id\ttext\nt1\t手机13800000004, 邮箱 a.b@example.com\n".encode()))
    (rec,) = _read(p)
    assert isinstance(rec, SourceRecord) and rec.record_id == "t1"
    assert rec.fields["text"] == "手机13800000004, 邮箱 a.b@example.com"


def test_one_file_named_twice_is_read_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.txt").write_text("phone 13800000000\n")
    (tmp_path / "d" / "q.txt").write_text("other\n")
    planned = plan(["d/p.txt", "./d/p.txt", str(tmp_path / "d" / "p.txt"), "d/../d/*.txt"])
    assert [pi.path for pi in planned] == ["d/../d/q.txt", "d/p.txt"]


def test_max_record_bytes_applies_to_csv_and_parquet_rows(tmp_path):
    wide = "中" * 2000 + " 手机13800000002"
    (tmp_path / "w.csv").write_text(f"id,text\nk1,{wide}\nk2,short\n", encoding="utf-8")
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [wide, "short"]}), tmp_path / "w.parquet")
    (tmp_path / "huge.csv").write_text("id,text\nh1," + "x" * 200_000 + "\nh2,short\n", encoding="utf-8")
    opts = ReadOptions(max_record_bytes=1024)
    for name in ("w.csv", "w.parquet", "huge.csv"):
        items = _read(tmp_path / name, opts=opts)
        assert [type(i).__name__ for i in items] == ["Reject", "SourceRecord"], name
        assert items[0].reason == "record_too_large" and items[0].line == (2 if name.endswith("csv") else 1)
        assert "中中" not in items[0].detail and "xxx" not in items[0].detail


def test_parquet_row_with_invalid_utf8_in_a_string_column_is_rejected_alone(tmp_path):
    # pyarrow does not validate strings built from raw buffers; other writers
    # may not either.
    raw = pa.array([b"ok 13800000001", b"bad \xff 13800000002", b"ok 13800000003"], pa.binary())
    text = pa.Array.from_buffers(pa.string(), len(raw), raw.buffers())
    pq.write_table(pa.table({"id": ["p1", "p2", "p3"], "text": text}), tmp_path / "u.parquet")
    items = _read(tmp_path / "u.parquet")
    assert [r.record_id for r in _recs(items)] == ["p1", "p3"]
    (rej,) = _rejs(items)
    assert (rej.line, rej.reason, rej.location) == (2, "invalid_encoding", "u.parquet:2")
    assert "13800000002" not in rej.detail
