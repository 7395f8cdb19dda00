"""Throughput and memory of ``piplscan scan`` against Presidio's analyzer.

    python -m benchmarks.throughput                         # speed on 100 MB, 1 and 2 workers vs Presidio
    python -m benchmarks.throughput --mb 20                 # quicker; start-up weighs more
    python -m benchmarks.throughput --memory-flat --small-mb 100 --large-mb 1000
    python -m benchmarks.throughput --pathological          # 50 MB record, 10 M-digit line
    python -m benchmarks.throughput --mb 5 --json out.json  # any mode can write JSON

Speed mode generates a mixed Chinese/English corpus of ``--mb`` MB of text
with ``benchmarks.synth_corpus`` and, in one invocation on this machine, runs

* Presidio's default ``AnalyzerEngine`` (en_core_web_sm, offline) in a child
  process over the first ``--presidio-sample`` records (Presidio manages about
  a hundred short texts a second, so the whole corpus would take hours); its
  MB/s is sample text bytes / time spent in ``analyze`` (model loading
  excluded, which flatters Presidio);
* ``python -m runners.cli scan FILE --out DIR --overwrite --quiet
  --direct_num_workers=N`` for N = 1 and 2; wall time includes start-up
  (loading models, building the pipeline) and writing every output;
* the same two scans over the corpus's first ``--fixed-records`` records,
  which shows what a scan costs besides its records. That cost does not grow
  with the corpus, so it weighs on a small corpus only: the default corpus is
  100 MB, and the ratio without it is printed as well, for information.

MB/s is UTF-8 bytes of the text fields (10^6 bytes per MB) / seconds; the
JSONL file size is reported too. Peak RSS is polled from /proc every 0.2 s
for the child and all its descendants: reported as the largest single
process, and the largest instantaneous sum over the process tree.

Targets: ours-1-worker / Presidio ≥ 10×; 2 workers / 1 worker ≥ 1.7×;
``--memory-flat``: peak RSS of the larger scan ≤ 1.2× the smaller one;
``--pathological``: doubling the input roughly doubles the time (ratio ≤ 2.5)
and peak RSS stays bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
# Above this size the corpus repeats a generated pool of records (with fresh
# ids) instead of generating every record: the generator writes ~2.5 MB/s,
# and a memory or throughput run does not need 1 GB of distinct sentences.
POOL_BYTES = 50_000_000


# --------------------------------------------------------------------------
# process-tree memory


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return out


def _rss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
        return None


def _cmd(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()[:160]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return "?"


class TreeMemory:
    """Peak RSS of a process and every descendant, polled from /proc."""

    def __init__(self, root: int, interval: float = 0.2):
        self.root = root
        self.interval = interval
        self.per_process: dict[int, tuple[str, int]] = {}
        self.peak_sum = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _poll(self) -> None:
        todo, seen, total = [self.root], set(), 0
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            rss = _rss(pid)
            if rss is None:
                continue
            total += rss
            cmd, peak = self.per_process.get(pid, (None, 0))
            if cmd is None:
                cmd = _cmd(pid)
            self.per_process[pid] = (cmd, max(peak, rss))
            todo.extend(_children(pid))
        self.peak_sum = max(self.peak_sum, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._poll()
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_process(self) -> int:
        return max((p for _, p in self.per_process.values()), default=0)

    def summary(self) -> dict:
        return {
            "processes": len(self.per_process),
            "peak_rss_max_process_mb": round(self.peak_process / 1e6, 1),
            "peak_rss_sum_mb": round(self.peak_sum / 1e6, 1),
            "per_process": sorted(
                ({"pid": pid, "cmd": cmd, "peak_rss_mb": round(p / 1e6, 1)} for pid, (cmd, p) in self.per_process.items()),
                key=lambda d: -d["peak_rss_mb"],
            ),
        }


@dataclass
class RunResult:
    label: str
    seconds: float
    records: int
    text_bytes: int
    file_bytes: int
    exit_code: int
    memory: dict = field(default_factory=dict)
    note: str = ""
    gate: dict | None = None

    @property
    def mb_per_s(self) -> float:
        return self.text_bytes / 1e6 / self.seconds if self.seconds else 0.0

    @property
    def records_per_s(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["mb_per_s"] = round(self.mb_per_s, 3)
        d["records_per_s"] = round(self.records_per_s, 1)
        return d


def run_monitored(cmd: list[str], label: str, records: int, text_bytes: int, file_bytes: int,
                  stdout_path: Path | None = None) -> tuple[RunResult, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = open(stdout_path, "w") if stdout_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.PIPE, text=True)
        with TreeMemory(proc.pid) as mem:
            _, err = proc.communicate()
        seconds = time.perf_counter() - t0
    finally:
        if stdout_path:
            out.close()
    if proc.returncode != 0:
        print(f"  {label}: exit {proc.returncode}", file=sys.stderr)
    result = RunResult(label, seconds, records, text_bytes, file_bytes, proc.returncode, mem.summary())
    if proc.returncode != 0:
        # Only the last line: Beam errors can quote record text.
        last = err.strip().splitlines()[-1] if err.strip() else ""
        result.note = f"failed: {last[:200]}"
    return result, err


# --------------------------------------------------------------------------
# corpora


def write_corpus(path: Path, mb: float, seed: int = 1) -> tuple[int, int]:
    """Mixed-language records up to ``mb`` MB of text; returns (records, text bytes)."""
    from .synth_corpus import generate_bytes

    target = int(mb * 1_000_000)
    n = nbytes = 0
    with path.open("w", encoding="utf-8") as fh:
        if target <= POOL_BYTES:
            for rec in generate_bytes(target, seed):
                fh.write(json.dumps({"id": rec["id"], "text": rec["text"], "source": rec["source"]}, ensure_ascii=False) + "\n")
                n += 1
                nbytes += len(rec["text"].encode("utf-8"))
            return n, nbytes
        pool = [(r["text"], r["source"], len(r["text"].encode("utf-8"))) for r in generate_bytes(POOL_BYTES // 5, seed)]
        rng = random.Random(seed)
        while nbytes < target:
            text, source, b = pool[rng.randrange(len(pool))]
            fh.write(json.dumps({"id": f"r{n:09d}", "text": text, "source": source}, ensure_ascii=False) + "\n")
            n += 1
            nbytes += b
    return n, nbytes


def scan_cmd(corpus: Path, out: Path, workers: int, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "runners.cli", "scan", str(corpus), "--out", str(out), "--overwrite", "--quiet",
            f"--direct_num_workers={workers}", *extra]


def scan(corpus: Path, work: Path, workers: int, records: int, text_bytes: int, extra: list[str], label: str,
         then_gate: bool = False) -> RunResult:
    out = work / f"out-{label}"
    print(f"  running {label} ...", file=sys.stderr, flush=True)
    res, _ = run_monitored(scan_cmd(corpus, out, workers, extra), label, records, text_bytes, corpus.stat().st_size)
    summary = out / "summary.json"
    if summary.is_file():
        s = json.loads(summary.read_text(encoding="utf-8"))
        res.note = f"records_scanned={s.get('records_scanned')} findings_total={s.get('findings_total')}"
    if then_gate and summary.is_file():
        # The gate reads every finding of the scan: its memory must not grow
        # with the corpus either. Exit 1 (policy failed) is a finished run.
        gate, _ = run_monitored([sys.executable, "-m", "runners.cli", "gate", str(out)], f"gate-{label}",
                                records, text_bytes, corpus.stat().st_size)
        res.gate = {"seconds": round(gate.seconds, 1), "exit_code": gate.exit_code,
                    "peak_rss_mb": gate.memory["peak_rss_max_process_mb"]}
        print(f"  gate after {label}: {gate.seconds:.1f}s exit {gate.exit_code} peak RSS "
              f"{gate.memory['peak_rss_max_process_mb']} MB", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    print(f"  {label}: {res.seconds:.1f}s  {res.mb_per_s:.3f} MB/s  peak RSS {res.memory['peak_rss_max_process_mb']} MB "
          f"(sum {res.memory['peak_rss_sum_mb']} MB, {res.memory['processes']} processes)", file=sys.stderr)
    return res


# --------------------------------------------------------------------------
# Presidio in a child process (so its memory is measured like ours)


def presidio_worker(corpus: Path, n: int) -> None:
    from .presidio_baseline import PresidioBaseline

    texts = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    t0 = time.perf_counter()
    baseline = PresidioBaseline()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    findings = sum(len(baseline.spans(t)) for t in texts)
    seconds = time.perf_counter() - t0
    print(json.dumps({"records": len(texts), "text_bytes": sum(len(t.encode("utf-8")) for t in texts),
                      "analyze_seconds": seconds, "load_seconds": load, "findings": findings}))


def presidio(corpus: Path, work: Path, n: int) -> RunResult:
    print(f"  running presidio on {n} records ...", file=sys.stderr, flush=True)
    stdout = work / "presidio.json"
    cmd = [sys.executable, "-m", "benchmarks.throughput", "--_presidio-worker", str(corpus), "--presidio-sample", str(n)]
    res, _ = run_monitored(cmd, "presidio", 0, 0, corpus.stat().st_size, stdout_path=stdout)
    if res.exit_code == 0:
        d = json.loads(stdout.read_text().strip().splitlines()[-1])
        res.records, res.text_bytes = d["records"], d["text_bytes"]
        res.note = f"analyze only: {d['analyze_seconds']:.1f}s; model load {d['load_seconds']:.1f}s not counted; process wall {res.seconds:.1f}s"
        res.seconds = d["analyze_seconds"]
    print(f"  presidio: {res.mb_per_s:.4f} MB/s, {res.records_per_s:.1f} records/s "
          f"(sample of {res.records} records, {res.text_bytes} bytes)", file=sys.stderr)
    return res


# --------------------------------------------------------------------------
# modes


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def mode_speed(args, work: Path) -> dict:
    corpus = work / "corpus.jsonl"
    t0 = time.perf_counter()
    records, text_bytes = write_corpus(corpus, args.mb, args.seed)
    print(f"corpus: {records} records, {text_bytes / 1e6:.1f} MB text, {corpus.stat().st_size / 1e6:.1f} MB file "
          f"(generated in {time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    runs = {}
    if not args.no_presidio:
        runs["presidio"] = presidio(corpus, work, args.presidio_sample)
    for w in args.workers:
        runs[f"piplscan-{w}w"] = scan(corpus, work, w, records, text_bytes, args.scan_args, f"piplscan-{w}w")
    # The same scans of the corpus's first records: what a scan costs besides
    # its records (start-up, planning, writing and publishing the outputs).
    fixed = {}
    if args.fixed_records:
        small = work / "fixed.jsonl"
        n_small = b_small = 0
        with corpus.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
            for line in src:
                if n_small >= args.fixed_records:
                    break
                dst.write(line)
                n_small += 1
                b_small += len(json.loads(line)["text"].encode("utf-8"))
        for w in args.workers:
            fixed[w] = scan(small, work, w, n_small, b_small, args.scan_args, f"fixed-{w}w")

    print(f"\n{'run':<14} {'records':>8} {'text MB':>8} {'seconds':>8} {'MB/s':>8} {'rec/s':>8} {'peak proc MB':>12} {'peak sum MB':>11}")
    for name, r in runs.items():
        print(f"{name:<14} {r.records:>8} {r.text_bytes / 1e6:>8.2f} {r.seconds:>8.1f} {r.mb_per_s:>8.3f} {r.records_per_s:>8.0f} "
              f"{r.memory.get('peak_rss_max_process_mb', 0):>12} {r.memory.get('peak_rss_sum_mb', 0):>11}")
        if r.note:
            print(f"{'':<14} {r.note}")
        if r.exit_code:
            print(f"{'':<14} exit code {r.exit_code}")
    ratios = {}
    # A run that exited non-zero measured a crash, not a scan: no ratio from it.
    ok = {k: r for k, r in runs.items() if r.exit_code == 0}
    for k in sorted(set(runs) - set(ok)):
        print(f"{k}: FAILED RUN (exit {runs[k].exit_code}); excluded from the ratios")
    one, two, pres = ok.get("piplscan-1w"), ok.get("piplscan-2w"), ok.get("presidio")
    print()
    if one and pres and pres.mb_per_s:
        ratios["ours_1w_over_presidio"] = one.mb_per_s / pres.mb_per_s
        print(f"ours 1 worker / Presidio: {ratios['ours_1w_over_presidio']:.2f}x  (target >= 10x)  "
              f"{_verdict(ratios['ours_1w_over_presidio'] >= 10)}")
    if one and two and one.mb_per_s:
        ratios["2w_over_1w"] = two.mb_per_s / one.mb_per_s
        print(f"2 workers / 1 worker:     {ratios['2w_over_1w']:.2f}x  (target >= 1.7x)  {_verdict(ratios['2w_over_1w'] >= 1.7)}")
        f1, f2 = fixed.get(1), fixed.get(2)
        if f1 and f2 and f1.exit_code == 0 and f2.exit_code == 0 and one.seconds > f1.seconds and two.seconds > f2.seconds:
            ratios["fixed_seconds_1w"] = round(f1.seconds, 1)
            ratios["fixed_seconds_2w"] = round(f2.seconds, 1)
            ratios["2w_over_1w_without_fixed"] = (one.seconds - f1.seconds) / (two.seconds - f2.seconds)
            print(f"  fixed cost ({f1.records} records): 1 worker {f1.seconds:.1f}s, 2 workers {f2.seconds:.1f}s "
                  f"({100 * f2.seconds / two.seconds:.0f}% of the 2-worker run); without it: "
                  f"{ratios['2w_over_1w_without_fixed']:.2f}x (information: the rate on a corpus where start-up is negligible)")
    return {"mode": "speed", "mb": args.mb, "file_bytes": corpus.stat().st_size, "records": records,
            "text_bytes": text_bytes, "runs": {k: v.as_dict() for k, v in runs.items()},
            "fixed_cost_runs": {f"{w}w": r.as_dict() for w, r in fixed.items()}, "ratios": ratios}


def mode_memory_flat(args, work: Path) -> dict:
    results = {}
    for mb in (args.small_mb, args.large_mb):
        corpus = work / f"corpus-{mb}mb.jsonl"
        records, text_bytes = write_corpus(corpus, mb, args.seed)
        print(f"corpus {mb} MB: {records} records, file {corpus.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
        results[mb] = scan(corpus, work, args.memory_workers, records, text_bytes, args.scan_args, f"piplscan-{mb}mb",
                           then_gate=args.gate)
        corpus.unlink()
    small, large = results[args.small_mb], results[args.large_mb]
    ratio_proc = large.memory["peak_rss_max_process_mb"] / max(small.memory["peak_rss_max_process_mb"], 1e-9)
    ratio_sum = large.memory["peak_rss_sum_mb"] / max(small.memory["peak_rss_sum_mb"], 1e-9)
    print(f"\n{'size':>8} {'seconds':>8} {'MB/s':>7} {'peak proc MB':>12} {'peak sum MB':>11}")
    for mb, r in results.items():
        print(f"{mb:>6}MB {r.seconds:>8.1f} {r.mb_per_s:>7.3f} {r.memory['peak_rss_max_process_mb']:>12} {r.memory['peak_rss_sum_mb']:>11}")
    print(f"peak RSS large/small: largest process {ratio_proc:.2f}x, tree sum {ratio_sum:.2f}x  (target <= 1.2x)  "
          f"{_verdict(ratio_proc <= 1.2 and ratio_sum <= 1.2)}")
    gate_ratio = None
    if small.gate and large.gate and small.gate["exit_code"] in (0, 1) and large.gate["exit_code"] in (0, 1):
        gate_ratio = large.gate["peak_rss_mb"] / max(small.gate["peak_rss_mb"], 1e-9)
        print(f"gate peak RSS {small.gate['peak_rss_mb']} -> {large.gate['peak_rss_mb']} MB: {gate_ratio:.2f}x  "
              f"(target <= 1.2x)  {_verdict(gate_ratio <= 1.2)}")
    return {"mode": "memory_flat", "workers": args.memory_workers,
            "runs": {str(k): v.as_dict() for k, v in results.items()},
            "ratio_max_process": ratio_proc, "ratio_sum": ratio_sum, "ratio_gate": gate_ratio}


def _write_single(path: Path, text: str) -> int:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big-0", "text": text, "source": "pathological"}, ensure_ascii=False) + "\n")
    return len(text.encode("utf-8"))


def mode_pathological(args, work: Path) -> dict:
    from .synth_corpus import generate_bytes

    out = {}
    rng = random.Random(args.seed)
    # One record of ordinary mixed text, and one line that is nothing but digits
    # (the worst case for every numeric pattern), each at full and half size.
    filler = "\n".join(r["text"] for r in generate_bytes(2_000_000, args.seed))
    cases = {
        "single_record": lambda nbytes: (filler * (nbytes // len(filler.encode("utf-8")) + 1)).encode("utf-8")[:nbytes].decode("utf-8", "ignore"),
        "digit_line": lambda n: "".join(rng.choice("0123456789") for _ in range(n)),
    }
    sizes = {"single_record": int(args.big_record_mb * 1_000_000), "digit_line": args.digits}
    for name, make in cases.items():
        runs = {}
        for frac in (0.5, 1.0):
            n = int(sizes[name] * frac)
            corpus = work / f"{name}-{n}.jsonl"
            text_bytes = _write_single(corpus, make(n))
            label = f"{name}-{'half' if frac < 1 else 'full'}"
            runs[label] = scan(corpus, work, 1, 1, text_bytes, args.scan_args, label)
            corpus.unlink()
        half, full = runs[f"{name}-half"], runs[f"{name}-full"]
        ratio = full.seconds / half.seconds if half.seconds else float("inf")
        mem_ratio = full.memory["peak_rss_max_process_mb"] / max(half.memory["peak_rss_max_process_mb"], 1e-9)
        print(f"\n{name}: half {half.text_bytes / 1e6:.1f} MB in {half.seconds:.1f}s, full {full.text_bytes / 1e6:.1f} MB in "
              f"{full.seconds:.1f}s; time ratio {ratio:.2f} (linear = 2, target <= 2.5) {_verdict(ratio <= 2.5)}; "
              f"peak RSS {half.memory['peak_rss_max_process_mb']} → {full.memory['peak_rss_max_process_mb']} MB "
              f"(ratio {mem_ratio:.2f}); exit codes {half.exit_code}/{full.exit_code}")
        out[name] = {"runs": {k: v.as_dict() for k, v in runs.items()}, "time_ratio": ratio, "peak_rss_ratio": mem_ratio}
    return {"mode": "pathological", **out}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.throughput", description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=100.0, help="speed mode: corpus size in MB of text")
    ap.add_argument("--fixed-records", type=int, default=100,
                    help="speed mode: also scan this many records with each worker count, to show the fixed cost "
                         "of a scan (0: skip)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="speed mode: --direct_num_workers values")
    ap.add_argument("--presidio-sample", type=int, default=2000, help="records Presidio analyzes (from the start)")
    ap.add_argument("--no-presidio", action="store_true")
    ap.add_argument("--memory-flat", action="store_true", help="compare peak RSS at --small-mb and --large-mb")
    ap.add_argument("--small-mb", type=float, default=100.0)
    ap.add_argument("--large-mb", type=float, default=1000.0)
    ap.add_argument("--memory-workers", type=int, default=1)
    ap.add_argument("--gate", action="store_true", help="memory mode: also run `piplscan gate` on each scan's outputs")
    ap.add_argument("--pathological", action="store_true", help="one huge record and one 10 M-digit line")
    ap.add_argument("--big-record-mb", type=float, default=50.0)
    ap.add_argument("--digits", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scan-args", nargs=argparse.REMAINDER, default=[],
                    help="extra arguments for `piplscan scan` (must come last)")
    ap.add_argument("--work-dir", type=Path, help="keep corpora and outputs here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    ap.add_argument("--_presidio-worker", dest="presidio_worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.presidio_worker:
        presidio_worker(args.presidio_worker, args.presidio_sample)
        return 0

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="piplscan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        if args.memory_flat:
            result = mode_memory_flat(args, work)
        elif args.pathological:
            result = mode_pathological(args, work)
        else:
            result = mode_speed(args, work)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    result.update(ran_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), machine=machine,
                  argv=sys.argv[1:] if argv is None else argv)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
