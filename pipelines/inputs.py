"""Plan the reading of a scan's inputs (runs in the driver, before the pipeline).

Globs are expanded through Beam's FileSystems, so local paths, ``gs://`` and
every other registered filesystem work alike. Large line-oriented files are
cut into splits at line boundaries so that several workers share one file;
the cut costs one sequential read of the file's bytes (newline counting runs
at memory speed) and gives every split its exact first line number, which
the ``<file>:<line>`` record ids need.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass

from apache_beam.io.filesystems import FileSystems

from .readers import InputError, InputSplit, open_decompressed, format_for, is_compressed, looks_binary, sniff_encoding

SNIFF_BYTES = 64 << 10
# A file whose first SNIFF_BYTES are ASCII says nothing about its encoding;
# the planner reads on to its first non-ASCII byte, this far at most.
ENCODING_LOOKAHEAD_BYTES = 16 << 20
_NON_ASCII = re.compile(rb"[\x80-\xff]")
DEFAULT_SPLIT_BYTES = 16 << 20
MIN_SPLIT_BYTES = 1 << 20
MAX_SPLIT_BYTES = 64 << 20
SPLITS_PER_WORKER = 8
_READ_CHUNK = 8 << 20


@dataclass
class PlannedInput:
    path: str
    fmt: str
    size: int
    splits: list[InputSplit]


def expand(patterns: list[str]) -> list[tuple[str, int]]:
    """(path, size) of every file the inputs name, in a stable order.

    A local file named twice (``d/p.txt`` and ``./d/p.txt``, a relative and
    an absolute path, a link) is listed once, under the first name given."""
    out: dict[str, int] = {}
    seen: set[str] = set()
    for pattern in patterns:
        try:
            result = FileSystems.match([pattern])[0]
        except Exception as e:  # bad scheme, permissions, network
            raise InputError(f"cannot list input {pattern}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        files = [m for m in result.metadata_list if not m.path.endswith("/")]
        if not files:
            raise InputError(f"no input file matches {pattern}")
        for m in files:
            key = os.path.realpath(m.path) if FileSystems.get_scheme(m.path) is None else m.path
            if key not in seen:
                seen.add(key)
                out[m.path] = m.size_in_bytes
    return sorted(out.items())


def split_size(files: list[tuple[str, int]], workers: int) -> int:
    """Bytes per split: several splits per local worker, so that the local
    runner's even partition of splits gives every worker a similar share;
    for remote runners (``workers == 0``) large splits, which they rebalance."""
    if workers <= 0:
        return MAX_SPLIT_BYTES
    total = sum(size for _, size in files)
    return max(MIN_SPLIT_BYTES, min(MAX_SPLIT_BYTES, total // (workers * SPLITS_PER_WORKER) + 1))


def _line_cuts(path: str, size: int, target: int) -> list[tuple[int, int, int]]:
    """(start, end, first_line) ranges of about ``target`` bytes, each cut just
    after a newline."""
    cuts: list[tuple[int, int, int]] = []
    start, first_line, lines, pos = 0, 1, 0, 0
    target_end = target
    with FileSystems.open(path, compression_type="uncompressed") as f:
        while True:
            chunk = f.read(_READ_CHUNK)
            if not chunk:
                break
            i = 0
            while True:
                rel = max(target_end - pos, i)
                nl = chunk.find(b"\n", rel) if rel < len(chunk) else -1
                if nl < 0:
                    lines += chunk.count(b"\n", i)
                    break
                lines += chunk.count(b"\n", i, nl + 1)
                end = pos + nl + 1
                if end < size:
                    cuts.append((start, end, first_line))
                    start, first_line = end, lines + 1
                target_end = end + target
                i = nl + 1
            pos += len(chunk)
    cuts.append((start, size, first_line))
    return cuts


def _parquet_splits(path: str, groups_per_split: int) -> list[InputSplit]:
    import pyarrow.parquet as pq

    try:
        with FileSystems.open(path, compression_type="uncompressed") as f:
            meta = pq.ParquetFile(f).metadata
            sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    except Exception:  # the reader turns an unreadable file into a reject row
        return [InputSplit(path, "parquet")]
    splits = []
    row = 1
    for g in range(0, len(sizes), groups_per_split):
        end = min(g + groups_per_split, len(sizes))
        splits.append(InputSplit(path, "parquet", start=g, end=end, first_row=row))
        row += sum(sizes[g:end])
    return splits or [InputSplit(path, "parquet", start=0, end=0)]


def _read_upto(stream, n: int) -> bytes:
    """Up to ``n`` bytes; fewer at the end of the data or where a damaged
    stream breaks off (the reader reports the break, with line numbers)."""
    read = getattr(stream, "read1", stream.read)
    parts, got = [], 0
    while got < n:
        try:
            chunk = read(n - got)
        except (EOFError, zlib.error, OSError):
            if not got:
                raise
            break
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _samples(path: str) -> tuple[bytes, bytes]:
    """The file's first decompressed bytes (to tell text from binary) and the
    bytes its encoding is told from: the same, unless they are all ASCII; then
    the first SNIFF_BYTES from the first non-ASCII byte, if one comes soon."""
    with open_decompressed(path) as f:
        head = _read_upto(f, SNIFF_BYTES)
        if len(head) < SNIFF_BYTES or not head.isascii():
            return head, head
        window, read = b"", len(head)
        try:
            while read < ENCODING_LOOKAHEAD_BYTES:
                chunk = _read_upto(f, min(SNIFF_BYTES, ENCODING_LOOKAHEAD_BYTES - read))
                if not chunk:
                    break
                read += len(chunk)
                if window:
                    window += chunk
                    break
                m = _NON_ASCII.search(chunk)
                if m:
                    window = chunk[m.start():]
                    if len(window) >= SNIFF_BYTES:
                        break
        except (EOFError, zlib.error, OSError):
            pass  # what came before the break decides; the reader reports it
        return head, (window[:SNIFF_BYTES] if window else head)


def plan(patterns: list[str], fmt_override: str | None = None, split_bytes: int = DEFAULT_SPLIT_BYTES) -> list[PlannedInput]:
    planned = []
    for path, size in expand(patterns):
        fmt = format_for(path, fmt_override)
        compressed = is_compressed(path)
        if fmt == "parquet":
            planned.append(PlannedInput(path, fmt, size, _parquet_splits(path, 4)))
            continue
        try:
            # Through the reader's own opener: the same decompressors for the
            # same suffixes (Beam's detection does not know .gzip).
            sample, encoding_sample = _samples(path)
        except Exception as e:  # truncated archive, permissions
            split = InputSplit(path, fmt, unreadable="unreadable_file", detail=f"cannot read: {type(e).__name__}")
            planned.append(PlannedInput(path, fmt, size, [split]))
            continue
        if looks_binary(sample):
            split = InputSplit(path, fmt, unreadable="binary_file", detail="the file holds binary data, not text")
            planned.append(PlannedInput(path, fmt, size, [split]))
            continue
        encoding = sniff_encoding(encoding_sample)
        if fmt in ("jsonl", "txt") and not compressed and size > split_bytes:
            splits = [
                InputSplit(path, fmt, start=s, end=e, first_line=line, encoding=encoding)
                for s, e, line in _line_cuts(path, size, split_bytes)
            ]
        else:
            splits = [InputSplit(path, fmt, encoding=encoding, compressed=compressed)]
        planned.append(PlannedInput(path, fmt, size, splits))
    return planned
