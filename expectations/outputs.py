"""Reading a scan output folder for the gate, the report and the sampler.

Everything here reads with pyarrow and checks the contract's column names and
Arrow types from the Parquet footers before any data is scanned, so a
truncated shard or a missing column surfaces as one :class:`UnusableOutput`
line naming the file instead of a traceback from deep inside an aggregation.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from expectations import storage
from pipelines.schema import FINDINGS_SCHEMA, RECORDS_SCHEMA

# Columns the contract fixes for each table (the extras of RECORDS_SCHEMA —
# input_path, location, subject_id_hash, bytes — are read when present).
CONTRACT_COLUMNS = {
    "findings": [f.name for f in FINDINGS_SCHEMA],
    "records": [
        "scan_id",
        "record_id",
        "source",
        "n_findings",
        "entity_types",
        "pipl_categories",
        "has_sensitive",
        "lineage_status",
        "violations",
        "action",
    ],
}
SCHEMAS = {"findings": FINDINGS_SCHEMA, "records": RECORDS_SCHEMA}


class UnusableOutput(Exception):
    """The scan outputs are missing or corrupt; the message is one line naming the file."""


def _same_kind(expected: pa.DataType, actual: pa.DataType) -> bool:
    # Parquet does not keep the string/large_string or list/large_list
    # distinction unless the writer stored its Arrow schema, so any of the
    # equivalent physical spellings is accepted for a contract column.
    strings = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)
    if pa.types.is_string(expected):
        return any(check(actual) for check in strings)
    if pa.types.is_list(expected):
        if not (pa.types.is_list(actual) or pa.types.is_large_list(actual)):
            return False
        return _same_kind(expected.value_type, actual.value_type)
    return expected.equals(actual)


def read_summary(out_dir: str) -> dict:
    path = storage.join(out_dir, "summary.json")
    try:
        found = storage.is_file(path)
    except (OSError, ValueError) as exc:
        raise UnusableOutput(f"{path}: cannot reach the scan folder ({_one_line(exc)})") from None
    if not found:
        raise UnusableOutput(f"{path}: summary.json not found (is this a piplscan scan folder?)")
    try:
        summary = json.loads(storage.read_text(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnusableOutput(f"{path}: unreadable summary ({type(exc).__name__}: {_one_line(exc)})") from None
    if not isinstance(summary, dict):
        raise UnusableOutput(f"{path}: summary is not a JSON object")
    for key in ("records_read", "findings_total"):
        if not isinstance(summary.get(key), int):
            raise UnusableOutput(f"{path}: key {key!r} missing or not an integer")
    return summary


def table_files(out_dir: str, kind: str) -> list[str]:
    """The Parquet shards of ``findings`` or ``records``, in a stable order."""
    return storage.list_files(storage.join(out_dir, kind), ".parquet")


def check_table(out_dir: str, kind: str) -> tuple[list[str], pa.Schema]:
    """Check every shard's footer against the contract.

    Returns the shard paths and the schema common to them (contract columns
    plus any extra column present in every shard). Raises UnusableOutput naming
    the first unreadable shard, missing column or wrong type.
    """
    files = table_files(out_dir, kind)
    expected = SCHEMAS[kind]
    common: list[pa.Field] | None = None
    for path in files:
        try:
            with storage.open_binary(path) as fh:
                schema = pq.read_schema(fh)
        except (pa.ArrowException, OSError) as exc:
            raise UnusableOutput(f"{path}: unreadable Parquet file ({_one_line(exc)})") from None
        for name in CONTRACT_COLUMNS[kind]:
            if name not in schema.names:
                raise UnusableOutput(f"{path}: missing column {name!r} required by the contract")
            want = expected.field(name).type
            got = schema.field(name).type
            if not _same_kind(want, got):
                raise UnusableOutput(f"{path}: column {name!r} has type {got}, the contract says {want}")
        fields = [schema.field(n) for n in schema.names]
        if common is None:
            common = fields
        else:
            names = set(schema.names)
            common = [f for f in common if f.name in names]
    if common is None:
        common = [expected.field(n) for n in CONTRACT_COLUMNS[kind]]
    return files, pa.schema(common)


def read_columns(out_dir: str, kind: str, columns: Sequence[str] | None = None,
                 filter_expr: pads.Expression | None = None) -> pa.Table:
    """Read some columns of ``findings`` or ``records`` across all shards.

    Only the requested columns are decoded, which keeps the gate and the
    report within memory on scans with millions of findings.
    """
    files, schema = check_table(out_dir, kind)
    wanted = [c for c in (columns or schema.names) if c in schema.names]
    if not files:
        return pa.table({c: pa.array([], type=schema.field(c).type) for c in wanted})
    try:
        filesystem, paths = storage.filesystem_and_paths(files)
        dataset = pads.dataset(paths, format="parquet", schema=schema, filesystem=filesystem)
        return dataset.to_table(columns=wanted, filter=filter_expr)
    except (pa.ArrowException, OSError) as exc:
        # A shard whose footer reads but whose data pages are damaged.
        raise UnusableOutput(f"{storage.join(out_dir, kind)}: unreadable Parquet data ({_one_line(exc)})") from None


def iter_batches(files: Sequence[str], columns: Sequence[str], batch_rows: int):
    """Record batches of ``columns`` over the Parquet files, file by file and
    row group by row group, read on this thread, in bounded memory.

    Pre-buffering (pyarrow's default) coalesces the reads of every row group
    of a file, and a dataset scanner reads ahead as much: both held ~500 MB on
    a 1 GB corpus's findings. A damaged data page raises UnusableOutput
    naming the file.
    """
    for path in files:
        try:
            with storage.open_binary(path) as fh, pq.ParquetFile(fh, pre_buffer=False) as pf:
                yield from pf.iter_batches(batch_size=batch_rows, columns=list(columns), use_threads=False)
        except (pa.ArrowException, OSError) as exc:
            raise UnusableOutput(f"{path}: unreadable Parquet data ({_one_line(exc)})") from None


def count_rejects(out_dir: str) -> tuple[int, dict[str, int]]:
    """Rows in ``rejects/*.jsonl`` and their count by reason."""
    total = 0
    by_reason: dict[str, int] = {}
    for path in storage.list_files(storage.join(out_dir, "rejects"), ".jsonl"):
        try:
            with storage.open_binary(path) as raw, io.TextIOWrapper(raw, encoding="utf-8") as fh:
                for lineno, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError:
                        raise UnusableOutput(f"{path}:{lineno}: reject row is not valid JSON") from None
                    reason = row.get("reason") if isinstance(row, dict) else None
                    total += 1
                    by_reason[str(reason)] = by_reason.get(str(reason), 0) + 1
        except (OSError, UnicodeDecodeError) as exc:
            raise UnusableOutput(f"{path}: unreadable rejects file ({_one_line(exc)})") from None
    return total, by_reason


def read_gate(out_dir: str) -> dict | None:
    """``gate/gate.json`` if a gate has been run on this folder."""
    path = storage.join(out_dir, "gate", "gate.json")
    try:
        if not storage.is_file(path):
            return None
        return json.loads(storage.read_text(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200]
