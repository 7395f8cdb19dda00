"""The whole tool on s3:// paths, against a local S3 emulator (moto).

The scan reads its corpus and lineage manifest from a bucket and writes its
outputs to another through Beam's S3 filesystem (boto3); the gate reads them
back through pyarrow's. Both follow the standard ``AWS_ENDPOINT_URL`` and
``AWS_*`` credential variables, as they would follow an instance role on a
cluster. Needs the ``aws`` extra and moto's server (the ``test-aws`` extra,
which CI installs); skips without them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("apache_beam.io.aws.s3filesystem", reason="needs the aws extra: pip install '.[test-aws]'")
boto3 = pytest.importorskip("boto3", reason="needs the aws extra: pip install '.[test-aws]'")
# Older moto answers CompleteMultipartUpload in a form pyarrow rejects
# ("error embedded in a 200 OK response"); 5.2.5 is the first that works.
pytest.importorskip("moto", minversion="5.2.5", reason="needs moto 5.2.5 or later: pip install '.[test-aws]'")
moto_server = pytest.importorskip("moto.server", reason="needs moto's server: pip install '.[test-aws]'")

from tests.conftest import EXAMPLES, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def s3_env():
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    env = {
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_ACCESS_KEY_ID": "piplscan-test",
        "AWS_SECRET_ACCESS_KEY": "piplscan-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        # No instance-metadata lookups for credentials or region.
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    try:
        client = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                              aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                              aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
        client.create_bucket(Bucket="corpus")
        client.create_bucket(Bucket="scans")
        for path in sorted((EXAMPLES / "corpus").iterdir()) + sorted((EXAMPLES / "lineage").iterdir()):
            if path.is_file():
                client.upload_file(str(path), "corpus", path.relative_to(EXAMPLES).as_posix())
        yield client, env
    finally:
        server.stop()


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runners.cli", *args], cwd=ROOT, env=dict(os.environ, **env), capture_output=True,
        text=True, timeout=600,
    )


def _names(client, bucket: str, prefix: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"][len(prefix):] for page in pages for o in page.get("Contents", []))


def test_scan_and_gate_on_s3_match_the_local_scan(s3_env, local_summary):
    client, env = s3_env
    proc = _cli(env, "scan", "s3://corpus/corpus/*", "--lineage", "s3://corpus/lineage/manifest.yaml",
                "--out", "s3://scans/run", "--overwrite", "--direct_num_workers=2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "outputs in s3://scans/run" in proc.stdout
    names = _names(client, "scans", "run/")
    for folder in ("findings/", "records/"):
        assert any(n.startswith(folder) and n.endswith(".parquet") for n in names), names
    assert {"summary.json", "report.md", "report.html"} <= set(names)
    assert not [n for n in names if n.startswith(".partial-")], "the staging folder must be removed after publishing"
    remote = json.loads(client.get_object(Bucket="scans", Key="run/summary.json")["Body"].read())
    for key in ("records_read", "records_scanned", "records_rejected", "findings_total", "by_entity_type",
                "by_pipl_category", "violations", "lineage_coverage"):
        assert remote[key] == local_summary[key], key

    gate = _cli(env, "gate", "s3://scans/run")
    assert gate.returncode == 1, gate.stderr[-2000:]
    verdict = json.loads(client.get_object(Bucket="scans", Key="run/gate/gate.json")["Body"].read())
    assert verdict["passed"] is False
