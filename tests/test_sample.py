"""The manual-review sample (TC260-003 §9.2): reproducible and stratified by source."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pipelines.sample import allocate, sample_records
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
