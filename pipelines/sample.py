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

import numbers

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from expectations import outputs, storage
from pipelines.schema import FINDING_RECORD_KEYS

FINDING_FIELDS = ("field", "start", "end", "entity_type", "pipl_category", "sensitive", "score", "detector",
                  "masked")
FINDING_STRUCT = pa.struct([
    ("field", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("entity_type", pa.string()),
    ("pipl_category", pa.string()), ("sensitive", pa.bool_()), ("score", pa.float64()),
    ("detector", pa.string()), ("masked", pa.string()),
])
# Seeds are 32-bit unsigned integers: the range NumPy's legacy seeding takes,
# so a reviewer can replay a sample with any generator, and one that fits the
# sample's int64 ``sample_seed`` column.
SEED_LIMIT = 2**32
# Empty columns for the reviewer: TC260-003 §9.2 asks for a pass rate, so each
# sampled record needs a verdict and a place for a note.
REVIEW_COLUMNS = (("review_pass", pa.bool_()), ("review_note", pa.string()))


class SampleRequestError(outputs.UnusableOutput, ValueError):
    """A sample that cannot be drawn as asked: a size or seed out of range, or
    a sample file that cannot be written. The message is one line. It is an
    UnusableOutput so that ``piplscan sample`` reports it as it reports an
    unusable scan folder: one line, exit 2."""


def check_request(n: object, seed: object) -> None:
    """Raise SampleRequestError unless ``n`` is a non-negative integer and
    ``seed`` an integer in [0, 2**32)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise SampleRequestError(f"sample size must be a non-negative integer, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < SEED_LIMIT:
        shown = repr(seed) if len(repr(seed)) <= 30 else repr(seed)[:27] + "..."
        raise SampleRequestError(f"seed must be an integer from 0 to {SEED_LIMIT - 1}, got {shown}")


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
    has fewer records). Raises SampleRequestError for a size or seed out of
    range or a file that cannot be written, and
    expectations.outputs.UnusableOutput when ``out_dir`` is not a readable
    scan folder (both one line).
    """
    check_request(n, seed)
    # summary.json is what makes a folder a finished scan; without this check
    # a mistyped folder would give an empty sample and exit 0.
    outputs.read_summary(out_dir)
    _, schema = outputs.check_table(out_dir, "records")
    wanted = ["record_id", "source", "input_path", "location", "lineage_status", "violations", "action",
              "n_findings", "entity_types", "pipl_categories", "has_sensitive"]
    records = outputs.read_columns(out_dir, "records", [c for c in wanted if c in schema.names])
    located = all(name in records.column_names for name in FINDING_RECORD_KEYS)
    for name in FINDING_RECORD_KEYS:
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

    sample = sample.append_column("findings", _findings_for(out_dir, sample, located))
    for name, type_ in REVIEW_COLUMNS:
        sample = sample.append_column(name, pa.nulls(sample.num_rows, type_))
    sample = sample.append_column("sample_seed", pa.array([seed] * sample.num_rows, pa.int64()))

    sink = pa.BufferOutputStream()
    pq.write_table(sample, sink)
    try:
        storage.write_bytes(out_file, sink.getvalue().to_pybytes())
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise SampleRequestError(f"{out_file}: cannot write the sample ({' '.join(str(exc).split())[:200]})") from None
    return sample.num_rows


def _findings_for(out_dir: str, sample: pa.Table, located: bool) -> pa.Array:
    """Each sampled record's findings, as a list of structs (masked previews only).

    Findings are joined to their record on (input_path, location), the one
    key unique per record (see pipelines.schema.FINDINGS_OUTPUT_SCHEMA). A
    scan folder whose findings or records (``located``) lack those columns,
    written before findings had them, is joined on (source, record_id) as it
    was then.
    """
    empty = pa.array([[] for _ in range(sample.num_rows)], type=pa.list_(FINDING_STRUCT))
    if sample.num_rows == 0:
        return empty
    import pyarrow.dataset as pads  # noqa: PLC0415 - only for the filter expression

    _, schema = outputs.check_table(out_dir, "findings")
    keyed = located and set(FINDING_RECORD_KEYS) <= set(schema.names)
    keys = FINDING_RECORD_KEYS if keyed else ("source", "record_id")
    # Only the sampled records' findings are decoded: the filter is applied
    # during the Parquet scan, so the findings table never loads whole. Each
    # key column is narrowed alone; the exact pairs are matched below.
    wanted = None
    for key in keys:
        values = pc.unique(pc.drop_null(sample[key]))
        condition = pads.field(key).isin(values)
        wanted = condition if wanted is None else wanted & condition
    found = outputs.read_columns(out_dir, "findings", [*keys, *FINDING_FIELDS], filter_expr=wanted)
    found = found.sort_by([(k, "ascending") for k in keys] + [("field", "ascending"), ("start", "ascending"),
                                                              ("end", "ascending")])
    by_key: dict[tuple, list[dict]] = {}
    for row in found.to_pylist():
        by_key.setdefault(tuple(row[k] for k in keys), []).append({k: row[k] for k in FINDING_FIELDS})
    columns = [sample[k].to_pylist() for k in keys]
    lists = [by_key.get(key, []) for key in zip(*columns)]
    return pa.array(lists, type=pa.list_(FINDING_STRUCT))
