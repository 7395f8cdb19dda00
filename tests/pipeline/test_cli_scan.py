"""The whole `piplscan scan` command on the bundled example corpus."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detectors.catalogue import entity_types
from pipelines.schema import FINDINGS_SCHEMA, RECORDS_SCHEMA
from runners.cli import main
from tests.conftest import EXAMPLES, free_port

MANIFEST = EXAMPLES / "lineage" / "manifest.yaml"
CONTRACT_SUMMARY_KEYS = {
    "scan_id", "tool_version", "started_at", "finished_at", "inputs", "records_read", "records_scanned",
    "records_rejected", "findings_total", "by_entity_type", "by_pipl_category", "by_source", "violations",
    "lineage_coverage", "detectors",
}


def _scan(out: Path, corpus: list[str], *extra: str) -> int:
    return main(["scan", *corpus, "--out", str(out), "--lineage", str(MANIFEST), *extra])


@pytest.fixture(scope="module")
def example_scan(tmp_path_factory, example_corpus):
    out = tmp_path_factory.mktemp("scan") / "out"
    assert _scan(out, example_corpus, "--direct_num_workers=2") == 0
    return out


def _findings(out: Path) -> pa.Table:
    return pq.read_table(out / "findings")


def _records(out: Path) -> pa.Table:
    return pq.read_table(out / "records")


def _rejects(out: Path) -> list[dict]:
    rows = []
    for p in sorted((out / "rejects").glob("*.jsonl")):
        rows.extend(json.loads(line) for line in p.read_text().splitlines() if line.strip())
    return rows


def _corpus_lines(corpus: list[str]) -> int:
    import csv
    import gzip

    n = 0
    for p in corpus:
        if p.endswith(".gz"):
            n += len(gzip.open(p, "rt").read().splitlines())
        elif p.endswith(".parquet"):
            n += pq.read_metadata(p).num_rows
        elif p.endswith(".csv"):
            n += sum(1 for _ in csv.DictReader(open(p, newline="")))
        else:
            n += len(Path(p).read_text().splitlines())
    return n


def test_scan_writes_every_contract_output(example_scan):
    for name in ("summary.json", "report.md", "report.html"):
        assert (example_scan / name).is_file(), name
    assert list((example_scan / "findings").glob("*.parquet"))
    assert list((example_scan / "records").glob("*.parquet"))
    assert list((example_scan / "rejects").glob("*.jsonl"))
    assert not list(example_scan.glob(".partial-*"))


def test_findings_and_records_have_the_contract_columns_and_types(example_scan):
    f = _findings(example_scan)
    for field in FINDINGS_SCHEMA:
        assert f.schema.field(field.name).type == field.type, field.name
    r = _records(example_scan)
    for field in RECORDS_SCHEMA:
        assert r.schema.field(field.name).type == field.type, field.name
    starts, ends, lengths = (f.column(c).to_pylist() for c in ("start", "end", "field_length"))
    assert all(0 <= s < e <= n for s, e, n in zip(starts, ends, lengths))
    assert all(0.0 <= s <= 1.0 for s in f.column("score").to_pylist())
    assert set(r.column("action").to_pylist()) <= {"keep", "redact", "drop", "review"}


def test_example_corpus_shows_every_catalogue_entity_type(example_scan):
    found = set(_findings(example_scan).column("entity_type").to_pylist())
    missing = set(entity_types()) - found
    assert not missing, f"example corpus scan found no {sorted(missing)}"


def test_records_read_equal_records_written_plus_rejects(example_scan, example_corpus):
    summary = json.loads((example_scan / "summary.json").read_text())
    n_records, n_rejects = _records(example_scan).num_rows, len(_rejects(example_scan))
    assert summary["records_read"] == n_records + n_rejects == _corpus_lines(example_corpus)
    assert summary["records_scanned"] == n_records and summary["records_rejected"] == n_rejects
    assert CONTRACT_SUMMARY_KEYS <= set(summary)
    assert summary["findings_total"] == _findings(example_scan).num_rows
    assert sum(i["records"] for i in summary["inputs"]) == summary["records_read"]


def test_no_output_file_holds_a_raw_found_value(example_scan, example_corpus, capsys):
    texts = {}
    from pipelines.inputs import plan
    from pipelines.readers import ReadOptions, read_split

    for planned in plan(example_corpus):
        for split in planned.splits:
            for rec in read_split(split, ReadOptions(subject_field="user_id")):
                if hasattr(rec, "fields"):
                    texts[rec.record_id] = rec.fields
    f = _findings(example_scan).to_pylist()
    raw = {texts[row["record_id"]][row["field"]][row["start"]:row["end"]] for row in f}
    raw = {v for v in raw if len(v) >= 4}
    assert len(raw) > 20
    blobs = []
    for p in example_scan.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if p.suffix == ".parquet":
                data = json.dumps(pq.read_table(p).to_pylist(), ensure_ascii=False, default=str).encode()
            blobs.append((p, data.decode("utf-8", "replace")))
    for value in raw:
        for p, text in blobs:
            assert value not in text, f"a raw {len(value)}-character value appears in {p.name}"


def test_same_input_twice_gives_the_same_findings(example_scan, example_corpus, tmp_path):
    assert _scan(tmp_path / "again", example_corpus, "--direct_num_workers=1") == 0

    def keyset(out):
        t = _findings(out)
        return sorted(zip(*(t.column(c).to_pylist() for c in ("record_id", "field", "start", "end", "entity_type"))))

    assert keyset(example_scan) == keyset(tmp_path / "again")


def test_rescan_into_the_same_folder_needs_overwrite(example_corpus, tmp_path, capsys):
    out = tmp_path / "o"
    small = [c for c in example_corpus if c.endswith("web-crawl.jsonl")]
    assert main(["scan", *small, "--out", str(out), "--quiet"]) == 0
    assert main(["scan", *small, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--overwrite" in err and len(err.strip().splitlines()) == 1
    first = json.loads((out / "summary.json").read_text())["scan_id"]
    assert main(["scan", *small, "--out", str(out), "--quiet", "--overwrite"]) == 0
    assert json.loads((out / "summary.json").read_text())["scan_id"] != first


def test_usage_errors_exit_2_with_one_line(tmp_path, capsys):
    assert main(["scan", str(tmp_path / "none-*.jsonl"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no input file matches" in err[0]


@pytest.mark.parametrize("flag, suggestion", [
    ("--overwirte", "--overwrite"),
    ("--direct_num_workrs=1", "--direct_num_workers"),
    ("--no_such_beam_option=3", None),
])
def test_a_misspelt_option_is_refused_instead_of_dropped_by_beam(tmp_path, capsys, flag, suggestion):
    (tmp_path / "a.jsonl").write_text('{"text": "hello"}\n', encoding="utf-8")
    out = tmp_path / "o"
    assert main(["scan", str(tmp_path / "a.jsonl"), "--out", str(out), "--quiet", flag]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"unknown option {flag.split('=')[0]}" in err[0]
    assert (f"did you mean {suggestion}?" in err[0]) if suggestion else "did you mean" not in err[0]
    assert not (out / "summary.json").exists()


def test_beam_options_of_every_runner_pass_the_check():
    from runners.cli import _check_beam_args

    _check_beam_args(["--runner=DataflowRunner", "--project=p", "--region=europe-west1", "--temp_location=gs://b/t",
                      "--flink_master=localhost:8081", "--environment_type=LOOPBACK", "--job_endpoint=localhost:8099",
                      "--direct_num_workers=2", "--direct_running_mode=multi_processing", "--s3_region_name=x",
                      "--spark_master_url=local[2]", "--sdk_container_image=img", "--save_main_session"])


def test_portable_runner_through_the_local_job_service(example_corpus, tmp_path):
    """The job API that Flink and Spark job servers speak, on loopback."""
    port = free_port()
    service = subprocess.Popen(
        [sys.executable, "-m", "apache_beam.runners.portability.local_job_service_main", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("local job service did not start")
        out = tmp_path / "portable"
        rc = main([
            "scan", *example_corpus, "--out", str(out), "--lineage", str(MANIFEST), "--quiet",
            "--runner=PortableRunner", f"--job_endpoint=localhost:{port}", "--environment_type=LOOPBACK",
        ])
        assert rc == 0
        summary = json.loads((out / "summary.json").read_text())
        assert summary["records_read"] == _corpus_lines(example_corpus)
        assert summary["findings_total"] == _findings(out).num_rows > 0
    finally:
        service.terminate()
        service.wait(timeout=30)


def test_console_output_and_outputs_never_show_raw_values_or_the_key(tmp_path, capfd, monkeypatch):
    key = "a-scan-secret-that-must-never-be-written-0123456789"
    monkeypatch.setenv("PIPLSCAN_HASH_KEY", key)
    chat = str(EXAMPLES / "corpus" / "chat.jsonl")
    out = tmp_path / "o"
    assert main(["scan", chat, "--out", str(out), "--direct_num_workers=1"]) == 0
    console = capfd.readouterr()
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in Path(chat).read_text().splitlines() if line.strip()}
    rows = _findings(out).to_pylist()
    raw = {texts[r["record_id"]][r["start"]:r["end"]] for r in rows}
    raw = {v for v in raw if len(v) >= 4}
    assert len(raw) > 20
    written = [p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file() and p.suffix != ".parquet"]
    written += [json.dumps(pq.read_table(p).to_pylist(), ensure_ascii=False, default=str) for p in out.rglob("*.parquet")]
    for blob in [console.out, console.err, *written]:
        assert key not in blob
        for value in raw:
            assert value not in blob


def test_detectors_command_lists_every_catalogue_type_with_a_versioned_detector(capsys):
    assert main(["detectors", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_type = {r["entity_type"]: r for r in rows}
    assert set(entity_types()) <= set(by_type)
    for name in entity_types():
        assert by_type[name]["detectors"], f"no detector emits {name}"
        assert all(re.fullmatch(r"[a-z_]+@\d+\.\d+\.\d+", d) for d in by_type[name]["detectors"])


def test_loopback_check_sees_this_hosts_loopback():
    from runners.local import loopback_usable

    assert loopback_usable()


def _isolated_network_works() -> bool:
    import shutil

    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_scan_without_loopback_fails_fast_with_one_line(tmp_path):
    """In a network namespace whose loopback is down, worker processes could
    never connect: the scan must say so at once instead of waiting forever."""
    if not _isolated_network_works():
        pytest.skip("unshare -n not permitted here: cannot take the loopback interface away")
    corpus = str(EXAMPLES / "corpus" / "chat.jsonl")
    proc = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "runners.cli", "scan", corpus, "--out", str(tmp_path / "o"),
         "--direct_num_workers=2"],
        capture_output=True, text=True, timeout=120, cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "loopback" in lines[0]
    assert not (tmp_path / "o" / "summary.json").exists()


def test_a_failing_worker_is_one_line_with_the_cause_and_a_kept_traceback(tmp_path):
    """A detector that cannot load (here: a spaCy model that is not
    installed) fails the scan with one line naming the cause; the traceback
    Beam repeats for every worker goes to a file."""
    config = tmp_path / "detectors.yaml"
    config.write_text("detectors:\n  options:\n    en_person: {model: en_core_web_not_installed}\n")
    corpus = str(EXAMPLES / "corpus" / "chat.jsonl")
    proc = subprocess.run(
        [sys.executable, "-m", "runners.cli", "scan", corpus, "--out", str(tmp_path / "o"), "--config", str(config),
         "--direct_num_workers=1"],
        capture_output=True, text=True, timeout=300, cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr[-2000:]
    assert lines[0].startswith("piplscan scan: failed: OSError:") and "en_core_web_not_installed" in lines[0]
    log = Path(re.search(r"full traceback in (\S+)\)$", lines[0]).group(1))
    assert "Traceback" in log.read_text()
    assert not (tmp_path / "o" / "summary.json").exists()
