"""The scan pipeline translated for Dataflow, offline, with Beam's dry run.

``--dry_run=True`` makes Beam's DataflowRunner do everything short of
talking to the service: apply Dataflow's overrides, resolve the Docker
environment and the staged dependencies (``--extra_package``), build the
Runner v2 pipeline proto and the job, then return a DONE result. The graph is
built by the same code ``piplscan scan`` runs (``runners.cli.build_scan``).
What these tests cannot show: that the service accepts the job, and that
workers install piplscan and run it.

Needs the ``gcp`` extra (CI installs it with ``test-gcp``); skips without it.
"""

from __future__ import annotations

import base64
import binascii
import bz2
import hashlib
import re
import secrets
import socket
import sys
import tempfile
import zlib
from types import SimpleNamespace

import pytest

pytest.importorskip(
    "apache_beam.runners.dataflow.internal.apiclient",
    reason="the Dataflow runner needs the gcp extra: pip install '.[gcp]'",
)

import apache_beam as beam  # noqa: E402
from apache_beam.portability import common_urns, python_urns  # noqa: E402
from apache_beam.portability.api import beam_runner_api_pb2  # noqa: E402
from apache_beam.runners.dataflow.internal import apiclient  # noqa: E402
from apache_beam.runners.runner import PipelineState  # noqa: E402

from detectors.engine import EngineConfig  # noqa: E402
from pipelines.privacy import KEY_ENV  # noqa: E402
from runners import cli  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402

PROJECT, REGION, BUCKET = "piplscan-dry-run", "us-central1", "gs://piplscan-dry-run"
# A stand-in for `pip wheel . --no-deps -w dist`: building the real wheel
# needs setuptools>=77 from the package index (no network here), and the
# dry run only records the file as an artifact, it never installs it.
WHEEL_NAME = "piplscan-0.1.0-py3-none-any.whl"

# Beam ships pickled functions and coders as base64 of a compressed pickle
# (bz2 by default, zlib on request), so a plain byte search of the proto
# would never see what a DoFn holds.
_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{24,}={0,2}")


def _unpacked(text: bytes) -> bytes | None:
    try:
        packed = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    for decompress in (bz2.decompress, zlib.decompress):
        try:
            return decompress(packed)
        except (OSError, ValueError, zlib.error):
            continue
    return None


def _embedded_pickles(blob: bytes) -> list[bytes]:
    """Every base64-and-compressed payload inside ``blob``, unpacked.

    A run found in serialised protobuf may carry a length or tag byte that
    happens to be a base64 character at either end, hence the trimming."""
    found = []
    for m in _BASE64_RUN.finditer(blob):
        run = m.group()
        candidates = (run[lead:len(run) - trail] for lead in range(4) for trail in range(4))
        unpacked = next((u for c in candidates if (u := _unpacked(c)) is not None), None)
        if unpacked is not None:
            found.append(unpacked)
    return found


def _dofn_pickles(proto: beam_runner_api_pb2.Pipeline) -> dict[str, bytes]:
    """The unpacked pickle of every Python ParDo's DoFn, by transform name."""
    out = {}
    for t in proto.components.transforms.values():
        if t.spec.urn != common_urns.primitives.PAR_DO.urn:
            continue
        payload = beam_runner_api_pb2.ParDoPayload.FromString(t.spec.payload)
        if payload.do_fn.urn != python_urns.PICKLED_DOFN_INFO:
            continue
        unpacked = _unpacked(payload.do_fn.payload)
        if unpacked is None:
            raise AssertionError(f"cannot unpack the DoFn of {t.unique_name}: Beam changed its encoding")
        out[t.unique_name] = unpacked
    return out


def _key_forms(key_text: str) -> list[bytes]:
    """The key as the worker reads it, and the encodings a leak could take."""
    raw = key_text.encode("ascii")
    secret = bytes.fromhex(key_text)
    return [raw, raw.upper(), secret, base64.b64encode(raw), base64.b64encode(secret), raw.hex().encode()]


def _job_description(job: apiclient.Job, resources: list[str]) -> str:
    """The job JSON the runner would send, assembled as
    ``DataflowApplicationClient.create_job_description`` does, less the
    uploads: the environment carries every pipeline option the workers get."""
    serialized = job.proto_pipeline.SerializeToString()
    staging = job.google_cloud_options.staging_location
    job.proto.environment = apiclient.Environment(
        packages=resources,
        options=job.options,
        environment_version="8",
        proto_pipeline_staged_url=f"{staging}/pipeline.pb",
        proto_pipeline=job.proto_pipeline,
        pipeline_proto_hash=hashlib.sha256(serialized).hexdigest(),
    ).proto
    return str(job)


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dataflow")
    key_text = secrets.token_hex(32)
    key_file = tmp / "piplscan.key"
    key_file.write_text(key_text + "\n", encoding="ascii")
    env_key = "env-key-" + secrets.token_hex(16)
    wheel = tmp / WHEEL_NAME
    wheel.write_bytes(b"stand-in for the piplscan wheel")
    corpus = sorted(str(p) for p in (EXAMPLES / "corpus").iterdir() if p.is_file())
    argv = [
        *corpus, "--out", str(tmp / "out"), "--lineage", str(EXAMPLES / "lineage" / "manifest.yaml"),
        "--hash-key-file", str(key_file),
        "--runner=DataflowRunner", "--dry_run=True", f"--project={PROJECT}", f"--region={REGION}",
        f"--temp_location={BUCKET}/tmp", f"--extra_package={wheel}",
    ]
    connections = []

    def refuse(*args):
        connections.append(args[-1] if args else None)
        raise OSError("a dry run must not use the network")

    with pytest.MonkeyPatch.context() as mp:
        # A driver-side key (as a local scan would have) must not travel either.
        mp.setenv(KEY_ENV, env_key)
        # Beam writes the artifacts it would stage (pip freeze, the pickled
        # main session, extra_packages.txt) under a fresh temporary folder.
        mp.setattr(tempfile, "tempdir", str(tmp))
        mp.setattr(socket.socket, "connect", lambda self, address: refuse(address))
        mp.setattr(socket.socket, "connect_ex", lambda self, address: refuse(address))
        mp.setattr(socket, "getaddrinfo", lambda host, *a, **k: refuse(host))
        args, beam_args = cli._scan_parser().parse_known_args(argv)
        built = cli.build_scan(args, beam_args, EngineConfig.from_file(None))
        result = built.pipeline.run()
        result.wait_until_finish()
    return SimpleNamespace(
        built=built, result=result, job=getattr(result, "job", None), key_text=key_text, key_file=str(key_file),
        env_key=env_key, wheel=wheel, connections=connections,
    )


def _staged(job) -> list[beam_runner_api_pb2.ArtifactInformation]:
    return [dep for env in job.proto_pipeline.components.environments.values() for dep in env.dependencies]


def _staged_name(dep) -> str:
    return beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(dep.role_payload).staged_name


def _local_path(dep) -> str:
    return beam_runner_api_pb2.ArtifactFilePayload.FromString(dep.type_payload).path


def test_dry_run_translates_the_scan_into_a_dataflow_job_without_submitting_it(dry_run):
    assert not dry_run.built.local
    assert dry_run.result.state == PipelineState.DONE
    assert isinstance(dry_run.job, apiclient.Job), "the dry run must leave the job it would have submitted"
    assert dry_run.job.proto.type_ == apiclient.dataflow.JobType.JOB_TYPE_BATCH
    assert dry_run.job.google_cloud_options.project == PROJECT
    # The runner makes staging and temp paths job-specific under the bucket.
    assert dry_run.job.google_cloud_options.staging_location.startswith(f"{BUCKET}/tmp/")


def test_dry_run_uses_no_network(dry_run):
    assert dry_run.connections == []


def test_job_graph_holds_every_scan_stage(dry_run):
    names = {t.unique_name for t in dry_run.job.proto_pipeline.components.transforms.values()}
    for stage in (
        "ReadCorpus", "ReadCorpus/Splits", "ReadCorpus/Distribute", "ReadCorpus/Parse",
        "DetectPersonalInfo", "DetectPersonalInfo/Batch", "DetectPersonalInfo/Detect",
        "JudgeLineage",
        "WriteOutputs/WriteFindings", "WriteOutputs/RecordRows", "WriteOutputs/WriteRecords",
        "WriteOutputs/RejectRows", "WriteOutputs/WriteRejects",
        "WriteOutputs/WriteFindingsTotals", "WriteOutputs/WriteRecordsTotals", "WriteOutputs/WriteRejectsTotals",
    ):
        assert stage in names, f"{stage} missing from the Dataflow job"
    dofns = _dofn_pickles(dry_run.job.proto_pipeline)
    assert any(b"DetectPersonalInfoFn" in p for p in dofns.values())
    assert any(b"ReadSplitFn" in p for p in dofns.values())
    # The staging folder the outputs are written to is baked into the sinks.
    staging = dry_run.built.settings.staging.encode()
    assert any(staging in p for p in _embedded_pickles(dry_run.job.proto_pipeline.SerializeToString()))


def test_every_transform_runs_in_the_beam_python_docker_image(dry_run):
    components = dry_run.job.proto_pipeline.components
    used = {t.environment_id for t in components.transforms.values() if t.environment_id}
    assert used
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    for env_id in used:
        env = components.environments[env_id]
        assert env.urn == common_urns.environments.DOCKER.urn
        image = beam_runner_api_pb2.DockerPayload.FromString(env.payload).container_image
        assert image.endswith(f"beam_python{py}_sdk:{beam.__version__}"), image


def test_extra_package_is_staged_for_workers_to_install(dry_run):
    staged = {_staged_name(d): _local_path(d) for d in _staged(dry_run.job)}
    assert staged.get(WHEEL_NAME) == str(dry_run.wheel)
    # Workers install the packages listed there, in that order.
    listing = staged.get("extra_packages.txt")
    assert listing is not None
    with open(listing, encoding="utf-8") as fh:
        assert fh.read().split() == [WHEEL_NAME]


def test_hash_key_is_in_no_part_of_the_job(dry_run):
    job = dry_run.job
    proto_bytes = job.proto_pipeline.SerializeToString()
    dofns = _dofn_pickles(job.proto_pipeline)
    resources = [_staged_name(d) for d in _staged(job)]
    description = _job_description(job, resources).encode()
    staged_files = []
    for dep in _staged(job):
        with open(_local_path(dep), "rb") as fh:
            staged_files.append(fh.read())
    places = [proto_bytes, description, *dofns.values(), *_embedded_pickles(proto_bytes), *staged_files]

    # Controls: the search reaches what workers receive. The DoFns that hash
    # carry the key file's path (never its content), and the job description
    # carries the pipeline options.
    key_file = dry_run.key_file.encode()
    assert any(key_file in p for name, p in dofns.items() if "DetectPersonalInfoFn" in name)
    assert any(key_file in p for name, p in dofns.items() if name.startswith("WriteOutputs/RecordRows"))
    assert PROJECT.encode() in description and b"sdkPipelineOptions" in description

    for form in _key_forms(dry_run.key_text):
        assert not any(form in p for p in places), "the key file's content leaked into the job"
    env_key = dry_run.env_key.encode()
    assert not any(env_key in p for p in places), f"{KEY_ENV} leaked into the job"
