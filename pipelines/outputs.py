"""The output folder: staged while the scan runs, published when it is done.

Beam writes into ``DIR/.partial-<scan_id>/``. Only after the pipeline
succeeds are its files moved into ``DIR`` and ``summary.json`` written, last.
An interrupted scan therefore leaves a hidden partial folder and no
``summary.json``: nothing that looks complete. Works on any Beam filesystem.
"""

from __future__ import annotations

import json
import posixpath

from apache_beam.io.filesystems import FileSystems

STATS_DIR = "_totals"
OUTPUT_DIRS = ("findings", "records", "rejects")
OUTPUT_FILES = ("summary.json", "report.md", "report.html")
PARTIAL_PREFIX = ".partial-"


class OutputError(RuntimeError):
    """The output folder cannot be used; the message is one line."""


def join(*parts: str) -> str:
    return FileSystems.join(*parts)


def _exists(path: str) -> bool:
    try:
        return FileSystems.exists(path)
    except Exception:  # an unreachable filesystem counts as absent here
        return False


def _files_under(folder: str) -> list[str]:
    try:
        result = FileSystems.match([join(folder, "**")])[0]
    except Exception:  # nothing there yet
        return []
    return [m.path for m in result.metadata_list]


def holds_scan(out_dir: str) -> bool:
    return any(_exists(join(out_dir, n)) for n in (*OUTPUT_FILES, *OUTPUT_DIRS))


def prepare(out_dir: str, scan_id: str, overwrite: bool) -> str:
    """Check the folder and return the staging folder for this scan."""
    if holds_scan(out_dir) and not overwrite:
        raise OutputError(f"{out_dir} already holds scan outputs; pass --overwrite to replace them, or choose another --out")
    staging = join(out_dir, PARTIAL_PREFIX + scan_id)
    try:
        FileSystems.mkdirs(staging)
    except Exception as e:  # permissions, read-only filesystem, bad bucket
        raise OutputError(f"cannot create {staging}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    return staging


def read_totals(staging: str) -> dict:
    """The scan's totals, merged from the parts its combines wrote."""
    from .stats import merge_totals

    files = sorted(p for p in _files_under(join(staging, STATS_DIR)) if p.endswith(".json"))
    if len(files) != 3:
        raise OutputError(f"the scan wrote {len(files)} totals files; expected three")
    parts = []
    for path in files:
        with FileSystems.open(path, compression_type="uncompressed") as f:
            parts.append(json.loads(f.read().decode("utf-8")))
    return merge_totals(parts)


def write_text(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with FileSystems.create(tmp, compression_type="uncompressed") as f:
        f.write(text.encode("utf-8"))
    FileSystems.rename([tmp], [path])


def _delete(paths: list[str]) -> None:
    """Delete files and folders. Object stores (gs://, s3://) have no
    folders, only names sharing a prefix, so whatever is still listed under
    a path after deleting it is deleted file by file."""
    existing = [p for p in paths if _exists(p)]
    if existing:
        FileSystems.delete(existing)
    leftovers = [f for p in paths for f in _files_under(p)]
    if leftovers:
        FileSystems.delete(leftovers)


def publish(out_dir: str, staging: str, summary: dict) -> None:
    """Replace any previous scan in ``out_dir`` with the staged one."""
    _delete([join(out_dir, n) for n in (*OUTPUT_DIRS, *OUTPUT_FILES, "gate")])
    moves_from, moves_to = [], []
    for name in OUTPUT_DIRS:
        if not _exists(join(out_dir, name)):
            FileSystems.mkdirs(join(out_dir, name))
        for path in _files_under(join(staging, name)):
            moves_from.append(path)
            moves_to.append(join(out_dir, name, posixpath.basename(path)))
    if moves_from:
        FileSystems.rename(moves_from, moves_to)
    _delete([staging])
    write_text(join(out_dir, "summary.json"), json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def abandon(staging: str) -> None:
    """Remove a failed scan's staging folder (best effort)."""
    try:
        _delete([staging])
    except Exception:  # leave it; it is hidden and never mistaken for a result
        pass
