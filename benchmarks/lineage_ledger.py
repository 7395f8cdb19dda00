"""Benchmark: a scan joined to a consent ledger of millions of subjects.

Generates (synthetic, deterministic) a Parquet consent ledger of --subjects
subjects and a JSON Lines corpus of --records records naming them, then runs

    python -m runners.cli scan CORPUS --out OUT --lineage MANIFEST [beam options]

and reports wall time and the peak resident memory of every process of the
run (the CLI and its Beam workers), polled from /proc. The ledger is far over
JudgeLineage's side-input threshold, so the keyed join is what gets measured:
a semi-join that filters the ledger to the subjects the corpus names while
reading it, then CoGroupByKey on subject_id. Target: every process under 2 GB.

    python benchmarks/lineage_ledger.py                       # 5 M subjects, 200 k records
    python benchmarks/lineage_ledger.py --subjects 200000 --records 20000   # quick
    python benchmarks/lineage_ledger.py --driver              # JudgeLineage alone, no detection
    python benchmarks/lineage_ledger.py --baseline            # the same scan without --lineage

Extra options go to the scan CLI, e.g. `--config detectors.yaml` to run a
lighter detector set, or Beam options such as `--direct_num_workers=1`.

`--driver` runs only the lineage stage (records built in memory-light form
by Beam itself, no detectors) so the join's own memory can be told apart
from the detectors'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.schema import LEDGER_SCHEMA  # noqa: E402

SCAN_DATE = dt.date(2026, 11, 27)
CHUNK = 500_000


def subject_id(i: int) -> str:
    return f"s{i:08d}"


def write_ledger(path: Path, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    epoch = dt.date(1970, 1, 1)
    base = (dt.date(2025, 1, 1) - epoch).days
    schema = LEDGER_SCHEMA
    purpose_sets = [["model_training", "customer_service"], ["customer_service"], ["model_training"]]
    with pq.ParquetWriter(path, schema) as w:
        for start in range(0, n, CHUNK):
            m = min(CHUNK, n - start)
            ids = pa.array([subject_id(i) for i in range(start, start + m)])
            pick = rng.choice(3, size=m, p=[0.8, 0.1, 0.1])
            offsets = np.concatenate([[0], np.cumsum([len(purpose_sets[k]) for k in pick])]).astype(np.int32)
            values = pa.array([p for k in pick for p in purpose_sets[k]])
            purposes = pa.ListArray.from_arrays(pa.array(offsets), values)
            granted = rng.integers(0, 600, size=m) + base
            withdrawn_mask = rng.random(m) < 0.02
            withdrawn = pa.array(granted + rng.integers(1, 400, size=m), pa.int32()).cast(pa.date32())
            withdrawn = pa.compute.if_else(pa.array(withdrawn_mask), withdrawn, pa.scalar(None, pa.date32()))
            w.write_table(pa.Table.from_arrays([
                ids, purposes,
                pa.array(rng.random(m) < 0.5), pa.array(rng.random(m) < 0.3),
                pa.array(granted.astype(np.int32), pa.int32()).cast(pa.date32()), withdrawn,
            ], schema=schema))


def write_corpus(path: Path, n_records: int, n_subjects: int, seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    subjects = rng.integers(0, n_subjects, size=n_records)
    with path.open("w", encoding="utf-8") as fh:
        for i, s in enumerate(subjects):
            # Synthetic phone numbers in the 555 fiction range on every other record.
            text = f"order {i} shipped" if i % 2 else f"call me on +1 555 01{i % 100:02d} please"
            fh.write(json.dumps({"id": f"r{i}", "source": "bench-chat", "user_id": subject_id(int(s)),
                                 "text": text}) + "\n")


def write_manifest(folder: Path, n_subjects: int) -> Path:
    with (folder / "withdrawals.csv").open("w") as fh:
        fh.write("subject_id\n")
        for i in range(0, n_subjects, max(1, n_subjects // 1000)):
            fh.write(subject_id(i) + "\n")
    p = folder / "manifest.yaml"
    p.write_text(
        f"""scan_date: {SCAN_DATE.isoformat()}
subject_field: user_id
sources:
  - id: bench-chat
    match: {{source: bench-chat}}
    lawful_basis: consent
    consent: {{purposes: [model_training], valid_until: 2027-12-31}}
    processing_locations: [CN]
withdrawals:
  - path: withdrawals.csv
consents:
  - path: ledger.parquet
"""
    )
    return p


class TreeMemory:
    """Peak RSS of a process and all its descendants, read from /proc.

    Polled from the waiting loop itself rather than a thread: a poller thread
    was seen to miss the Beam workers on some runs."""

    def __init__(self, root_pid: int):
        self.root = root_pid
        self.peaks: dict[int, tuple[str, int]] = {}  # pid → (command, peak bytes)

    def _children(self) -> dict[int, int]:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, frontier = {self.root}, [self.root]
        while frontier:
            pid = frontier.pop()
            for child, parent in parents.items():
                if parent == pid and child not in tree:
                    tree.add(child)
                    frontier.append(child)
        return {pid: 0 for pid in tree}

    def poll(self) -> None:
        for pid in self._children():
            try:
                with open(f"/proc/{pid}/status") as fh:
                    status = dict(line.split(":", 1) for line in fh if ":" in line)
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")[:90]
                # VmHWM is the kernel's own high-water mark: peaks between polls count too.
                hwm = int(status.get("VmHWM", "0 kB").split()[0]) * 1024
                rss = int(status.get("VmRSS", "0 kB").split()[0]) * 1024
            except (OSError, ValueError, IndexError):
                # The process ended between listing and reading.
                continue
            prev_cmd, prev = self.peaks.get(pid, ("", 0))
            # An exiting process shows an empty command line: keep the one seen alive.
            self.peaks[pid] = (prev_cmd or cmd, max(prev, hwm, rss))


def _driver_record(line: str):
    from pipelines.model import ScannedRecord

    d = json.loads(line)
    phone = "555" in d["text"]
    return ScannedRecord(
        record_id=d["id"], source=d["source"], input_path="corpus.jsonl", location="corpus.jsonl",
        subject_id=d["user_id"], nbytes=len(line),
        n_findings=1 if phone else 0,
        entity_types=["PHONE_NUMBER"] if phone else [],
    )


def run_driver(corpus: str, manifest_path: str, join: str, beam_args: list[str]) -> int:
    """The lineage stage alone, on the runner the CLI uses locally."""
    import apache_beam as beam

    from pipelines.lineage import CountViolations, JudgeLineage, load_manifest
    from runners.local import make_pipeline

    manifest = load_manifest(manifest_path)
    stage = JudgeLineage(manifest, join=join)
    print("join plan:", stage.join_plan(), flush=True)
    out = Path(manifest_path).with_name("driver-counts")
    p, _, _ = make_pipeline(beam_args)
    judged = (p | beam.io.ReadFromText(corpus) | beam.Map(_driver_record) | stage)
    _ = (judged | CountViolations() | beam.Map(lambda kv: f"{kv[0]} {kv[1]}")
         | beam.io.WriteToText(str(out), shard_name_template="", file_name_suffix=".txt"))
    result = p.run()
    result.wait_until_finish()
    print("violations:", Path(str(out) + ".txt").read_text().split("\n"))
    from apache_beam.metrics.metric import MetricsFilter

    # How many ledger rows the semi-join let through to the shuffle.
    for name in ("ledger_rows_read", "ledger_rows_referenced"):
        found = result.metrics().query(MetricsFilter().with_namespace("lineage").with_name(name))
        print(f"{name}: {sum(c.committed or 0 for c in found['counters']):,}")
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--run-driver"]:
        sys.path.insert(0, str(ROOT))
        return run_driver(argv[1], argv[2], argv[3], argv[4:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--subjects", type=int, default=5_000_000)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--workdir", default="/tmp/piplscan-lineage-bench")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--driver", action="store_true", help="run JudgeLineage alone (no detectors)")
    ap.add_argument("--baseline", action="store_true",
                    help="the same scan without --lineage, to tell the lineage stage's share apart")
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--join", choices=("auto", "side_input", "keyed"), default="auto",
                    help="with --driver: force the join strategy")
    args, beam_args = ap.parse_known_args(argv)

    work = Path(args.workdir) / f"{args.subjects}-{args.records}"
    work.mkdir(parents=True, exist_ok=True)
    ledger, corpus = work / "ledger.parquet", work / "corpus.jsonl"
    t = time.time()
    if args.regenerate or not ledger.exists():
        write_ledger(ledger, args.subjects, args.seed)
    if args.regenerate or not corpus.exists():
        write_corpus(corpus, args.records, args.subjects, args.seed)
    manifest = write_manifest(work, args.subjects)
    print(f"data: ledger {args.subjects:,} subjects {ledger.stat().st_size / 1e6:.1f} MB, "
          f"corpus {args.records:,} records {corpus.stat().st_size / 1e6:.1f} MB "
          f"(generated/reused in {time.time() - t:.1f} s) in {work}")

    if args.driver:
        cmd = [sys.executable, __file__, "--run-driver", str(corpus), str(manifest), args.join, *beam_args]
    else:
        out = work / "out"
        lineage = [] if args.baseline else ["--lineage", str(manifest)]
        cmd = [sys.executable, "-m", "runners.cli", "scan", str(corpus), "--out", str(out),
               *lineage, "--overwrite", "--quiet", "--no-report", *beam_args]
    print("run:", " ".join(cmd))
    t = time.time()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    mem = TreeMemory(proc.pid)
    while (rc := proc.poll()) is None:
        mem.poll()
        time.sleep(0.25)
    wall = time.time() - t
    print(f"exit {rc}, wall {wall:.1f} s")
    for pid, (cmdline, peak) in sorted(mem.peaks.items(), key=lambda kv: -kv[1][1]):
        print(f"  pid {pid:>7}  peak RSS {peak / 2**20:8.1f} MiB  {cmdline}")
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"  largest waited-for child (getrusage RUSAGE_CHILDREN): {children / 2**20:.1f} MiB")
    worst = max((p for _, p in mem.peaks.values()), default=0)
    print(f"peak of any process: {worst / 2**20:.1f} MiB "
          f"({'under' if worst < 2 * 2**30 else 'OVER'} the 2 GB target)")
    if not args.driver and rc == 0:
        summary = json.loads((work / "out" / "summary.json").read_text())
        print("violations:", summary.get("violations"), "actions:", summary.get("actions"))
    return rc


if __name__ == "__main__":
    sys.exit(main())
