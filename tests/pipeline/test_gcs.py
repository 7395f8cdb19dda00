"""The whole tool on gs:// paths, against a local Cloud Storage emulator.

The scan reads its corpus and lineage manifest from a bucket and writes its
outputs to another through Beam's GCS filesystem; the gate, the report and
the sampler read them back through pyarrow's. Both follow
``STORAGE_EMULATOR_HOST``, as they would follow real credentials on
Dataflow. Needs the ``gcp`` extra and ``gcp-storage-emulator`` (the
``test-gcp`` extra, which CI installs); skips without them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("apache_beam.io.gcp.gcsio", reason="needs the gcp extra: pip install '.[test-gcp]'")
storage = pytest.importorskip("google.cloud.storage", reason="needs the gcp extra: pip install '.[test-gcp]'")
emulator = pytest.importorskip("gcp_storage_emulator.server", reason="needs gcp-storage-emulator: pip install '.[test-gcp]'")

from tests.conftest import EXAMPLES, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gcs():
    from google.auth.credentials import AnonymousCredentials

    port = free_port()
    server = emulator.create_server("localhost", port, in_memory=True)
    server.start()
    host = f"http://localhost:{port}"
    old = os.environ.get("STORAGE_EMULATOR_HOST")
    os.environ["STORAGE_EMULATOR_HOST"] = host
    try:
        client = storage.Client(project="piplscan-test", credentials=AnonymousCredentials())
        corpus = client.create_bucket("corpus")
        client.create_bucket("scans")
        for path in sorted((EXAMPLES / "corpus").iterdir()) + sorted((EXAMPLES / "lineage").iterdir()):
            if path.is_file():
                corpus.blob(path.relative_to(EXAMPLES).as_posix()).upload_from_filename(str(path))
        yield client, host
    finally:
        if old is None:
            os.environ.pop("STORAGE_EMULATOR_HOST", None)
        else:
            os.environ["STORAGE_EMULATOR_HOST"] = old
        server.stop()


def _cli(host: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, STORAGE_EMULATOR_HOST=host)
    return subprocess.run(
        [sys.executable, "-m", "runners.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _scan(host: str, out: str) -> subprocess.CompletedProcess:
    # --no_auth: the emulator takes no credentials, and looking for them on a
    # machine without any retries for minutes.
    return _cli(
        host, "scan", "gs://corpus/corpus/*", "--lineage", "gs://corpus/lineage/manifest.yaml",
        "--out", out, "--overwrite", "--direct_num_workers=1", "--no_auth",
    )


def _names(client, bucket: str, prefix: str) -> list[str]:
    return sorted(b.name[len(prefix):] for b in client.list_blobs(bucket, prefix=prefix))


@pytest.fixture(scope="module")
def gs_scan(gcs):
    """One scan into the bucket, gated (so that it holds a gate verdict)."""
    client, host = gcs
    proc = _scan(host, "gs://scans/run")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "outputs in gs://scans/run" in proc.stdout
    names = _names(client, "scans", "run/")
    gate = _cli(host, "gate", "gs://scans/run")
    return names, gate


def test_scan_writes_every_output_to_the_bucket_and_counts_as_the_local_scan(gcs, gs_scan, local_summary):
    client, _ = gcs
    names, _ = gs_scan
    for folder in ("findings/", "records/"):
        assert any(n.startswith(folder) and n.endswith(".parquet") for n in names), names
    assert any(n.startswith("rejects/") for n in names)
    assert {"summary.json", "report.md", "report.html"} <= set(names)
    assert not [n for n in names if n.startswith(".partial-")], "the staging folder must be removed after publishing"

    remote = json.loads(client.bucket("scans").blob("run/summary.json").download_as_text())
    for key in ("records_read", "records_scanned", "records_rejected", "findings_total", "by_entity_type",
                "by_pipl_category", "violations", "lineage_coverage"):
        assert remote[key] == local_summary[key], key


def test_gate_and_sample_read_the_bucket(gcs, gs_scan):
    client, host = gcs
    _, gate = gs_scan
    assert gate.returncode == 1, gate.stderr[-2000:]
    assert "max_violations.CONSENT_WITHDRAWN" in gate.stdout
    verdict = json.loads(client.bucket("scans").blob("run/gate/gate.json").download_as_text())
    assert verdict["passed"] is False

    sample = _cli(host, "sample", "gs://scans/run", "--n", "5", "--seed", "3", "--out", "gs://scans/run-sample.parquet")
    assert sample.returncode == 0, sample.stderr[-2000:]
    assert "run-sample.parquet" in _names(client, "scans", "")


def test_rescan_with_overwrite_replaces_the_previous_results_in_the_bucket(gcs, gs_scan):
    client, host = gcs
    assert "gate/gate.json" in _names(client, "scans", "run/")
    proc = _scan(host, "gs://scans/run")
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = _names(client, "scans", "run/")
    # A gate verdict of the previous scan must not sit beside the new outputs.
    assert "gate/gate.json" not in names
    assert not [n for n in names if n.startswith(".partial-")]
    assert sum(n.startswith("findings/") and n.endswith(".parquet") for n in names) >= 1
