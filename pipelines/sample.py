"""``piplscan sample``: a reproducible, source-stratified sample of records for
the manual check of TC260-003 §9.2 (at least 4,000 items reviewed by hand).

Allocation is proportional to each source's record count with the largest
remainder rule: every source first gets ``floor(n * size / total)``, then the
seats left over go one each to the sources with the largest fractional parts
(ties broken by source name). When ``n`` is at least the number of sources,
every source gets at least one record, the extra seats being taken from the
sources with the largest allocations. No source gets more than it has.

Records are put in a canonical order (source, record_id, input_path,
location) before drawing, so the same seed gives the same sample whatever
the order and sharding of the Parquet files the scan happened to write.
"""

from __future__ import annotations


import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from expectations import outputs, storage

FINDING_FIELDS = ("field", "start", "end", "entity_type", "pipl_category", "sensitive", "score", "detector",
                  "masked")
FINDING_STRUCT = pa.struct([
    ("field", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("entity_type", pa.string()),
    ("pipl_category", pa.string()), ("sensitive", pa.bool_()), ("score", pa.float64()),
    ("detector", pa.string()), ("masked", pa.string()),
])
# Empty columns for the reviewer: TC260-003 §9.2 asks for a pass rate, so each
# sampled record needs a verdict and a place for a note.
REVIEW_COLUMNS = (("review_pass", pa.bool_()), ("review_note", pa.string()))


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Seats per source for a sample of ``n`` (see the module docstring)."""
    total = sum(sizes.values())
    if n <= 0 or total == 0:
        return {s: 0 for s in sizes}
    if n >= total:
        return dict(sizes)
    names = sorted(sizes)
    exact = {s: n * sizes[s] / total for s in names}
    seats = {s: int(exact[s]) for s in names}
    left = n - sum(seats.values())
    by_remainder = sorted(names, key=lambda s: (-(exact[s] - seats[s]), s))
    for s in by_remainder:
        if left == 0:
            break
        if seats[s] < sizes[s]:
            seats[s] += 1
            left -= 1
    if n >= len(names):
        for s in names:
            if seats[s] == 0 and sizes[s] > 0:
                donor = max((d for d in names if seats[d] > 1), key=lambda d: (seats[d], d), default=None)
                if donor is None:
                    break
                seats[donor] -= 1
                seats[s] = 1
    return seats


def sample_records(out_dir: str, n: int, seed: int, out_file: str) -> int:
    """Write a stratified random sample of ``n`` records to ``out_file`` (Parquet).

    Returns the number of rows written (fewer than ``n`` only when the scan
    has fewer records). Raises ValueError for a negative ``n`` and
    expectations.outputs.UnusableOutput when the outputs cannot be read.
    """
    if n < 0:
        raise ValueError(f"sample size must be non-negative, got {n}")
    _, schema = outputs.check_table(out_dir, "records")
    wanted = ["record_id", "source", "input_path", "location", "lineage_status", "violations", "action",
              "n_findings", "entity_types", "pipl_categories", "has_sensitive"]
    records = outputs.read_columns(out_dir, "records", [c for c in wanted if c in schema.names])
    for name in ("input_path", "location"):
        if name not in records.column_names:
            records = records.append_column(name, pa.nulls(records.num_rows, pa.string()))
    records = records.sort_by([("source", "ascending"), ("record_id", "ascending"),
                               ("input_path", "ascending"), ("location", "ascending")])

    sources = pc.fill_null(records["source"], "")
    sizes = {str(r["values"]): int(r["counts"]) for r in pc.value_counts(sources).to_pylist()}
    seats = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    chosen: list[np.ndarray] = []
    for source in sorted(seats):
        if seats[source] == 0:
            continue
        rows = np.flatnonzero(pc.equal(sources, source).to_numpy(zero_copy_only=False))
        pick = rng.choice(rows, size=seats[source], replace=False)
        chosen.append(np.sort(pick))
    index = np.concatenate(chosen) if chosen else np.array([], dtype=np.int64)
    sample = records.take(pa.array(index, type=pa.int64()))

    sample = sample.append_column("findings", _findings_for(out_dir, sample))
    for name, type_ in REVIEW_COLUMNS:
        sample = sample.append_column(name, pa.nulls(sample.num_rows, type_))
    sample = sample.append_column("sample_seed", pa.array([seed] * sample.num_rows, pa.int64()))

    sink = pa.BufferOutputStream()
    pq.write_table(sample, sink)
    storage.write_bytes(out_file, sink.getvalue().to_pybytes())
    return sample.num_rows


def _findings_for(out_dir: str, sample: pa.Table) -> pa.Array:
    """Each sampled record's findings, as a list of structs (masked previews only)."""
    empty = pa.array([[] for _ in range(sample.num_rows)], type=pa.list_(FINDING_STRUCT))
    if sample.num_rows == 0:
        return empty
    ids = pc.unique(sample["record_id"])
    import pyarrow.dataset as pads  # noqa: PLC0415 - only for the filter expression

    # Only the sampled records' findings are decoded: the filter is pushed
    # down to the Parquet scan, so the findings table never loads whole.
    found = outputs.read_columns(out_dir, "findings", ["record_id", "source", *FINDING_FIELDS],
                                 filter_expr=pads.field("record_id").isin(ids))
    # Records are keyed by (source, record_id): ids need only be unique per source.
    found = found.sort_by([("source", "ascending"), ("record_id", "ascending"), ("field", "ascending"),
                           ("start", "ascending"), ("end", "ascending")])
    by_key: dict[tuple[str, str], list[dict]] = {}
    for row in found.to_pylist():
        key = (row["source"], row["record_id"])
        by_key.setdefault(key, []).append({k: row[k] for k in FINDING_FIELDS})
    lists = [by_key.get((s, r), []) for s, r in zip(sample["source"].to_pylist(), sample["record_id"].to_pylist())]
    return pa.array(lists, type=pa.list_(FINDING_STRUCT))
