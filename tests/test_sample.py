"""The manual-review sample (TC260-003 §9.2): reproducible and stratified by source."""

from __future__ import annotations

import os

import pyarrow.parquet as pq
import pytest

from expectations.outputs import UnusableOutput
from pipelines.sample import SampleRequestError, allocate, sample_records
from runners.cli import main
from tests.gate import synthetic


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("scan")
    records = synthetic.default_records(n_per_source=(60, 30, 9, 1), sources=("a", "b", "c", "d"))
    return synthetic.write_scan(str(out_dir), records, shards=3)


def _sample(scan, tmp_path, n, seed, name="s.parquet"):
    path = str(tmp_path / name)
    rows = sample_records(scan, n, seed, path)
    return rows, pq.read_table(path)


def test_same_seed_gives_the_same_sample(scan, tmp_path):
    _, first = _sample(scan, tmp_path, 20, 11, "one.parquet")
    _, second = _sample(scan, tmp_path, 20, 11, "two.parquet")
    assert first.equals(second)


def test_different_seed_gives_a_different_sample(scan, tmp_path):
    _, first = _sample(scan, tmp_path, 20, 11, "one.parquet")
    _, second = _sample(scan, tmp_path, 20, 12, "two.parquet")
    assert first["record_id"].to_pylist() != second["record_id"].to_pylist()


def test_sample_does_not_depend_on_shard_layout(tmp_path):
    records = synthetic.default_records(n_per_source=(40, 20), sources=("a", "b"))
    one = synthetic.write_scan(str(tmp_path / "one"), records, shards=1)
    four = synthetic.write_scan(str(tmp_path / "four"), list(reversed(records)), shards=4)
    _, a = _sample(one, tmp_path, 10, 3, "a.parquet")
    _, b = _sample(four, tmp_path, 10, 3, "b.parquet")
    assert a["record_id"].to_pylist() == b["record_id"].to_pylist()


def test_allocation_is_proportional_to_source_size(scan, tmp_path):
    rows, table = _sample(scan, tmp_path, 50, 1)
    counts = {s: table["source"].to_pylist().count(s) for s in "abcd"}
    assert rows == 50
    # 100 records: a 60, b 30, c 9, d 1 -> exact 30, 15, 4.5, 0.5. Floors give 49; the
    # spare seat goes to c (ties on remainder break by name); d is owed one, which
    # the largest stratum, a, gives up.
    assert counts == {"a": 29, "b": 15, "c": 5, "d": 1}


def test_every_source_gets_a_record_when_n_is_at_least_the_number_of_sources():
    assert allocate({"big": 10_000, "tiny": 1, "small": 3}, 3) == {"big": 1, "small": 1, "tiny": 1}


def test_allocation_never_exceeds_a_source_and_sums_to_n():
    sizes = {"a": 5, "b": 500, "c": 2, "d": 77}
    for n in range(0, 600, 7):
        seats = allocate(sizes, n)
        assert sum(seats.values()) == min(n, sum(sizes.values()))
        assert all(0 <= seats[s] <= sizes[s] for s in sizes)


def test_n_above_the_corpus_takes_every_record(scan, tmp_path):
    rows, table = _sample(scan, tmp_path, 1000, 5)
    assert rows == table.num_rows == 100
    assert len(set(zip(table["source"].to_pylist(), table["record_id"].to_pylist()))) == 100


def test_sampled_records_carry_their_findings_with_masked_previews_only(scan, tmp_path):
    _, table = _sample(scan, tmp_path, 100, 5)
    for row in table.to_pylist():
        assert len(row["findings"]) == row["n_findings"]
        for f in row["findings"]:
            assert set(f) == {"field", "start", "end", "entity_type", "pipl_category", "sensitive", "score",
                              "detector", "masked"}
            assert "*" in f["masked"]
    assert {"lineage_status", "violations", "action", "location", "review_pass"} <= set(table.column_names)


def test_negative_sample_size_is_refused(scan, tmp_path):
    with pytest.raises(ValueError):
        sample_records(scan, -1, 0, str(tmp_path / "x.parquet"))


def test_a_sampled_record_carries_only_its_own_findings_when_record_ids_collide(tmp_path):
    # Two files both called data.jsonl, records without an id: the reader gives
    # both first lines the id "data.jsonl:1" in the same source.
    first = synthetic.Record("data.jsonl:1", "data.jsonl", input_path="a/data.jsonl", location="data.jsonl:1",
                             findings=[synthetic.Finding("CN_RESIDENT_ID", token="a")])
    second = synthetic.Record("data.jsonl:1", "data.jsonl", input_path="b/data.jsonl", location="data.jsonl:1",
                              findings=[synthetic.Finding("CN_MOBILE_PHONE", start=3, end=14, masked="139****5678",
                                                          token="b")])
    quiet = synthetic.Record("data.jsonl:2", "data.jsonl", input_path="a/data.jsonl", location="data.jsonl:2")
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), [first, second, quiet], shards=1)
    _, table = _sample(out_dir, tmp_path, 3, 1)
    got = {row["input_path"]: [f["entity_type"] for f in row["findings"]] for row in table.to_pylist()
           if row["location"] == "data.jsonl:1"}
    assert got == {"a/data.jsonl": ["CN_RESIDENT_ID"], "b/data.jsonl": ["CN_MOBILE_PHONE"]}


def test_duplicate_ids_within_a_source_keep_their_findings_apart(tmp_path):
    twins = [synthetic.Record("same", "s", input_path="in.jsonl", location=f"in.jsonl:{i}",
                              findings=[synthetic.Finding("CN_RESIDENT_ID", token=str(i))] * i) for i in (1, 2, 3)]
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), twins, shards=2)
    _, table = _sample(out_dir, tmp_path, 3, 4)
    assert sorted((r["location"], len(r["findings"])) for r in table.to_pylist()) == [
        ("in.jsonl:1", 1), ("in.jsonl:2", 2), ("in.jsonl:3", 3)]


def test_findings_without_record_location_are_matched_by_source_and_record_id(tmp_path):
    # A scan folder written before findings named their record's file and line.
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records(), shards=2)
    folder = os.path.join(out_dir, "findings")
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        pq.write_table(pq.read_table(path).drop_columns(["input_path", "location"]), path)
    _, table = _sample(out_dir, tmp_path, 20, 2)
    assert all(len(row["findings"]) == row["n_findings"] for row in table.to_pylist())


@pytest.mark.parametrize("where", ["absent", "foo://bar", "not-a-scan"])
def test_a_folder_that_is_not_a_scan_is_unusable_output(tmp_path, where):
    if where == "not-a-scan":
        (tmp_path / where).mkdir()
    target = where if "://" in where else str(tmp_path / where)
    with pytest.raises(UnusableOutput) as info:
        sample_records(target, 5, 1, str(tmp_path / "x.parquet"))
    assert "\n" not in str(info.value)
    assert not os.path.exists(tmp_path / "x.parquet")


@pytest.mark.parametrize("n, seed, fragment", [
    (5, -1, "seed"), (5, 2**32, "seed"), (5, 99999999999999999999999, "seed"), (5, True, "seed"),
    (-1, 1, "sample size"), (True, 1, "sample size"), (2.5, 1, "sample size"),
])
def test_seed_and_size_out_of_range_are_refused_in_one_line(scan, tmp_path, n, seed, fragment):
    with pytest.raises(SampleRequestError) as info:
        sample_records(scan, n, seed, str(tmp_path / "x.parquet"))
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_seed_range_ends_are_accepted(scan, tmp_path):
    assert _sample(scan, tmp_path, 3, 0, "low.parquet")[0] == 3
    assert _sample(scan, tmp_path, 3, 2**32 - 1, "high.parquet")[0] == 3


@pytest.mark.parametrize("args", [
    ["--n", "5", "--seed", "-1"], ["--n", "5", "--seed", "99999999999999999999999"],
])
def test_cli_reports_a_bad_seed_as_one_line_with_exit_2(scan, tmp_path, capsys, args):
    code = main(["sample", scan, *args, "--out", str(tmp_path / "x.parquet")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "seed" in err


@pytest.mark.parametrize("where", ["absent", "foo://bar"])
def test_cli_refuses_a_folder_that_is_not_a_scan_with_exit_2(tmp_path, capsys, where):
    target = where if "://" in where else str(tmp_path / where)
    code = main(["sample", target, "--n", "5", "--seed", "1", "--out", str(tmp_path / "x.parquet")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_unwritable_sample_file_is_refused_in_one_line(scan, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SampleRequestError) as info:
        sample_records(scan, 3, 1, str(blocker / "x.parquet"))
    assert "x.parquet" in str(info.value) and "\n" not in str(info.value)
