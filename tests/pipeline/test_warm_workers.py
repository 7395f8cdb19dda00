"""Local workers forked from a warm process (runners/forkserver.py,
runners/warm_workers.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from detectors.engine import DetectionEngine, EngineConfig, builtin_specs, engine_for, prebuild
from runners import forkserver
from runners.cli import main

ROOT = Path(__file__).resolve().parents[2]
needs_fork = pytest.mark.skipif(not forkserver.available(), reason="no fork server on this platform")


def _only(detector_id: str) -> EngineConfig:
    return EngineConfig(disable=[s.id for s in builtin_specs() if s.id != detector_id])


def test_a_prebuilt_engine_is_handed_out_once_and_only_for_its_configuration():
    email_only, ip_only = _only("email"), _only("ip_address")
    prebuild(email_only)
    assert not engine_for(ip_only).prebuilt
    first = engine_for(_only("email"))  # an equal configuration, not the same object
    assert first.prebuilt and [d.NAME for d in first.detectors] == ["email"]
    second = engine_for(email_only)
    assert not second.prebuilt and second is not first
    assert isinstance(second, DetectionEngine)


@pytest.mark.parametrize(
    ("beam_args", "expected"),
    [
        (["--direct_num_workers=1"], 0),
        (["--direct_num_workers=3"], 3),
        (["--direct_num_workers=2", "--direct_running_mode=multi_processing"], 0),
        (["--direct_num_workers=2", "--direct_running_mode=multi_threading"], 0),
        (["--runner=PortableRunner", "--job_endpoint=localhost:8099", "--direct_num_workers=2"], 0),
        (["--runner=DataflowRunner", "--project=p"], 0),
        (["--direct_num_workers=2", "--no_auth"], 2),
    ],
)
@needs_fork
def test_forked_workers_serve_local_multi_worker_scans_only(beam_args, expected):
    assert forkserver.forked_worker_count(beam_args) == expected


@needs_fork
def test_all_cores_means_forked_workers_on_a_multi_core_host():
    expected = os.cpu_count() if (os.cpu_count() or 1) > 1 else 0
    assert forkserver.forked_worker_count([]) == expected
    assert forkserver.forked_worker_count(["--direct_num_workers=0"]) == expected


PROBE = textwrap.dedent(
    """
    import json, os, sys
    import apache_beam as beam
    from detectors.engine import EngineConfig, builtin_specs, engine_for
    from runners.forkserver import start
    from runners.local import make_pipeline

    cfg = EngineConfig(disable=[s.id for s in builtin_specs() if s.id != "email"])
    start(cfg)

    class Probe(beam.DoFn):
        def setup(self):
            self.engine = engine_for(cfg)

        def process(self, i):
            hits = [f.entity_type for f in self.engine.scan("write to probe@example.org")]
            yield json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "prebuilt": self.engine.prebuilt,
                              "hits": hits})

    p, options, local = make_pipeline(["--direct_num_workers=2"], cfg)
    (p | beam.Create(list(range(40)), reshuffle=False) | beam.Reshuffle() | beam.ParDo(Probe())
       | beam.io.WriteToText(sys.argv[1], num_shards=1, shard_name_template=""))
    p.run().wait_until_finish()
    print(json.dumps({"driver": os.getpid(), "mode": options.get_all_options()["direct_running_mode"]}))
    """
)


@needs_fork
def test_forked_workers_start_with_the_engine_the_server_prebuilt(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    out = tmp_path / "rows.txt"
    proc = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=120,
                          cwd=str(ROOT), env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    driver = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 40
    assert all(r["hits"] == ["EMAIL_ADDRESS"] for r in rows)
    # Every worker process took the server's engine instead of building one,
    # and none of them is a child of the driver (Beam's subprocess workers are).
    assert all(r["prebuilt"] for r in rows)
    assert {r["pid"] for r in rows}.isdisjoint({driver["driver"]})
    assert all(r["ppid"] != driver["driver"] for r in rows)
    assert driver["mode"] is None


def _sorted_findings(out: Path) -> list[tuple]:
    t = pq.read_table(out / "findings").drop_columns(["scan_id"])
    return sorted(tuple(row.values()) for row in t.to_pylist())


@needs_fork
def test_forked_and_beam_subprocess_workers_write_the_same_outputs(tmp_path, example_corpus):
    forked, beam_workers = tmp_path / "forked", tmp_path / "subprocess"
    assert main(["scan", *example_corpus, "--out", str(forked), "--direct_num_workers=2", "--quiet"]) == 0
    assert main(["scan", *example_corpus, "--out", str(beam_workers), "--direct_num_workers=2",
                 "--direct_running_mode=multi_processing", "--quiet"]) == 0
    assert _sorted_findings(forked) == _sorted_findings(beam_workers)
    a, b = (json.loads((o / "summary.json").read_text()) for o in (forked, beam_workers))
    for key in ("records_read", "records_scanned", "records_rejected", "findings_total", "by_entity_type",
                "by_pipl_category", "detectors"):
        assert a[key] == b[key], key
