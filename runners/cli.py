"""The ``piplscan`` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from typing import NamedTuple

EXIT_OK, EXIT_POLICY, EXIT_USAGE = 0, 1, 2
# A scan that did not finish (not a policy verdict: scan has none).
EXIT_FAILED = 1


class UsageError(Exception):
    """Bad arguments or inputs: reported as one line, exit 2."""


class ScanFailed(Exception):
    """The pipeline failed (a worker raised, a runner gave up): reported as
    one line, the root cause, with the full traceback kept in a file; exit 1.

    Beam's own message repeats every worker's traceback, several screens
    long; its last line names the cause ("OSError: [E050] Can't find model
    ...")."""

    def __init__(self, error: BaseException, log_path: str | None):
        import traceback

        detail = "".join(traceback.format_exception(error))
        if not log_path:
            fd, log_path = tempfile.mkstemp(prefix="piplscan-scan-error-", suffix=".log")
            os.close(fd)
        with open(log_path, "a", encoding="utf-8", errors="replace") as fh:
            fh.write("\npiplscan scan failed:\n" + detail)
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        cause = lines[-1] if lines else ""
        if cause and not cause.startswith(type(error).__name__) and ":" not in cause.split(" ")[0]:
            cause = f"{type(error).__name__}: {cause}"
        cause = cause or type(error).__name__
        if len(cause) > 300:
            cause = cause[:297] + "..."
        super().__init__(f"{cause} (full traceback in {log_path})")


def tool_version() -> str:
    try:
        return metadata.version("piplscan")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _quiet_libraries() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("apache_beam", "root", "presidio-analyzer", "jieba", "absl"):
        logging.getLogger(name).setLevel(logging.ERROR)
    logging.getLogger().setLevel(logging.ERROR)
    # Some libraries pin their own loggers at INFO; records still reach the
    # root handler through propagation, so the handler itself filters them.
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)


# --------------------------------------------------------------------------
# scan


def _scan_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="piplscan scan",
        description="Scan a corpus for personal information. Unknown options are passed to Apache Beam "
        "(--runner, --direct_num_workers, --job_endpoint, --project, --region, --temp_location, ...).",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or globs on any Beam filesystem")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--format", choices=("jsonl", "parquet", "csv", "txt"), help="override the format given by the extension")
    p.add_argument("--text-field", action="append", dest="text_fields", metavar="NAME", help="text field to scan (repeatable; default: text)")
    p.add_argument("--id-field", default="id", metavar="NAME")
    p.add_argument("--source-field", default="source", metavar="NAME")
    p.add_argument("--lineage", metavar="MANIFEST.yaml", help="consent-lineage manifest")
    p.add_argument("--config", metavar="FILE.yaml", help="detector configuration (enable/disable detectors, Presidio YAML recognizers, spaCy model)")
    p.add_argument("--hash-key-file", metavar="PATH", help="secret key for value_hash, readable by workers (default: a random key per local scan)")
    p.add_argument("--overwrite", action="store_true", help="replace the outputs of an earlier scan in --out")
    p.add_argument("--max-record-bytes", type=int, default=64 << 20, metavar="N", help="reject records longer than this (default 64 MiB)")
    p.add_argument("--split-bytes", type=int, metavar="N", help=argparse.SUPPRESS)
    p.add_argument("--no-report", action="store_true", help="do not write report.md / report.html")
    p.add_argument("--quiet", action="store_true", help="no progress line and no final summary")
    return p


def _fmt_summary(summary: dict, out_dir: str, seconds: float) -> str:
    mb = summary.get("bytes_scanned", 0) / 1e6
    lines = [
        f"piplscan {summary['tool_version']} · scan {summary['scan_id']} · {seconds:.1f} s · {mb:.2f} MB",
        f"records read {summary['records_read']:,}: scanned {summary['records_scanned']:,}, rejected {summary['records_rejected']:,}",
        f"findings {summary['findings_total']:,}",
    ]
    cats = summary.get("by_pipl_category", {})
    if cats:
        rows = [("general", cats.get("general", 0))]
        rows += sorted(((f"sensitive: {k}", v) for k, v in cats.items() if k != "general"), key=lambda kv: -kv[1])
        for label, v in rows:
            lines.append(f"  {label:<30}{v:>10,}")
    if summary.get("violations"):
        v = ", ".join(f"{k} {n:,}" for k, n in sorted(summary["violations"].items()))
        lines.append(f"violations: {v}")
    if summary.get("actions"):
        lines.append("actions: " + ", ".join(f"{k} {n:,}" for k, n in sorted(summary["actions"].items())))
    if summary.get("rejects_by_reason"):
        lines.append("rejects: " + ", ".join(f"{k} {n:,}" for k, n in sorted(summary["rejects_by_reason"].items())))
    lines.append(f"outputs in {out_dir}: findings/ records/ rejects/ summary.json" + ("" if summary.get("_no_report") else " report.md report.html"))
    return "\n".join(lines)


def cmd_scan(argv: list[str]) -> int:
    args, beam_args = _scan_parser().parse_known_args(argv)
    for a in beam_args:
        if a.startswith("--") is False:
            raise UsageError(f"unexpected argument {a!r} (Beam options take their value after '=', "
                             "as in --direct_num_workers=2)")
    from detectors.engine import ConfigError, EngineConfig

    from . import forkserver

    forkserver.offline_environment()
    try:
        engine_cfg = EngineConfig.from_file(args.config)
    except ConfigError as e:
        raise UsageError(str(e)) from None
    # Local workers are forked from a warm process: start it before anything
    # heavy is imported here, so that both load at the same time.
    progress_dir = None
    if forkserver.forked_worker_count(beam_args):
        progress_dir = tempfile.mkdtemp(prefix="piplscan-progress-")
        forkserver.start(engine_cfg, os.path.join(progress_dir, "workers.log"))
    try:
        _check_beam_args(beam_args)
        try:
            engine_cfg.check_options()
        except ConfigError as e:
            raise UsageError(str(e)) from None
        return _run_scan(args, beam_args, engine_cfg, progress_dir)
    except UsageError:
        if progress_dir:
            shutil.rmtree(progress_dir, ignore_errors=True)
        raise


def _check_beam_args(beam_args: list[str]) -> None:
    """Options piplscan does not know go to Beam, and Beam drops the ones it
    does not know either with a log line nobody sees: a misspelt
    --overwrite or --direct_num_workers would change the scan silently.
    Parse them as Beam does (every PipelineOptions class adds its flags to
    one parser) and refuse what is left."""
    import difflib

    from apache_beam.options.pipeline_options import PipelineOptions

    parser = argparse.ArgumentParser(allow_abbrev=False, add_help=False)
    classes = {str(c): c for c in PipelineOptions.__subclasses__()}
    for cls in classes.values():
        try:
            cls._add_argparse_args(parser)  # Beam's own way to collect its flags
        except argparse.ArgumentError:
            continue  # a flag two option classes define: already added
    _, unknown = parser.parse_known_args(beam_args)
    flags = [a for a in unknown if a.startswith("--")]
    if flags:
        name = flags[0].split("=", 1)[0]
        known = [o for a in [*parser._actions, *_scan_parser()._actions] for o in a.option_strings]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise UsageError(f"unknown option {name} (neither piplscan's nor Apache Beam's){hint}")


class BuiltScan(NamedTuple):
    """A scan's pipeline, built and not yet run, and what its run needs."""

    pipeline: object
    options: object
    local: bool
    planned: list
    manifest: object
    settings: object


def build_scan(args, beam_args: list[str], engine_cfg, progress_dir: str | None = None) -> BuiltScan:
    """Everything ``piplscan scan`` does before it runs the pipeline: check
    the arguments, plan the inputs, create the staging folder and build the
    graph. Tests run the result on a runner of their choice (Dataflow's dry
    run, which translates the job without submitting it)."""
    from pipelines import outputs
    from pipelines.inputs import expand, plan, split_size
    from pipelines.privacy import KEY_ENV, ensure_local_key
    from pipelines.readers import InputError, ReadOptions
    from pipelines.scan import ScanSettings, build, new_scan_id

    from .local import loopback_usable, make_pipeline, runs_in_process, worker_count

    # Beam's filesystems serve the inputs, the manifest and the output folder
    # before the pipeline exists; they take the user's options (--no_auth,
    # credentials, project) from here rather than from defaults.
    from apache_beam.io.filesystems import FileSystems
    from apache_beam.options.pipeline_options import PipelineOptions

    FileSystems.set_options(PipelineOptions(beam_args))
    text_fields = tuple(args.text_fields or ["text"])
    manifest = None
    if args.lineage:
        from pipelines.lineage.manifest import ManifestError, load_manifest

        try:
            manifest = load_manifest(args.lineage)
        except ManifestError as e:
            raise UsageError(str(e)) from None
    if args.max_record_bytes < 1024:
        raise UsageError("--max-record-bytes must be at least 1024")
    read_opts = ReadOptions(
        text_fields=text_fields,
        id_field=args.id_field,
        source_field=args.source_field,
        subject_field=getattr(manifest, "subject_field", None),
        max_record_bytes=args.max_record_bytes,
    )
    pipeline, options, local = make_pipeline(beam_args, engine_cfg)
    if local and worker_count(options) > 1 and not loopback_usable():
        raise UsageError("local worker processes need the loopback interface (127.0.0.1), which refuses "
                         "connections here: bring it up, or scan in one process with --direct_num_workers=1")
    try:
        split_bytes = args.split_bytes or split_size(expand(args.inputs), worker_count(options) if local else 0)
        planned = plan(args.inputs, args.format, split_bytes)
    except InputError as e:
        raise UsageError(str(e)) from None
    if manifest is not None:
        try:
            manifest.check_inputs([pi.path for pi in planned])
        except ManifestError as e:
            raise UsageError(str(e)) from None

    if local or runs_in_process(options):
        ensure_local_key()
    elif not args.hash_key_file and not os.environ.get(KEY_ENV):
        raise UsageError(f"a remote runner needs --hash-key-file (readable by its workers) or {KEY_ENV} set on them")

    scan_id = new_scan_id()
    try:
        staging = outputs.prepare(args.out, scan_id, args.overwrite)
    except outputs.OutputError as e:
        raise UsageError(str(e)) from None
    if local and progress_dir is None:
        progress_dir = tempfile.mkdtemp(prefix="piplscan-progress-")
    settings = ScanSettings(scan_id, staging, read_opts, engine_cfg, args.hash_key_file, progress_dir)
    try:
        build(pipeline, planned, settings, manifest)
    except Exception as e:  # reported like a failed run: one line, staging removed
        outputs.abandon(staging)
        raise ScanFailed(e, os.path.join(progress_dir, "workers.log") if progress_dir else None) from None
    return BuiltScan(pipeline, options, local, planned, manifest, settings)


def _run_scan(args, beam_args: list[str], engine_cfg, progress_dir: str | None) -> int:
    from pipelines import outputs

    from .local import WorkerOutputToFile

    pipeline, _, local, planned, manifest, settings = build_scan(args, beam_args, engine_cfg, progress_dir)
    scan_id, staging, progress_dir = settings.scan_id, settings.staging, settings.progress_dir

    # Detector versions need the detector classes, hence Presidio and spaCy:
    # loaded now, while local workers are still being forked, rather than
    # after the last record.
    from detectors.engine import DetectionEngine

    detector_versions = DetectionEngine.versions_for(engine_cfg)
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.time()
    show_progress = local and not args.quiet
    progress = None
    worker_log = os.path.join(progress_dir, "workers.log") if progress_dir else None
    try:
        with WorkerOutputToFile(worker_log) if worker_log else contextlib.nullcontext():
            if show_progress:
                from pipelines.progress import ProgressLine

                progress = ProgressLine(progress_dir)
                progress.start()
            result = pipeline.run()
            result.wait_until_finish()
            totals = outputs.read_totals(staging)
    except Exception as e:
        outputs.abandon(staging)
        from pipelines.lineage import lineage_input_error

        # Bad lineage data met by a worker (a ledger date, a record two
        # manifest entries claim) is bad input: one line, exit 2.
        if (message := lineage_input_error(e)) is not None:
            if progress_dir:
                shutil.rmtree(progress_dir, ignore_errors=True)
            raise UsageError(message) from None
        raise ScanFailed(e, worker_log) from None
    except BaseException:
        outputs.abandon(staging)
        raise
    finally:
        if progress is not None:
            progress.stop()

    summary = assemble_summary(
        scan_id, started_at, planned, totals, detector_versions, manifest, args.lineage
    )
    outputs.publish(args.out, staging, summary)
    if progress_dir:
        shutil.rmtree(progress_dir, ignore_errors=True)
    missing = summary["records_without_subject"]
    if missing:
        # Most often a misspelt subject_field: every record lacks it.
        print(f"piplscan scan: warning: {missing:,} of {summary['records_scanned']:,} records have no "
              f"{manifest.subject_field!r} field, so their subjects' withdrawals and consent ledger rows "
              "were not checked", file=sys.stderr)
    if not args.no_report:
        write_reports(args.out)
    if not args.quiet:
        print(_fmt_summary({**summary, "_no_report": args.no_report}, args.out, time.time() - t0))
    return EXIT_OK


def assemble_summary(scan_id, started_at, planned, totals, detector_versions, manifest, manifest_path) -> dict:
    from pipelines.scan import scan_date_of

    records_scanned = totals["records_scanned"]
    rejected = totals["records_rejected"]
    lineage_coverage = None
    if manifest is not None:
        matched = totals["lineage_status"].get("matched", 0)
        lineage_coverage = round(matched / records_scanned, 6) if records_scanned else 0.0
    per_input = totals["inputs"]
    by_source_lineage = {}
    lineage_sources = []
    if manifest is not None:
        lineage_sources = manifest.describe()
        for src, paths in sorted(totals.get("source_paths", {}).items()):
            ids = sorted({e.id for e in (manifest.match(src, p) for p in paths) if e is not None})
            # One source value can match several entries by path
            # ("cn/*.jsonl", "sg/*.jsonl"): the report reads each of them.
            by_source_lineage[src] = ids or None
    return {
        "scan_id": scan_id,
        "tool_version": tool_version(),
        "started_at": started_at,
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": [{"path": pi.path, "records": per_input.get(pi.path, 0), "bytes": pi.size} for pi in planned],
        "records_read": records_scanned + rejected,
        "records_scanned": records_scanned,
        "records_rejected": rejected,
        "rejects_by_reason": totals["rejects_by_reason"],
        "bytes_scanned": totals["bytes_scanned"],
        "findings_total": sum(totals["by_entity_type"].values()),
        "by_entity_type": dict(sorted(totals["by_entity_type"].items())),
        "by_pipl_category": dict(sorted(totals["by_pipl_category"].items())),
        "by_source": {k: {f: v.get(f, 0) for f in ("records", "records_with_pi", "records_with_sensitive", "findings")} for k, v in sorted(totals["by_source"].items())},
        "violations": dict(sorted(totals["violations"].items())),
        "actions": {a: totals["actions"].get(a, 0) for a in ("keep", "redact", "drop", "review")},
        "lineage_coverage": lineage_coverage,
        "lineage_status": totals["lineage_status"],
        "detectors": detector_versions,
        "scan_date": scan_date_of(manifest),
        "manifest": manifest_path,
        "lineage_sources": lineage_sources,
        "by_source_lineage": by_source_lineage,
        # Records without the manifest's subject_field: their subjects'
        # withdrawals and consents could not be checked (0 without one).
        "records_without_subject": totals.get("records_without_subject", 0),
    }


def write_reports(out_dir: str) -> None:
    from pipelines.report import write_report

    write_report(out_dir)


# --------------------------------------------------------------------------
# other commands


def cmd_gate(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="piplscan gate", description="Validate a scan's outputs against a policy.")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--policy", metavar="POLICY.yaml")
    args = p.parse_args(argv)
    from expectations.gate import run_gate

    return run_gate(args.dir, args.policy)


def cmd_report(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="piplscan report", description="(Re)write report.md and report.html from a scan's outputs.")
    p.add_argument("dir", metavar="DIR")
    args = p.parse_args(argv)
    from expectations import storage
    from expectations.outputs import UnusableOutput

    try:
        finished = storage.is_file(storage.join(args.dir, "summary.json"))
    except (OSError, ValueError) as e:
        raise UsageError(f"{args.dir}: cannot reach it ({' '.join(str(e).split())[:200]})") from None
    if not finished:
        raise UsageError(f"{args.dir} holds no summary.json: not a finished scan")
    from pipelines.report import write_report

    try:
        md, html = write_report(args.dir)
    except UnusableOutput as e:
        raise UsageError(str(e)) from None
    print(f"wrote {md} and {html}")
    return EXIT_OK


def cmd_sample(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="piplscan sample", description="Draw a reproducible, source-stratified sample of records for manual review.")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--out", required=True, metavar="FILE.parquet")
    args = p.parse_args(argv)
    if args.n <= 0:
        raise UsageError("--n must be positive")
    from expectations.outputs import UnusableOutput
    from pipelines.sample import sample_records

    try:
        n = sample_records(args.dir, args.n, args.seed, args.out)
    except UnusableOutput as e:
        raise UsageError(str(e)) from None
    print(f"wrote {n} records to {args.out}")
    return EXIT_OK


def cmd_detectors(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="piplscan detectors", description="List entity types, PIPL categories and detector versions.")
    p.add_argument("--config", metavar="FILE.yaml")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    from detectors import catalogue
    from detectors.engine import ConfigError, DetectionEngine, EngineConfig

    try:
        cfg = EngineConfig.from_file(args.config)
        cfg.check_options()
    except ConfigError as e:
        raise UsageError(str(e)) from None
    try:
        engine = DetectionEngine(cfg)
    except (OSError, ImportError) as e:
        # A missing or unusable model (spaCy's, LAC's): what `scan` reports
        # as a failed worker, here before anything is listed.
        print(f"piplscan detectors: failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}", file=sys.stderr)
        return EXIT_FAILED
    by_type: dict[str, list[str]] = {}
    for det in engine.detectors:
        for t in det.ENTITIES:
            by_type.setdefault(t, []).append(det.detector_id)
    rows = []
    for name, et in catalogue.entity_types().items():
        rows.append({"entity_type": name, "pipl_category": et.category, "sensitive": et.sensitive, "detectors": sorted(by_type.pop(name, []))})
    for name, dets in sorted(by_type.items()):
        et = catalogue.lookup(name)
        rows.append({"entity_type": name, "pipl_category": et.category, "sensitive": et.sensitive, "detectors": sorted(dets)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        width = max(len(r["entity_type"]) for r in rows)
        for r in rows:
            print(f"{r['entity_type']:<{width}}  {r['pipl_category']:<18} {', '.join(r['detectors']) or '(no detector enabled)'}")
    return EXIT_OK


COMMANDS = {"scan": cmd_scan, "gate": cmd_gate, "report": cmd_report, "sample": cmd_sample, "detectors": cmd_detectors}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: piplscan {scan,gate,report,sample,detectors} ...\n\n"
              "  scan       scan a corpus for personal information\n"
              "  gate       pass/fail a scan against a policy (exit 0/1/2)\n"
              "  report     (re)write the assessment data section\n"
              "  sample     draw a reproducible sample for manual review\n"
              "  detectors  list entity types and detector versions")
        return EXIT_OK if argv else EXIT_USAGE
    if argv[0] in ("-V", "--version"):
        print(f"piplscan {tool_version()}")
        return EXIT_OK
    cmd = COMMANDS.get(argv[0])
    if cmd is None:
        print(f"piplscan: unknown command {argv[0]!r}; try piplscan --help", file=sys.stderr)
        return EXIT_USAGE
    _quiet_libraries()
    try:
        return cmd(argv[1:])
    except UsageError as e:
        print(f"piplscan {argv[0]}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except ScanFailed as e:
        print(f"piplscan {argv[0]}: failed: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"piplscan {argv[0]}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
