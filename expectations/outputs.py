"""Reading a scan output folder for the gate, the report and the sampler.

Everything here reads with pyarrow and checks the contract's column names and
Arrow types from the Parquet footers before any data is scanned, so a
truncated shard or a missing column surfaces as one :class:`UnusableOutput`
line naming the file instead of a traceback from deep inside an aggregation.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence

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
    """``summary.json``, with the type of every key the gate and the report
    read checked (see SUMMARY_KEYS). Raises UnusableOutput naming the file
    and the key."""
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
    for key, (required, check, what) in SUMMARY_KEYS.items():
        if key not in summary:
            if required:
                raise UnusableOutput(f"{path}: key {key!r} missing ({what} expected)")
            continue
        problem = check(summary[key])
        if problem is not None:
            # The type, never the value: a hand-edited summary could hold anything.
            got = problem or f"got {_json_type(summary[key])}"
            raise UnusableOutput(f"{path}: key {key!r} must be {what}, {got}")
    return summary


# ------------------------------------------------------ summary.json keys
#
# Each check returns None when the value is usable, else "" or a short
# description of where inside it the problem is. Keys not listed here are
# read by neither the gate nor the report.


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}" if isinstance(value, int) or value == value else "NaN"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _count(value: object) -> str | None:
    return None if _is_count(value) else ""


def _text_or_null(value: object) -> str | None:
    return None if value is None or isinstance(value, str) else ""


def _share_or_null(value: object) -> str | None:
    if value is None:
        return None
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
    return None if ok else ""


def _list_of(item_check, what: str):
    def check(value: object) -> str | None:
        if not isinstance(value, list):
            return ""
        for i, item in enumerate(value):
            problem = item_check(item)
            if problem is not None:
                return f"but item {i} {problem or 'is ' + _json_type(item)} ({what})"
        return None
    return check


def _counts_by_name(value: object) -> str | None:
    if not isinstance(value, dict):
        return ""
    for name, n in value.items():
        if not _is_count(n):
            return f"but {name!r} is {_json_type(n)}"
    return None


def _object_fields(fields: dict[str, Callable[[object], str | None]]):
    def check(value: object) -> str | None:
        if not isinstance(value, dict):
            return ""
        for name, field_check in fields.items():
            if name in value and field_check(value[name]) is not None:
                return f"has {name!r} as {_json_type(value[name])}"
        return None
    return check


def _count_or_null(value: object) -> str | None:
    return None if value is None or _is_count(value) else ""


def _texts_or_null(value: object) -> str | None:
    if value is None:
        return None
    return None if isinstance(value, list) and all(isinstance(v, str) for v in value) else ""


def _lineage_names(value: object) -> str | None:
    # A source value maps to the manifest source that matched it, to null
    # (unmatched), or to a list when several manifest entries matched.
    if not isinstance(value, dict):
        return ""
    for name, target in value.items():
        if _text_or_null(target) is not None and _texts_or_null(target) is not None:
            return f"but {name!r} maps to {_json_type(target)}"
    return None


_INPUT = _object_fields({"path": _text_or_null, "records": _count_or_null, "bytes": _count_or_null})
_LINEAGE_SOURCE = _object_fields({"id": _text_or_null, "subjects_located_in": _text_or_null,
                                  "processing_locations": _texts_or_null})

# key -> (required, check, what is expected)
SUMMARY_KEYS: dict[str, tuple[bool, Callable[[object], str | None], str]] = {
    "records_read": (True, _count, "a non-negative integer"),
    "findings_total": (True, _count, "a non-negative integer"),
    "records_rejected": (False, _count, "a non-negative integer"),
    "lineage_coverage": (False, _share_or_null, "a number from 0 to 1 or null"),
    "manifest": (False, _text_or_null, "a string or null"),
    "scan_id": (False, _text_or_null, "a string or null"),
    "tool_version": (False, _text_or_null, "a string or null"),
    "scan_date": (False, _text_or_null, "a string or null"),
    "started_at": (False, _text_or_null, "a string or null"),
    "finished_at": (False, _text_or_null, "a string or null"),
    "inputs": (False, _list_of(_INPUT, "an object with path, records, bytes"), "a list of input objects"),
    "rejects_by_reason": (False, _counts_by_name, "an object of reason -> count"),
    "actions": (False, _counts_by_name, "an object of action -> count"),
    "detectors": (False, _list_of(lambda v: None if isinstance(v, str) else "", "a string"),
                  "a list of detector names"),
    "lineage_sources": (False, _list_of(_LINEAGE_SOURCE, "a manifest source object"),
                        "a list of manifest source objects"),
    "by_source_lineage": (False, _lineage_names, "an object of source -> manifest source id(s) or null"),
}


def table_files(out_dir: str, kind: str) -> list[str]:
    """The Parquet shards of ``findings`` or ``records``, in a stable order."""
    return _output_files(out_dir, kind, ".parquet")


def _output_files(out_dir: str, kind: str, suffix: str) -> list[str]:
    """The files of an output folder. The scan writes findings/, records/ and
    rejects/ even when they are empty, so a missing one means a damaged or
    partial copy of the outputs, not an empty result."""
    folder = storage.join(out_dir, kind)
    try:
        present = storage.is_dir(folder)
        files = storage.list_files(folder, suffix) if present else []
    except (OSError, ValueError) as exc:
        raise UnusableOutput(f"{folder}: cannot list the folder ({_one_line(exc)})") from None
    if not present:
        raise UnusableOutput(f"{folder}: folder missing (a scan always writes {kind}/, even when empty)")
    return files


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
    for path in _output_files(out_dir, "rejects", ".jsonl"):
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
