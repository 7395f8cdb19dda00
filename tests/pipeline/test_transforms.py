"""Each composite transform of the scan pipeline, alone, on TestPipeline."""

from __future__ import annotations

import json

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from detectors.checksums import iso7064_mod11_2_check_char
from detectors.engine import EngineConfig, builtin_specs
from pipelines import outputs
from pipelines.detect import FINDINGS_TAG
from pipelines.model import Reject, ScannedRecord, SourceRecord
from pipelines.readers import InputSplit, ReadOptions
from pipelines.scan import (
    DetectPersonalInfo,
    JudgeWithoutManifest,
    ReadCorpus,
    ScanSettings,
    WriteScanOutputs,
)
from pipelines.schema import FINDINGS_OUTPUT_SCHEMA, FINDINGS_SCHEMA, RECORDS_SCHEMA
from tests.conftest import local_runner

BODY = "11010519880314123"
RESIDENT_ID = BODY + iso7064_mod11_2_check_char(BODY)

# Only two cheap detectors, so these tests check plumbing, not models.
PLUMBING_ENGINE = EngineConfig(
    disable=[s.id for s in builtin_specs() if s.id not in ("cn_resident_id", "email")]
)


def _pipeline():
    return BeamTestPipeline(runner=local_runner())


def test_read_corpus_splits_records_from_rejects(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "text": "x"}\nnot json\n{"id": "b", "text": "y"}\n')
    with _pipeline() as pipeline:
        out = pipeline | ReadCorpus([InputSplit(str(p), "jsonl")], ReadOptions())
        assert_that(out.records | beam.Map(lambda r: r.record_id), equal_to(["a", "b"]), label="records")
        assert_that(out.rejects | beam.Map(lambda j: (j.location, j.reason)), equal_to([("in.jsonl:2", "invalid_json")]), label="rejects")


def test_detect_emits_finding_rows_without_raw_values_and_a_scanned_record():
    rec = SourceRecord("r1", "src", "/x.jsonl", "x.jsonl:1", {"text": f"身份证号 {RESIDENT_ID}，邮箱 a.b@example.com"}, None, 40)
    with _pipeline() as pipeline:
        out = pipeline | beam.Create([rec]) | DetectPersonalInfo("scan-1", PLUMBING_ENGINE, None)

        def check_findings(rows):
            types = sorted(r["entity_type"] for r in rows)
            assert types == ["CN_RESIDENT_ID", "EMAIL_ADDRESS"], types
            for r in rows:
                assert set(FINDINGS_SCHEMA.names) <= set(r)
                assert RESIDENT_ID not in json.dumps(r) and "a.b@example.com" not in json.dumps(r)
                assert r["masked"].count("*") >= 1
            rid = next(r for r in rows if r["entity_type"] == "CN_RESIDENT_ID")
            assert (rid["start"], rid["end"]) == (5, 23) and rid["sensitive"] and rid["pipl_category"] == "specific_identity"

        assert_that(out[FINDINGS_TAG], check_findings, label="findings")
        assert_that(
            out.scanned | beam.Map(lambda r: (r.record_id, r.n_findings, r.has_sensitive, r.pipl_categories)),
            equal_to([("r1", 2, True, ["general", "specific_identity"])]),
            label="scanned",
        )


def test_without_manifest_every_record_is_kept_with_status_no_manifest():
    rec = ScannedRecord("r1", "s", "/x", "x:1", None, 3, n_findings=2, entity_types=["CN_RESIDENT_ID"], has_sensitive=True)
    with _pipeline() as pipeline:
        out = pipeline | beam.Create([rec]) | JudgeWithoutManifest()
        assert_that(out | beam.Map(lambda r: (r.lineage_status, r.violations, r.action)), equal_to([("no_manifest", [], "keep")]))


def test_write_outputs_produces_contract_files_and_totals(tmp_path):
    staging = outputs.prepare(str(tmp_path / "out"), "scan-1", overwrite=False)
    settings = ScanSettings("scan-1", staging, ReadOptions())
    finding = {
        "scan_id": "scan-1", "record_id": "r1", "source": "s", "field": "text", "start": 0, "end": 4,
        "entity_type": "PERSON", "pipl_category": "general", "sensitive": False, "score": 0.9,
        "detector": "t@1", "masked": "J***", "value_hash": "ab", "field_length": 10,
        "input_path": "/x", "location": "x:1",
    }
    rec = ScannedRecord("r1", "s", "/x", "x:1", "u1", 10, n_findings=1, entity_types=["PERSON"], pipl_categories=["general"])
    rej = Reject("/x", "x:2", 2, "invalid_json", "bad")
    with _pipeline() as pipeline:
        pcolls = {
            "findings": pipeline | "F" >> beam.Create([finding]),
            "records": pipeline | "R" >> beam.Create([rec]),
            "rejects": pipeline | "J" >> beam.Create([rej]),
        }
        pcolls | WriteScanOutputs(settings)
    records = pq.read_table(f"{staging}/records")
    assert records.schema.equals(RECORDS_SCHEMA)
    assert records.column("subject_id_hash").to_pylist()[0] not in (None, "u1")
    findings = pq.read_table(f"{staging}/findings")
    assert findings.schema.names[: len(FINDINGS_SCHEMA)] == FINDINGS_SCHEMA.names
    assert findings.schema.equals(FINDINGS_OUTPUT_SCHEMA)
    assert findings.select(["input_path", "location"]).to_pylist() == [{"input_path": "/x", "location": "x:1"}]
    totals = outputs.read_totals(staging)
    assert totals["records_scanned"] == 1 and totals["records_rejected"] == 1
    assert totals["by_entity_type"] == {"PERSON": 1} and totals["rejects_by_reason"] == {"invalid_json": 1}


def test_findings_name_the_file_and_line_of_their_record_as_the_records_table_does():
    # Two files of the same name, records without ids: both get the id
    # "data.jsonl:1", so only the path and location tell their findings apart.
    texts = {"/a/data.jsonl": f"身份证号 {RESIDENT_ID}", "/b/data.jsonl": "邮箱 a.b@example.com"}
    recs = [SourceRecord("data.jsonl:1", "data.jsonl", path, "data.jsonl:1", {"text": text}, None, 40)
            for path, text in texts.items()]
    with _pipeline() as pipeline:
        out = pipeline | beam.Create(recs) | DetectPersonalInfo("scan-1", PLUMBING_ENGINE, None)
        assert_that(out[FINDINGS_TAG] | beam.Map(lambda r: (r["input_path"], r["location"], r["entity_type"])),
                     equal_to([("/a/data.jsonl", "data.jsonl:1", "CN_RESIDENT_ID"),
                               ("/b/data.jsonl", "data.jsonl:1", "EMAIL_ADDRESS")]), label="findings")
        assert_that(out.scanned | beam.Map(lambda r: (r.input_path, r.location)),
                    equal_to([("/a/data.jsonl", "data.jsonl:1"), ("/b/data.jsonl", "data.jsonl:1")]),
                    label="scanned")


def test_findings_output_schema_is_the_contract_then_the_record_keys():
    assert FINDINGS_OUTPUT_SCHEMA.names[: len(FINDINGS_SCHEMA)] == FINDINGS_SCHEMA.names
    assert FINDINGS_OUTPUT_SCHEMA.names[len(FINDINGS_SCHEMA):] == ["field_length", "input_path", "location"]
    for name in ("input_path", "location"):
        assert FINDINGS_OUTPUT_SCHEMA.field(name).type == RECORDS_SCHEMA.field(name).type
