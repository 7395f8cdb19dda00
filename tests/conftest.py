"""Shared fixtures: paths, the example corpus, and a local Beam runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = (ROOT / ".." / "shared" / "eval").resolve()
EXAMPLES = ROOT / "examples"

# Scans in tests hash with a fixed throwaway key, so runs are comparable.
os.environ.setdefault("PIPLSCAN_HASH_KEY", "test-key-not-secret-0123456789abcdef")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"../shared/eval not present ({SHARED_EVAL}): evaluation data is read from there, never copied")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def example_corpus() -> list[str]:
    corpus = EXAMPLES / "corpus"
    return sorted(str(p) for p in corpus.iterdir() if p.is_file())


def local_runner():
    """Beam's FnApiRunner, in process: what `piplscan scan` uses locally,
    without DirectRunner's attempt to download the Prism binary."""
    from apache_beam.runners.portability.fn_api_runner import fn_runner

    return fn_runner.FnApiRunner()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for local emulators)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def local_summary(tmp_path_factory, example_corpus) -> dict:
    """summary.json of a local one-worker scan of the example corpus with its
    lineage manifest: what a scan of the same files elsewhere must count."""
    import json

    from runners.cli import main

    out = tmp_path_factory.mktemp("local") / "out"
    assert main(["scan", *example_corpus, "--out", str(out), "--lineage", str(EXAMPLES / "lineage" / "manifest.yaml"),
                 "--direct_num_workers=1"]) == 0
    return json.loads((out / "summary.json").read_text("utf-8"))
