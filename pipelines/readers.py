"""Turn input files into records and reject rows.

Pure Python (no Beam): the pipeline calls :func:`read_split` inside a DoFn and
tests call it directly. Every line or row that is read becomes exactly one
:class:`SourceRecord` or one :class:`Reject`; a file that cannot be read at
all becomes one reject naming it. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import zlib
from dataclasses import dataclass, field
from typing import IO, Iterator

from .model import Reject, SourceRecord

FORMATS = ("jsonl", "parquet", "csv", "txt")
DEFAULT_MAX_RECORD_BYTES = 64 << 20
_CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


class InputError(ValueError):
    """An input that cannot be scanned at all; the message is one line."""


@dataclass(frozen=True)
class ReadOptions:
    """How records are found in a file (the scan's ``--*-field`` options)."""

    text_fields: tuple[str, ...] = ("text",)
    id_field: str = "id"
    source_field: str = "source"
    subject_field: str | None = None
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES


@dataclass(frozen=True)
class InputSplit:
    """A piece of one input file that one worker reads.

    Line-oriented files are cut at line starts, so ``first_line`` is exact;
    Parquet files are cut by row groups; compressed and CSV files are read
    whole. ``encoding`` is decided once per file (``utf-8`` or ``gb18030``).
    """

    path: str
    fmt: str
    start: int = 0
    end: int | None = None  # byte offset (lines) or row-group index (Parquet), exclusive
    first_line: int = 1
    first_row: int = 1
    encoding: str = "utf-8"
    unreadable: str | None = None  # reason code when the planner already knows
    detail: str = ""
    compressed: bool = False


@dataclass
class ReadResult:
    records: list[SourceRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def basename(path: str) -> str:
    return posixpath.basename(path.rstrip("/")) or path


def format_for(path: str, override: str | None = None) -> str:
    if override:
        if override not in FORMATS:
            raise InputError(f"unknown --format {override!r}; expected one of {', '.join(FORMATS)}")
        return override
    name = path.lower()
    for suffix in (".gz", ".gzip", ".bz2", ".zst", ".deflate"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith(".txt"):
        return "txt"
    raise InputError(f"cannot tell the format of {path} from its extension; pass --format")


def is_compressed(path: str) -> bool:
    return path.lower().endswith((".gz", ".gzip", ".bz2", ".zst", ".deflate"))


def sniff_encoding(sample: bytes) -> str:
    """``utf-8`` unless the sample is not UTF-8 but is valid GB18030 (GBK files)."""
    if sample.startswith(_UTF8_BOM):
        return "utf-8"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        # A sample cut inside a multi-byte character fails only at its end.
        if e.start >= len(sample) - 3 and e.reason == "unexpected end of data":
            return "utf-8"
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"


def looks_binary(sample: bytes) -> bool:
    """NUL bytes or mostly control bytes: not a text corpus."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return ctrl > len(sample) * 0.3


# --------------------------------------------------------------------------
# field extraction


def _lookup(obj: dict, dotted: str):
    if dotted in obj:
        return obj[dotted]
    cur = obj
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _scalar_str(value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return None


class _RecordBuilder:
    def __init__(self, split: InputSplit, opts: ReadOptions):
        self.split = split
        self.opts = opts
        self.file_name = basename(split.path)

    def location(self, n: int) -> str:
        return f"{self.file_name}:{n}"

    def reject(self, n: int | None, reason: str, detail: str) -> Reject:
        loc = self.location(n) if n is not None else self.file_name
        return Reject(self.split.path, loc, n, reason, detail)

    def from_mapping(self, obj: dict, n: int) -> SourceRecord | Reject:
        fields: dict[str, str] = {}
        for name in self.opts.text_fields:
            raw = _lookup(obj, name)
            if raw is None:
                continue
            # Text must be text: a number, list or object in a text field is
            # a malformed record, reported rather than guessed at.
            if not isinstance(raw, str):
                kind = type(raw).__name__
                return self.reject(n, "non_string_text", f"text field {name!r} holds a {kind}, not a string")
            fields[name] = raw
        if not fields:
            wanted = ", ".join(repr(f) for f in self.opts.text_fields)
            return self.reject(n, "missing_text_field", f"no text field {wanted} in the record")
        rid = _scalar_str(_lookup(obj, self.opts.id_field)) if self.opts.id_field else None
        src = _scalar_str(_lookup(obj, self.opts.source_field)) if self.opts.source_field else None
        subject = None
        if self.opts.subject_field:
            subject = _scalar_str(_lookup(obj, self.opts.subject_field))
        nbytes = sum(len(t.encode("utf-8", "surrogatepass")) for t in fields.values())
        return SourceRecord(
            record_id=rid if rid not in (None, "") else self.location(n),
            source=src if src not in (None, "") else self.file_name,
            input_path=self.split.path,
            location=self.location(n),
            fields=fields,
            subject_id=subject or None,
            nbytes=nbytes,
        )


# --------------------------------------------------------------------------
# line-oriented formats


def _bounded_lines(stream: IO[bytes], limit: int | None, max_len: int) -> Iterator[tuple[bytes | None, int]]:
    """Yield (line, length) for each line in the first ``limit`` bytes.

    A line longer than ``max_len`` is not held in memory: it yields
    ``(None, length)`` once its end is found.
    """
    remaining = limit
    # read1 hands over what a decompressor has so far, so a stream that
    # breaks off still yields every line before the break.
    read = getattr(stream, "read1", stream.read)
    tail = b""  # an unfinished line carried over from the previous chunk
    skipped = -1  # >= 0 while inside an oversized line: bytes seen so far
    while True:
        want = _CHUNK if remaining is None else min(_CHUNK, remaining)
        if want <= 0:
            break
        chunk = read(want)
        if not chunk:
            break
        if remaining is not None:
            remaining -= len(chunk)
        pos = 0
        while True:
            nl = chunk.find(b"\n", pos)
            if nl < 0:
                break
            if skipped >= 0:
                yield None, skipped + nl + 1 - pos
                skipped = -1
            else:
                length = len(tail) + nl + 1 - pos
                if length > max_len:
                    yield None, length
                else:
                    yield (tail + chunk[pos:nl + 1] if tail else chunk[pos:nl + 1]), length
            tail = b""
            pos = nl + 1
        rest = len(chunk) - pos
        if skipped >= 0:
            skipped += rest
        elif len(tail) + rest > max_len:
            skipped = len(tail) + rest
            tail = b""
        elif rest:
            tail += chunk[pos:]
    if skipped >= 0:
        yield None, skipped
    elif tail:
        yield tail, len(tail)


def _decode_line(raw: bytes, encoding: str, first: bool) -> str:
    if first and raw.startswith(_UTF8_BOM):
        raw = raw[3:]
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    return raw.decode(encoding)


def _read_lines(stream: IO[bytes], split: InputSplit, opts: ReadOptions) -> Iterator[SourceRecord | Reject]:
    builder = _RecordBuilder(split, opts)
    limit = None if split.end is None else split.end - split.start
    n = split.first_line - 1
    try:
        for raw, length in _bounded_lines(stream, limit, opts.max_record_bytes):
            n += 1
            if raw is None:
                yield builder.reject(n, "record_too_large", f"line of {length} bytes exceeds --max-record-bytes {opts.max_record_bytes}")
                continue
            try:
                line = _decode_line(raw, split.encoding, n == 1)
            except UnicodeDecodeError as e:
                yield builder.reject(n, "invalid_encoding", f"bytes at column {e.start} are not valid {split.encoding}")
                continue
            if not line.strip():
                yield builder.reject(n, "blank_line", "the line is empty")
                continue
            if split.fmt == "txt":
                if "\x00" in line:
                    yield builder.reject(n, "binary_data", "the line holds NUL bytes")
                    continue
                yield builder.from_mapping({"text": line} if "text" in opts.text_fields else {opts.text_fields[0]: line}, n)
                continue
            try:
                obj = json.loads(line)
            except RecursionError:
                yield builder.reject(n, "invalid_json", "JSON nested too deeply")
                continue
            except ValueError as e:
                msg = getattr(e, "msg", "not JSON")
                yield builder.reject(n, "invalid_json", f"{msg} (column {getattr(e, 'colno', '?')})")
                continue
            if not isinstance(obj, dict):
                yield builder.reject(n, "not_an_object", f"the line holds a JSON {type(obj).__name__}, not an object")
                continue
            yield builder.from_mapping(obj, n)
    except (EOFError, zlib.error, OSError) as e:
        yield builder.reject(None, "unreadable_file", f"reading stopped after line {n}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'truncated'}")


# --------------------------------------------------------------------------
# CSV


def _read_csv(stream: IO[bytes], split: InputSplit, opts: ReadOptions) -> Iterator[SourceRecord | Reject]:
    builder = _RecordBuilder(split, opts)
    csv.field_size_limit(max(opts.max_record_bytes, 1 << 16))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if split.encoding == "utf-8" else split.encoding, newline="")
    delimiter = "\t" if split.path.lower().rstrip(".gz").endswith(".tsv") else ","
    reader = csv.reader(text, delimiter=delimiter)
    line = 0
    try:
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip() for h in header]
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                yield builder.reject(line, "invalid_csv", str(e).splitlines()[0])
                continue
            if not any(cell.strip() for cell in row):
                yield builder.reject(line, "blank_line", "the row is empty")
                continue
            if len(row) != len(header):
                yield builder.reject(line, "invalid_csv", f"row has {len(row)} cells, header has {len(header)}")
                continue
            yield builder.from_mapping(dict(zip(header, row)), line)
    except UnicodeDecodeError as e:
        yield builder.reject(None, "invalid_encoding", f"reading stopped near line {line}: bytes are not valid {split.encoding} ({e.reason})")
    except (EOFError, zlib.error, OSError) as e:
        yield builder.reject(None, "unreadable_file", f"reading stopped near line {line}: {type(e).__name__}")


# --------------------------------------------------------------------------
# Parquet


def _read_parquet(stream: IO[bytes], split: InputSplit, opts: ReadOptions) -> Iterator[SourceRecord | Reject]:
    import pyarrow.parquet as pq

    builder = _RecordBuilder(split, opts)
    try:
        pf = pq.ParquetFile(stream)
    except Exception as e:  # pyarrow raises ArrowInvalid/OSError on corrupt footers
        yield builder.reject(None, "unreadable_file", f"not a readable Parquet file: {type(e).__name__}")
        return
    names = set(pf.schema_arrow.names)
    wanted = [c for c in {*opts.text_fields, opts.id_field, opts.source_field, opts.subject_field} if c and c in names]
    # Dotted field names address nested struct columns: read the top column.
    wanted += [c.split(".")[0] for c in opts.text_fields if c not in names and c.split(".")[0] in names]
    wanted = sorted(set(wanted))
    first_group = split.start
    last_group = pf.num_row_groups if split.end is None else split.end
    row = split.first_row - 1
    for g in range(first_group, last_group):
        try:
            table = pf.read_row_group(g, columns=wanted)
        except Exception as e:  # a damaged row group: account for its rows
            size = pf.metadata.row_group(g).num_rows
            for _ in range(size):
                row += 1
                yield builder.reject(row, "unreadable_row_group", f"row group {g} cannot be read: {type(e).__name__}")
            continue
        for obj in table.to_pylist():
            row += 1
            yield builder.from_mapping(obj, row)


# --------------------------------------------------------------------------


def _open_decompressed(path: str):
    """Open through Beam's FileSystems. gzip and bz2 are decompressed with
    Python's own modules, which raise on a truncated stream (Beam's reader
    ends quietly, which would pass a cut-off file as complete)."""
    import bz2
    import gzip

    from apache_beam.io.filesystems import FileSystems

    lower = path.lower()
    if lower.endswith((".gz", ".gzip")):
        return gzip.GzipFile(fileobj=FileSystems.open(path, compression_type="uncompressed"), mode="rb")
    if lower.endswith(".bz2"):
        return bz2.BZ2File(FileSystems.open(path, compression_type="uncompressed"), mode="rb")
    return FileSystems.open(path)


def read_split(split: InputSplit, opts: ReadOptions, open_fn=None) -> Iterator[SourceRecord | Reject]:
    """Records and rejects of one split, in file order."""
    builder = _RecordBuilder(split, opts)
    if split.unreadable:
        yield builder.reject(None, split.unreadable, split.detail)
        return
    if open_fn is None:
        open_fn = _open_decompressed

    try:
        stream = open_fn(split.path)
    except Exception as e:  # any filesystem: missing file, permissions, network
        yield builder.reject(None, "unreadable_file", f"cannot open: {type(e).__name__}")
        return
    with stream:
        if split.fmt == "parquet":
            yield from _read_parquet(stream, split, opts)
            return
        if split.start:
            stream.seek(split.start)
        if split.fmt == "csv":
            yield from _read_csv(stream, split, opts)
        else:
            yield from _read_lines(stream, split, opts)
