"""Detection stage: records in, finding rows and scanned records out."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from detectors import catalogue
from detectors.engine import DetectionEngine, EngineConfig

from .model import ScannedRecord, SourceRecord
from .privacy import load_key, mask, value_hash
from .progress import ProgressReporter

FINDINGS_TAG = "findings"


def finding_rows(scan_id: str, record: SourceRecord, field: str, text_len: int, findings, key: bytes) -> list[dict]:
    rows = []
    for f in findings:
        entity = catalogue.lookup(f.entity_type)
        rows.append(
            {
                "scan_id": scan_id,
                "record_id": record.record_id,
                "source": record.source,
                "field": field,
                "start": f.start,
                "end": f.end,
                "entity_type": f.entity_type,
                "pipl_category": entity.category,
                "sensitive": entity.sensitive,
                "score": round(float(f.score), 4),
                "detector": f.detector,
                "masked": mask(f.entity_type, f.value),
                "value_hash": value_hash(key, f.value),
                "field_length": text_len,
            }
        )
    return rows


def summarise(record: SourceRecord, rows: list[dict]) -> ScannedRecord:
    types = sorted({r["entity_type"] for r in rows})
    categories = sorted({r["pipl_category"] for r in rows})
    return ScannedRecord(
        record_id=record.record_id,
        source=record.source,
        input_path=record.input_path,
        location=record.location,
        subject_id=record.subject_id,
        nbytes=record.nbytes,
        n_findings=len(rows),
        entity_types=types,
        pipl_categories=categories,
        has_sensitive=any(r["sensitive"] for r in rows),
    )


class DetectPersonalInfoFn(beam.DoFn):
    """Runs the detection engine over batches of records.

    The engine (spaCy model, jieba dictionary, compiled patterns) is built
    once per worker in ``setup``. Main output: :class:`ScannedRecord`;
    tagged output ``findings``: one dict per finding, contract columns.
    """

    def __init__(self, scan_id: str, engine_config: EngineConfig, key_file: str | None, progress_dir: str | None = None):
        self.scan_id = scan_id
        self.engine_config = engine_config
        self.key_file = key_file
        self.progress_dir = progress_dir
        self.records = Metrics.counter("piplscan", "records_scanned")
        self.bytes = Metrics.counter("piplscan", "bytes_scanned")
        self.findings = Metrics.counter("piplscan", "findings")

    def setup(self):
        self._key = load_key(self.key_file)
        self._engine = DetectionEngine(self.engine_config)
        self._by_type: dict[str, object] = {}
        self._progress = ProgressReporter(self.progress_dir) if self.progress_dir else None

    def teardown(self):
        if getattr(self, "_progress", None) is not None:
            self._progress.flush()

    def _type_counter(self, entity_type: str):
        c = self._by_type.get(entity_type)
        if c is None:
            c = self._by_type[entity_type] = Metrics.counter("piplscan.findings_by_type", entity_type)
        return c

    def process(self, batch: list[SourceRecord]):
        texts: list[str] = []
        owners: list[tuple[int, str]] = []
        for i, rec in enumerate(batch):
            for name, text in rec.fields.items():
                texts.append(text)
                owners.append((i, name))
        results = self._engine.scan_many(texts)
        per_record: list[list[dict]] = [[] for _ in batch]
        for (i, name), text, found in zip(owners, texts, results):
            per_record[i].extend(finding_rows(self.scan_id, batch[i], name, len(text), found, self._key))
        if self._progress is not None:
            self._progress.add(len(batch), sum(r.nbytes for r in batch))
        for rec, rows in zip(batch, per_record):
            self.records.inc()
            self.bytes.inc(rec.nbytes)
            if rows:
                self.findings.inc(len(rows))
                for r in rows:
                    self._type_counter(r["entity_type"]).inc()
                    yield beam.pvalue.TaggedOutput(FINDINGS_TAG, r)
            yield summarise(rec, rows)
