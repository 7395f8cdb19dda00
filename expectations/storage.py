"""Where a scan's outputs live: a local folder or a URI.

The scan writes through Beam's filesystems, so its outputs may sit in
``gs://`` (Dataflow) or ``s3://``/``hdfs://`` (Flink, Spark). The gate, the
report and the sampler read them back here: local paths through the
operating system, exactly as given; any ``scheme://`` path through the
matching pyarrow filesystem, which opens Parquet files for random access
without copying them first.
"""

from __future__ import annotations

import glob
import os
from typing import IO


def is_uri(path: str) -> bool:
    return "://" in path


def _fs(path: str):
    from pyarrow import fs as pafs

    emulator = os.environ.get("STORAGE_EMULATOR_HOST", "").strip()
    if emulator and path.startswith("gs://"):
        return _gcs_emulator(emulator), path[len("gs://"):]
    filesystem, inner = pafs.FileSystem.from_uri(path)
    return filesystem, inner


def _gcs_emulator(endpoint: str):
    """The filesystem for gs:// paths when ``STORAGE_EMULATOR_HOST`` names a
    Cloud Storage emulator: the variable the Google client libraries, and so
    the scan's Beam I/O, already follow. pyarrow does not read it itself,
    and would otherwise look for credentials (on a machine without them it
    retries for minutes), so the gate and the report would read elsewhere
    than the scan wrote."""
    from pyarrow import fs as pafs

    scheme, sep, host = endpoint.partition("://")
    if not sep:
        scheme, host = "http", endpoint
    return pafs.GcsFileSystem(anonymous=True, endpoint_override=host.rstrip("/"), scheme=scheme)


def _prefix(path: str) -> str:
    return path[: path.index("://") + 3]


def join(base: str, *parts: str) -> str:
    if is_uri(base):
        return "/".join([base.rstrip("/"), *parts])
    return os.path.join(base, *parts)


def _info(path: str):
    filesystem, inner = _fs(path)
    return filesystem.get_file_info(inner)


def is_file(path: str) -> bool:
    if not is_uri(path):
        return os.path.isfile(path)
    from pyarrow import fs as pafs

    return _info(path).type == pafs.FileType.File


def is_dir(path: str) -> bool:
    if not is_uri(path):
        return os.path.isdir(path)
    from pyarrow import fs as pafs

    return _info(path).type == pafs.FileType.Directory


def list_files(folder: str, suffix: str) -> list[str]:
    """Files directly in ``folder`` whose names end with ``suffix``, sorted;
    [] when the folder does not exist."""
    if not is_uri(folder):
        if not os.path.isdir(folder):
            return []
        return sorted(glob.glob(os.path.join(glob.escape(folder), "*" + suffix)))
    from pyarrow import fs as pafs

    filesystem, inner = _fs(folder)
    if filesystem.get_file_info(inner).type != pafs.FileType.Directory:
        return []
    infos = filesystem.get_file_info(pafs.FileSelector(inner, recursive=False))
    prefix = _prefix(folder)
    return sorted(prefix + i.path for i in infos if i.type == pafs.FileType.File and i.base_name.endswith(suffix))


def open_binary(path: str) -> IO[bytes]:
    """A seekable binary file for reading (Parquet needs random access)."""
    if not is_uri(path):
        return open(path, "rb")
    filesystem, inner = _fs(path)
    return filesystem.open_input_file(inner)


def read_text(path: str) -> str:
    if not is_uri(path):
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    with open_binary(path) as fh:
        return fh.read().decode("utf-8")


def write_bytes(path: str, data: bytes) -> None:
    """Write a whole file, creating its folder."""
    if not is_uri(path):
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        return
    filesystem, inner = _fs(path)
    parent = inner.rsplit("/", 1)[0]
    if parent and parent != inner:
        filesystem.create_dir(parent, recursive=True)
    with filesystem.open_output_stream(inner) as fh:
        fh.write(data)


def write_text(path: str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def filesystem_and_paths(paths: list[str]):
    """``(filesystem, paths within it)`` for pyarrow readers; local paths
    give ``(None, paths)``, which pyarrow reads from the local disk."""
    if not paths or not is_uri(paths[0]):
        return None, paths
    filesystem, _ = _fs(paths[0])
    return filesystem, [_fs(p)[1] for p in paths]
