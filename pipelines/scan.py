"""The scan pipeline: read → detect → judge lineage → write.

``run(argv)`` is what ``piplscan scan`` calls; tests pass ``test_pipeline`` to
drive the same graph on a runner of their choice.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import apache_beam as beam
from apache_beam.metrics import Metrics

from detectors.engine import EngineConfig

from . import outputs
from .detect import FINDINGS_TAG, DetectPersonalInfoFn
from .inputs import PlannedInput
from .model import Reject, ScannedRecord
from .privacy import load_key, value_hash
from .readers import InputSplit, ReadOptions, read_split
from .schema import FINDINGS_OUTPUT_SCHEMA, LINEAGE_NO_MANIFEST, RECORDS_SCHEMA
from .stats import FINDING, RECORD, REJECT, ScanStatsFn

log = logging.getLogger("piplscan")

REJECTS_TAG = "rejects"
# Rows a Parquet writer buffers before it writes a row group. Beam's default
# (64 MiB of Arrow data per writer) made a worker's memory grow with the
# corpus until the first flush; 8 MiB keeps it flat at a small cost in
# row-group count.
ROW_GROUP_BYTES = 8 << 20


@dataclass
class ScanSettings:
    scan_id: str
    staging: str
    read: ReadOptions
    engine: EngineConfig = field(default_factory=EngineConfig)
    key_file: str | None = None
    progress_dir: str | None = None


def new_scan_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


# --------------------------------------------------------------------------
# read


class ReadSplitFn(beam.DoFn):
    def __init__(self, read_options: ReadOptions):
        self.read_options = read_options
        self.read = Metrics.counter("piplscan", "records_read")
        self.rejected = {}

    def _reject_counter(self, reason: str):
        c = self.rejected.get(reason)
        if c is None:
            c = self.rejected[reason] = Metrics.counter("piplscan.rejects_by_reason", reason)
        return c

    def process(self, split: InputSplit):
        for item in read_split(split, self.read_options):
            self.read.inc()
            if isinstance(item, Reject):
                self._reject_counter(item.reason).inc()
                yield beam.pvalue.TaggedOutput(REJECTS_TAG, item)
            else:
                yield item


class ReadCorpus(beam.PTransform):
    """Planned splits → records (main output) and rejects (tag ``rejects``)."""

    def __init__(self, splits: list[InputSplit], read_options: ReadOptions):
        super().__init__()
        self.splits = splits
        self.read_options = read_options

    def expand(self, pbegin):
        return (
            pbegin
            | "Splits" >> beam.Create(self.splits, reshuffle=False)
            # A fusion break: splits, not records, are what is redistributed,
            # so no stage ever buffers the corpus.
            | "Distribute" >> beam.Reshuffle()
            | "Parse" >> beam.ParDo(ReadSplitFn(self.read_options)).with_outputs(REJECTS_TAG, main="records")
        )


# --------------------------------------------------------------------------
# detect


class DetectPersonalInfo(beam.PTransform):
    """Records → scanned records (main) and finding rows (tag ``findings``)."""

    def __init__(self, scan_id: str, engine: EngineConfig, key_file: str | None, progress_dir: str | None = None):
        super().__init__()
        self.scan_id = scan_id
        self.engine = engine
        self.key_file = key_file
        self.progress_dir = progress_dir

    def expand(self, records):
        return (
            records
            | "Batch" >> beam.BatchElements(min_batch_size=8, max_batch_size=128)
            | "Detect"
            >> beam.ParDo(
                DetectPersonalInfoFn(self.scan_id, self.engine, self.key_file, self.progress_dir)
            ).with_outputs(FINDINGS_TAG, main="scanned")
        )


# --------------------------------------------------------------------------
# judge


def _mark_no_manifest(r: ScannedRecord) -> ScannedRecord:
    r.lineage_status = LINEAGE_NO_MANIFEST
    r.violations = []
    r.action = "keep"
    return r


class JudgeWithoutManifest(beam.PTransform):
    """Without ``--lineage`` every record is ``no_manifest`` and kept."""

    def expand(self, scanned):
        return scanned | "NoManifest" >> beam.Map(_mark_no_manifest)


# --------------------------------------------------------------------------
# write


class RecordRowFn(beam.DoFn):
    def __init__(self, scan_id: str, key_file: str | None):
        self.scan_id = scan_id
        self.key_file = key_file

    def setup(self):
        self._key = load_key(self.key_file)

    def process(self, r: ScannedRecord):
        yield {
            "scan_id": self.scan_id,
            "record_id": r.record_id,
            "source": r.source,
            "n_findings": int(r.n_findings),
            "entity_types": list(r.entity_types),
            "pipl_categories": list(r.pipl_categories),
            "has_sensitive": bool(r.has_sensitive),
            "lineage_status": r.lineage_status,
            "violations": list(r.violations),
            "action": r.action,
            "input_path": r.input_path,
            "location": r.location,
            "subject_id_hash": value_hash(self._key, r.subject_id) if r.subject_id else None,
            "bytes": int(r.nbytes),
        }


def reject_row(scan_id: str, j: Reject) -> str:
    return json.dumps(
        {
            "scan_id": scan_id,
            "input_path": j.input_path,
            "location": j.location,
            "line": j.line,
            "reason": j.reason,
            "detail": j.detail,
        },
        ensure_ascii=False,
    )


class WriteScanOutputs(beam.PTransform):
    """Findings, records and rejects into the staging folder, plus the totals."""

    def __init__(self, settings: ScanSettings):
        super().__init__()
        self.s = settings

    def expand(self, pcolls):
        findings, judged, rejects = pcolls["findings"], pcolls["records"], pcolls["rejects"]
        s = self.s
        findings | "WriteFindings" >> beam.io.WriteToParquet(
            f"{s.staging}/findings/part", FINDINGS_OUTPUT_SCHEMA, file_name_suffix=".parquet",
            row_group_buffer_size=ROW_GROUP_BYTES,
        )
        (
            judged
            | "RecordRows" >> beam.ParDo(RecordRowFn(s.scan_id, s.key_file))
            | "WriteRecords" >> beam.io.WriteToParquet(
                f"{s.staging}/records/part", RECORDS_SCHEMA, file_name_suffix=".parquet",
                row_group_buffer_size=ROW_GROUP_BYTES,
            )
        )
        (
            rejects
            | "RejectRows" >> beam.Map(lambda j, scan_id: reject_row(scan_id, j), s.scan_id)
            | "WriteRejects" >> beam.io.WriteToText(f"{s.staging}/rejects/part", file_name_suffix=".jsonl")
        )
        # One combine per kind, not a Flatten of the three: the local runner
        # materialises a Flatten whose inputs come from one fused stage,
        # which held every record in memory. The driver merges the parts.
        parts = (
            ("records", judged, lambda r: (RECORD, r)),
            ("rejects", rejects, lambda j: (REJECT, j)),
            ("findings", findings, lambda f: (FINDING, (f["entity_type"], f["pipl_category"]))),
        )
        for name, pcoll, tag in parts:
            (
                pcoll
                | f"Tag{name.title()}" >> beam.Map(tag)
                | f"Count{name.title()}" >> beam.CombineGlobally(ScanStatsFn(s.read.subject_field))
                | f"{name.title()}Json" >> beam.Map(json.dumps)
                | f"Write{name.title()}Totals" >> beam.io.WriteToText(
                    f"{s.staging}/{outputs.STATS_DIR}/{name}", file_name_suffix=".json", num_shards=1
                )
            )


def build(p: beam.Pipeline, planned: list[PlannedInput], settings: ScanSettings, manifest=None):
    splits = [s for pi in planned for s in pi.splits]
    read = p | "ReadCorpus" >> ReadCorpus(splits, settings.read)
    detected = read.records | "DetectPersonalInfo" >> DetectPersonalInfo(
        settings.scan_id, settings.engine, settings.key_file, settings.progress_dir
    )
    if manifest is not None:
        from .lineage.transforms import JudgeLineage

        judged = detected.scanned | "JudgeLineage" >> JudgeLineage(manifest)
    else:
        judged = detected.scanned | "JudgeLineage" >> JudgeWithoutManifest()
    return {
        "findings": detected[FINDINGS_TAG],
        "records": judged,
        "rejects": read[REJECTS_TAG],
    } | "WriteOutputs" >> WriteScanOutputs(settings)


def scan_date_of(manifest) -> str:
    d = getattr(manifest, "scan_date", None) if manifest is not None else None
    return (d or date.today()).isoformat()
