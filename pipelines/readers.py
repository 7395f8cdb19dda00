"""Turn input files into records and reject rows.

Pure Python (no Beam): the pipeline calls :func:`read_split` inside a DoFn and
tests call it directly. Every line or row that is read becomes exactly one
:class:`SourceRecord` or one :class:`Reject`; a file that cannot be read at
all becomes one reject naming it. Nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import posixpath
import zlib
from dataclasses import dataclass, field
from typing import IO, Iterator

from .model import Reject, SourceRecord

FORMATS = ("jsonl", "parquet", "csv", "txt")
COMPRESSION_SUFFIXES = (".gz", ".gzip", ".bz2", ".zst", ".deflate")
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
    name = without_compression_suffix(path.lower())
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
    return path.lower().endswith(COMPRESSION_SUFFIXES)


def without_compression_suffix(name: str) -> str:
    """``x.tsv.bz2`` -> ``x.tsv``; other names unchanged."""
    for suffix in COMPRESSION_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _decodes(sample: bytes, encoding: str) -> bool:
    """Whether ``sample`` is valid ``encoding``, allowing a character cut off
    at its end (a sample is a file's first bytes, cut anywhere)."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        return True
    except UnicodeDecodeError:
        return False


def sniff_encoding(sample: bytes) -> str:
    """``utf-8`` unless the sample is not UTF-8 but is valid GB18030 (GBK files).

    Only a clean GB18030 decode counts: most UTF-8 Chinese also decodes as
    GB18030 (as other characters), so a UTF-8 file with one damaged byte
    must not be read as GB18030; its damaged lines are rejected instead."""
    if sample.startswith(_UTF8_BOM) or _decodes(sample, "utf-8"):
        return "utf-8"
    return "gb18030" if _decodes(sample, "gb18030") else "utf-8"


# Control bytes other than \t \n \v \f \r.
_CONTROL_BYTES = bytes(b for b in range(32) if not 9 <= b <= 13)


def looks_binary(sample: bytes) -> bool:
    """Mostly control bytes (UTF-16, images), or NUL bytes in bytes that are
    text in neither encoding (archives, executables): not a text corpus.

    A stray NUL in text is not enough: the line reader rejects that line
    alone (``binary_data``) and reads the others."""
    if not sample:
        return False
    ctrl = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if ctrl > len(sample) * 0.3:
        return True
    return b"\x00" in sample and not (_decodes(sample, "utf-8") or _decodes(sample, "gb18030"))


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


def _surrogate_at(value: str | None) -> int:
    """Index of the first lone UTF-16 surrogate in ``value``, or -1.

    JSON may spell one as an escape (``\\ud83d``); such text cannot be
    encoded, so neither the detectors nor Beam's coders can take it."""
    if value is None or value.isascii():  # isascii is O(1) on str
        return -1
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return e.start
    return -1


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
        nbytes = 0
        for name, text in fields.items():
            try:
                nbytes += len(text.encode("utf-8"))
            except UnicodeEncodeError as e:
                return self.reject(n, "invalid_encoding", f"text field {name!r} holds a lone surrogate at character {e.start}")
        if nbytes > self.opts.max_record_bytes:
            return self.reject(n, "record_too_large", f"record text of {nbytes} bytes exceeds --max-record-bytes {self.opts.max_record_bytes}")
        rid = _scalar_str(_lookup(obj, self.opts.id_field)) if self.opts.id_field else None
        src = _scalar_str(_lookup(obj, self.opts.source_field)) if self.opts.source_field else None
        subject = None
        if self.opts.subject_field:
            subject = _scalar_str(_lookup(obj, self.opts.subject_field))
        for role, value in (("id", rid), ("source", src), ("subject", subject)):
            at = _surrogate_at(value)
            if at >= 0:
                return self.reject(n, "invalid_encoding", f"{role} field holds a lone surrogate at character {at}")
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
            if b"\x00" in raw:
                yield builder.reject(n, "binary_data", "the line holds NUL bytes")
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
    # Undecodable bytes become lone surrogates (surrogateescape) rather than
    # an exception: the decoder reads ahead in chunks, so an exception would
    # end the file rows before the bad one. The row that holds them is
    # rejected below; decoding never yields surrogates otherwise.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if split.encoding == "utf-8" else split.encoding,
                            errors="surrogateescape", newline="")
    delimiter = "\t" if without_compression_suffix(split.path.lower()).endswith(".tsv") else ","
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
                msg = str(e).splitlines()[0]
                if msg.startswith("field larger than field limit"):
                    # The limit counts characters, each at least one byte.
                    yield builder.reject(line, "record_too_large", f"a field exceeds --max-record-bytes {opts.max_record_bytes}")
                else:
                    yield builder.reject(line, "invalid_csv", msg)
                continue
            joined = "".join(row)
            try:
                joined.encode("utf-8")
            except UnicodeEncodeError:
                yield builder.reject(line, "invalid_encoding", f"the row holds bytes that are not valid {split.encoding}")
                continue
            if "\x00" in joined:
                yield builder.reject(line, "binary_data", "the row holds NUL bytes")
                continue
            if not any(cell.strip() for cell in row):
                yield builder.reject(line, "blank_line", "the row is empty")
                continue
            if len(row) != len(header):
                yield builder.reject(line, "invalid_csv", f"row has {len(row)} cells, header has {len(header)}")
                continue
            yield builder.from_mapping(dict(zip(header, row)), line)
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
        try:
            objs = table.to_pylist()
        except UnicodeDecodeError:
            # A string column holding bytes that are not UTF-8 (other writers
            # do not check): convert row by row to reject just those rows.
            objs = [_row_or_error(table, i) for i in range(table.num_rows)]
        for obj in objs:
            row += 1
            if obj is None:
                yield builder.reject(row, "invalid_encoding", "a string column holds bytes that are not valid utf-8")
            else:
                yield builder.from_mapping(obj, row)


def _row_or_error(table, i: int) -> dict | None:
    try:
        return table.slice(i, 1).to_pylist()[0]
    except UnicodeDecodeError:
        return None


# --------------------------------------------------------------------------


def open_decompressed(path: str):
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
    stream = FileSystems.open(path)
    # Beam's zstd and deflate reader is not an io stream (no ``readable``),
    # which io.TextIOWrapper (the CSV reader) needs.
    return stream if isinstance(stream, io.IOBase) else io.BufferedReader(_RawReader(stream), _CHUNK)


class _RawReader(io.RawIOBase):
    """An io raw stream over an object that only has ``read`` and ``close``."""

    def __init__(self, source):
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._source.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


def read_split(split: InputSplit, opts: ReadOptions, open_fn=None) -> Iterator[SourceRecord | Reject]:
    """Records and rejects of one split, in file order."""
    builder = _RecordBuilder(split, opts)
    if split.unreadable:
        yield builder.reject(None, split.unreadable, split.detail)
        return
    if open_fn is None:
        open_fn = open_decompressed

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
