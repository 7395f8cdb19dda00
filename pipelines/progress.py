"""Live progress for local scans.

Worker processes each keep a small counter file in the staging folder
(replaced atomically at most once a second); the driver sums them. This works
for the in-process and the multi-process local runners alike, which share a
filesystem with the driver; remote runners show progress in their own UIs.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid


class ProgressReporter:
    """Worker side: counts records and bytes, writes them now and then."""

    def __init__(self, folder: str, every: float = 1.0):
        self.folder = folder
        self.every = every
        self.records = 0
        self.bytes = 0
        self._last = 0.0
        self._path = os.path.join(folder, f"{os.getpid()}-{uuid.uuid4().hex[:8]}.json")
        os.makedirs(folder, exist_ok=True)

    def add(self, records: int, nbytes: int) -> None:
        self.records += records
        self.bytes += nbytes
        now = time.monotonic()
        if now - self._last >= self.every:
            self.flush()
            self._last = now

    def flush(self) -> None:
        tmp = self._path + ".tmp"
        try:
            with open(tmp, "w") as f:
                json.dump({"records": self.records, "bytes": self.bytes}, f)
            os.replace(tmp, self._path)
        except OSError:  # progress is best effort; the scan itself must go on
            pass


def read_totals(folder: str) -> tuple[int, int]:
    records = nbytes = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0, 0
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name)) as f:
                d = json.load(f)
            records += int(d["records"])
            nbytes += int(d["bytes"])
        except (OSError, ValueError, KeyError):
            continue
    return records, nbytes


class ProgressLine(threading.Thread):
    """Driver side: one line, rewritten in place on a terminal; a plain line
    every ``log_every`` seconds otherwise."""

    def __init__(self, folder: str, stream=None, log_every: float = 15.0):
        super().__init__(daemon=True)
        self.folder = folder
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.log_every = log_every
        self._halt = threading.Event()
        self._start = time.monotonic()

    def line(self) -> str:
        records, nbytes = read_totals(self.folder)
        secs = max(time.monotonic() - self._start, 1e-6)
        mb = nbytes / 1e6
        return f"scanned {records:,} records · {mb:,.1f} MB · {records / secs:,.0f} rec/s · {mb / secs:.2f} MB/s"

    def run(self) -> None:
        last_log = time.monotonic()
        while not self._halt.wait(1.0):
            if self.tty:
                self.stream.write("\r" + self.line() + "\x1b[K")
                self.stream.flush()
            elif time.monotonic() - last_log >= self.log_every:
                self.stream.write(self.line() + "\n")
                self.stream.flush()
                last_log = time.monotonic()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
