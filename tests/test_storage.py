"""Gate, report and sampler on outputs named by URI (as a scan on Dataflow
writes them to gs://). Here the URI is file://, served by the same pyarrow
filesystem layer that serves gs:// and s3://."""

from __future__ import annotations

import io
import json
import os

import pyarrow.parquet as pq

from expectations import storage
from expectations.gate import EXIT_FAILED, EXIT_UNUSABLE, run_gate
from pipelines.report import write_report
from pipelines.sample import sample_records
from tests.gate import synthetic


def _uri(path) -> str:
    return "file://" + os.path.abspath(str(path))


def test_listing_and_reading_through_a_uri_match_the_local_folder(tmp_path):
    out_dir = synthetic.write_scan(str(tmp_path / "scan"), synthetic.default_records(), rejects=3)
    local = storage.list_files(os.path.join(out_dir, "findings"), ".parquet")
    remote = storage.list_files(storage.join(_uri(out_dir), "findings"), ".parquet")
    assert local and [os.path.basename(p) for p in local] == [p.rsplit("/", 1)[1] for p in remote]
    assert all(p.startswith("file://") for p in remote)
    assert storage.list_files(storage.join(_uri(out_dir), "no-such-folder"), ".parquet") == []
    assert storage.is_dir(_uri(out_dir)) and not storage.is_file(_uri(out_dir))
    summary = storage.join(_uri(out_dir), "summary.json")
    assert json.loads(storage.read_text(summary)) == json.loads(open(os.path.join(out_dir, "summary.json")).read())


def test_gate_over_a_uri_gives_the_local_verdict_and_writes_its_files_there(tmp_path):
    out_dir = synthetic.scan_with_lineage(str(tmp_path / "scan"), withdrawn=2)
    local_code = run_gate(out_dir, stream=io.StringIO(), err_stream=io.StringIO())
    with open(os.path.join(out_dir, "gate", "gate.json"), encoding="utf-8") as fh:
        local = json.load(fh)
    os.remove(os.path.join(out_dir, "gate", "gate.json"))
    out = io.StringIO()
    code = run_gate(_uri(out_dir), stream=out, err_stream=io.StringIO())
    assert code == local_code == EXIT_FAILED
    with open(os.path.join(out_dir, "gate", "gate.json"), encoding="utf-8") as fh:
        remote = json.load(fh)
    strip = lambda d: [(e["name"], e["success"], e["observed_value"]) for e in d["expectations"]]  # noqa: E731
    assert strip(remote) == strip(local)
    assert os.path.isfile(os.path.join(out_dir, "gate", "index.html"))


def test_gate_names_a_missing_uri_folder_as_unusable(tmp_path):
    err = io.StringIO()
    assert run_gate(_uri(tmp_path / "absent"), stream=io.StringIO(), err_stream=err) == EXIT_UNUSABLE
    assert len(err.getvalue().strip().splitlines()) == 1


def test_report_and_sample_over_a_uri(tmp_path):
    out_dir = synthetic.scan_with_lineage(str(tmp_path / "scan"))
    md_path, html_path = write_report(_uri(out_dir))
    assert md_path.startswith("file://")
    with open(os.path.join(out_dir, "report.md"), encoding="utf-8") as fh:
        assert "4. Cross-border exposure" in fh.read()
    target = _uri(tmp_path / "review" / "sample.parquet")
    n = sample_records(_uri(out_dir), 5, 7, target)
    table = pq.read_table(str(tmp_path / "review" / "sample.parquet"))
    assert n == table.num_rows == 5
