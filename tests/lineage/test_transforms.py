"""JudgeLineage in a pipeline: joins with withdrawal lists and ledgers, both
join strategies, records without subject, and the example manifest."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.lineage import (
    VIOLATION_CODES,
    AmbiguousSourceError,
    CountViolations,
    JudgeLineage,
    LedgerRow,
    lineage_input_error,
    load_manifest,
)
from pipelines.lineage.transforms import (
    KeyFingerprintsFn,
    ReadLedger,
    ReadWithdrawnIds,
    _AfterSubjectJoin,
    compact_ledger_row,
    expand_ledger_row,
    fingerprint_hits,
    fingerprints,
)
from tests.lineage.helpers import record

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lineage" / "manifest.yaml"
D = dt.date


def pipeline() -> test_pipeline.TestPipeline:
    return test_pipeline.TestPipeline(options=PipelineOptions(["--runner=DirectRunner"]))


def verdicts(records):
    return records | beam.Map(lambda r: (r.record_id, r.lineage_status, tuple(r.violations), r.action))


def run_judge(manifest, records, out_dir: Path, **kw):
    """The (record_id, status, violations, action) rows JudgeLineage yields,
    sorted. Written to a file: the runner pickles DoFns, so a closure over a
    local list would fill a copy."""
    out = out_dir / f"verdicts-{kw.get('join', 'auto')}.jsonl"
    with pipeline() as p:
        judged = p | beam.Create(records) | JudgeLineage(manifest, **kw)
        _ = (verdicts(judged) | beam.Map(lambda row: json.dumps(list(row)))
             | beam.io.WriteToText(str(out), shard_name_template=""))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    return sorted((r[0], r[1], tuple(r[2]), r[3]) for r in rows)


MANIFEST = """\
scan_date: 2026-11-27
subject_field: user_id
sources:
  - id: chat
    match: {source: chat}
    lawful_basis: consent
    consent: {purposes: [customer_service], valid_until: 2027-01-01}
    pipia: {id: P-1}
  - id: logs
    match: {path: "*.txt"}
    lawful_basis: contract
withdrawals:
  - path: withdrawals.csv
consents:
  - path: LEDGER
"""


def make_manifest(tmp_path, ledger_format):
    (tmp_path / "withdrawals.csv").write_text("subject_id,record_id\nu-gone,\n,r-gone\n")
    if ledger_format == "parquet":
        table = pa.table({
            "subject_id": ["u-ok", "u-late", "u-ledger-gone", "u-ok"],
            "purposes": [["model_training"], ["model_training"], ["model_training"], ["x"]],
            "separate_consent_sensitive": [True, False, False, False],
            "guardian_consent_minors": [False, False, False, False],
            "granted_at": [D(2026, 2, 1), D(2026, 1, 1), D(2026, 1, 1), D(2025, 1, 1)],
            "withdrawn_at": pa.array([None, D(2027, 1, 1), D(2026, 11, 27), None], pa.date32()),
        })
        pq.write_table(table, tmp_path / "ledger.parquet")
        name = "ledger.parquet"
    else:
        (tmp_path / "ledger.csv").write_text(textwrap.dedent("""\
            subject_id,purposes,separate_consent_sensitive,guardian_consent_minors,granted_at,withdrawn_at
            u-ok,model_training;customer_service,true,false,2026-02-01,
            u-late,model_training|customer_service,false,false,2026-01-01,2027-01-01
            u-ledger-gone,model_training,false,false,2026-01-01,2026-11-27T10:00:00
            u-ok,x,false,false,2025-01-01,
            """))
        name = "ledger.csv"
    p = tmp_path / "manifest.yaml"
    p.write_text(MANIFEST.replace("LEDGER", name))
    return load_manifest(str(p))


@pytest.fixture(params=["parquet", "csv"])
def manifest(tmp_path, request):
    """The same ledger as Parquet and as CSV (purposes split on ';' or '|')."""
    return make_manifest(tmp_path, request.param)


@pytest.fixture
def parquet_manifest(tmp_path):
    return make_manifest(tmp_path, "parquet")


RECORDS = [
    # consent says customer_service only; no ledger row → PURPOSE_NOT_COVERED
    record("r1", "chat", subject="u-none", types=("PHONE_NUMBER",)),
    # the ledger grants training and separate consent for this subject
    record("r2", "chat", subject="u-ok", types=("MEDICAL_INFO",), sensitive=True),
    # withdrawn subject, no PI: still dropped
    record("r3", "chat", subject="u-gone"),
    # ledger withdrawal dated after the scan does not count
    record("r4", "chat", subject="u-late", types=("EMAIL",)),
    # ledger withdrawal on the scan date counts
    record("r5", "chat", subject="u-ledger-gone"),
    # no subject at all: goes through unjoined, but a record-id withdrawal still applies
    record("r-gone", "logs", input_path="/in/app.txt"),
    record("r7", "logs", input_path="/in/app.txt", types=("IP_ADDRESS",)),
    # unmatched source: LINEAGE_MISSING only with PI
    record("r8", "crawl", types=("EMAIL",)),
    record("r9", "crawl"),
]

EXPECTED = [
    ("r-gone", "matched", ("CONSENT_WITHDRAWN",), "drop"),
    ("r1", "matched", ("PURPOSE_NOT_COVERED",), "redact"),
    ("r2", "matched", (), "keep"),
    ("r3", "matched", ("CONSENT_WITHDRAWN",), "drop"),
    ("r4", "matched", (), "keep"),
    ("r5", "matched", ("CONSENT_WITHDRAWN",), "drop"),
    ("r7", "matched", (), "keep"),
    ("r8", "unmatched", ("LINEAGE_MISSING",), "redact"),
    ("r9", "unmatched", (), "keep"),
]


@pytest.mark.parametrize("join", ["side_input", "keyed"])
def test_records_are_judged_with_withdrawals_and_ledger_joined_in_the_pipeline(manifest, join):
    assert JudgeLineage(manifest, join=join).join_plan() == {"record_id": join, "subject_id": join}
    with pipeline() as p:
        judged = p | beam.Create(RECORDS) | JudgeLineage(manifest, join=join)
        assert_that(verdicts(judged), equal_to(EXPECTED))


def test_side_input_and_keyed_join_give_identical_verdicts(manifest, tmp_path):
    many = [record(f"m{i}", "chat", subject=s, types=("EMAIL",) * (i % 2), sensitive=i % 3 == 0)
            for i, s in enumerate(["u-ok", "u-late", "u-gone", "u-ledger-gone", "u-x", None] * 5)]
    side = run_judge(manifest, RECORDS + many, tmp_path, join="side_input")
    keyed = run_judge(manifest, RECORDS + many, tmp_path, join="keyed")
    assert side == keyed
    assert len(side) == len(RECORDS) + len(many)


def test_auto_join_uses_side_inputs_for_small_lists_and_keyed_join_above_the_threshold(parquet_manifest):
    manifest = parquet_manifest
    assert JudgeLineage(manifest).join_plan() == {"record_id": "side_input", "subject_id": "side_input"}
    assert JudgeLineage(manifest, side_input_max_bytes=0).join_plan() == {
        "record_id": "keyed", "subject_id": "keyed"}


def test_without_a_manifest_records_are_no_manifest_and_kept():
    with pipeline() as p:
        judged = p | beam.Create(RECORDS[:2]) | JudgeLineage(None)
        assert_that(verdicts(judged), equal_to([
            ("r1", "no_manifest", (), "keep"), ("r2", "no_manifest", (), "keep")]))


def _two_entries_for_one_record(tmp_path):
    """A manifest whose entries both match a record of source chat in a .jsonl file."""
    p = tmp_path / "m.yaml"
    p.write_text(textwrap.dedent("""\
        sources:
          - {id: by-source, match: {source: chat}, lawful_basis: contract}
          - {id: by-path, match: {path: "*.jsonl"}, lawful_basis: contract}
        """))
    return p


def test_a_record_matching_two_entries_fails_the_pipeline_naming_both(tmp_path):
    p = _two_entries_for_one_record(tmp_path)
    m = load_manifest(str(p))
    with pytest.raises(Exception, match=r"'by-source' \(line 2\) and 'by-path' \(line 3\)"):
        with pipeline() as pl:
            _ = pl | beam.Create([record("a", "chat")]) | JudgeLineage(m)


def test_violation_counts_are_emitted_per_code(parquet_manifest):
    with pipeline() as p:
        judged = p | beam.Create(RECORDS) | JudgeLineage(parquet_manifest)
        assert_that(judged | CountViolations(), equal_to([
            ("CONSENT_WITHDRAWN", 3), ("PURPOSE_NOT_COVERED", 1), ("LINEAGE_MISSING", 1)]))


def example_records():
    """Synthetic records shaped like examples/corpus/ (facts only, no text)."""
    return [
        record("chat-0001", "cs-chat", subject="u001", types=("PHONE_NUMBER",)),
        record("chat-0003", "cs-chat", subject="u003"),
        record("chat-0007", "cs-chat", subject="u007", types=("PHONE_NUMBER",)),
        record("chat-0010", "cs-chat", subject="u010", types=("EMAIL",)),
        record("hr-0001", "hr-resumes", subject="u031", types=("PERSON", "PHONE_NUMBER")),
        record("med-0001", "med-qa", subject="u043", types=("MEDICAL_INFO", "MINOR_INFO"), sensitive=True),
        record("med-0002", "med-qa", subject="u041", types=("MEDICAL_INFO", "MINOR_INFO"), sensitive=True),
        record("forum-0001", "forum-posts", types=("RELIGIOUS_BELIEF",), sensitive=True),
        record("app-logs.txt:3", "app-logs.txt", input_path="/repo/examples/corpus/app-logs.txt",
               types=("IP_ADDRESS",)),
        record("web-0001", "web-crawl", types=("EMAIL",)),
    ]


@pytest.mark.parametrize("join", ["side_input", "keyed"])
def test_the_example_lineage_raises_every_violation_code(join, tmp_path):
    m = load_manifest(str(EXAMPLE))
    got = dict((r[0], r[1:]) for r in run_judge(m, example_records(), tmp_path, join=join))
    assert got["chat-0001"] == ("matched", ("CROSS_BORDER_WITHOUT_MECHANISM", "PIPIA_MISSING"), "redact")
    assert got["chat-0003"] == ("matched", ("CONSENT_WITHDRAWN",), "drop")
    assert got["chat-0007"][1:] == (("CONSENT_WITHDRAWN", "CROSS_BORDER_WITHOUT_MECHANISM", "PIPIA_MISSING"),
                                    "drop")
    assert got["chat-0010"][1][0] == "PURPOSE_NOT_COVERED"
    assert got["hr-0001"][1] == ("PURPOSE_NOT_COVERED", "CONSENT_EXPIRED")
    assert got["med-0001"][1] == ("SENSITIVE_WITHOUT_SEPARATE_CONSENT", "MINOR_WITHOUT_GUARDIAN_CONSENT")
    assert got["med-0002"] == ("matched", (), "keep")  # the ledger row overrides med-qa's consent block
    assert got["forum-0001"] == ("matched", ("SENSITIVE_PUBLIC_REVIEW", "PIPIA_MISSING"), "review")
    assert got["app-logs.txt:3"] == ("matched", ("NO_LAWFUL_BASIS",), "redact")
    assert got["web-0001"] == ("unmatched", ("LINEAGE_MISSING",), "redact")
    raised = {code for _, codes, _ in got.values() for code in codes}
    assert raised == set(VIOLATION_CODES)


# --- the semi-join that keeps a large ledger out of the shuffle ---------------------


def referenced(p, keys):
    return beam.pvalue.AsSingleton(
        p | "Referenced" >> beam.Create(keys) | beam.CombineGlobally(KeyFingerprintsFn()))


def test_keyed_join_reads_only_the_ledger_rows_of_subjects_the_records_name(parquet_manifest):
    with pipeline() as p:
        rows = p | ReadLedger(parquet_manifest.consents, referenced=referenced(p, ["u-ok", "u-none", None]))
        assert_that(rows | beam.Keys(), equal_to(["u-ok", "u-ok"]))


def test_keyed_join_reads_only_the_withdrawals_of_subjects_the_records_name(parquet_manifest):
    with pipeline() as p:
        ids = p | ReadWithdrawnIds(parquet_manifest.withdrawals, "subject_id",
                                   referenced=referenced(p, ["u-ok", "u-gone"]))
        assert_that(ids, equal_to(["u-gone"]))


def test_a_ledger_written_in_many_row_groups_is_read_whole_one_group_at_a_time(tmp_path):
    n = 50
    pq.write_table(pa.table({
        "subject_id": [f"s{i}" for i in range(n)],
        "purposes": [["model_training"]] * n,
        "separate_consent_sensitive": [i % 2 == 0 for i in range(n)],
        "guardian_consent_minors": [False] * n,
        "granted_at": [D(2026, 1, 1)] * n,
        "withdrawn_at": pa.array([None] * n, pa.date32()),
    }), tmp_path / "ledger.parquet", row_group_size=7)
    assert pq.ParquetFile(tmp_path / "ledger.parquet").num_row_groups == 8
    p = tmp_path / "manifest.yaml"
    p.write_text(MANIFEST.replace("LEDGER", "ledger.parquet").replace(
        "withdrawals:\n  - path: withdrawals.csv\n", ""))
    m = load_manifest(str(p))
    wanted = [f"s{i}" for i in range(0, n, 3)]
    with pipeline() as pl:
        everything = pl | "All" >> ReadLedger(m.consents)
        some = pl | "Some" >> ReadLedger(m.consents, referenced=referenced(pl, wanted + ["absent"]))
        assert_that(everything | "AllKeys" >> beam.Keys(), equal_to([f"s{i}" for i in range(n)]), label="all")
        assert_that(some | "SomeKeys" >> beam.Keys(), equal_to(wanted), label="some")


def test_ledger_rows_travel_as_plain_tuples_and_come_back_unchanged():
    row = LedgerRow("u1", ("a", "model_training"), True, False, D(2026, 1, 2), None, D(2027, 3, 4))
    compact = compact_ledger_row(row)
    assert all(isinstance(v, (tuple, bool, int, type(None))) for v in compact)
    assert expand_ledger_row("u1", compact) == row
    assert expand_ledger_row("u1", list(compact)) == row  # some coders hand tuples back as lists


def test_key_fingerprints_merge_to_the_sorted_distinct_set_across_workers():
    fn = KeyFingerprintsFn()
    fn.FOLD_EVERY = 3
    a, b = fn.create_accumulator(), fn.create_accumulator()
    for k in ["k1", "k2", "k3", "k4", None, "k1"]:
        a = fn.add_input(a, k)
    for k in ["k4", "k5"]:
        b = fn.add_input(b, k)
    import pickle

    merged = fn.merge_accumulators([pickle.loads(pickle.dumps(a)), fn.compact(b)])
    out = fn.extract_output(merged)
    assert list(out) == sorted(set(fingerprints(["k1", "k2", "k3", "k4", "k5"]).tolist()))
    assert list(fingerprint_hits(out, fingerprints(["k5", "k6", "k1"]))) == [True, False, True]
    assert list(fingerprint_hits(fn.extract_output(fn.create_accumulator()), fingerprints(["k1"]))) == [False]


def test_a_ledger_row_let_through_by_a_fingerprint_collision_joins_no_record():
    judge = _AfterSubjectJoin(D(2026, 11, 27))
    row = compact_ledger_row(LedgerRow("u9", ("model_training",), False, False, None, None))
    assert list(judge.process(("u9", {"records": [], "withdrawn": [], "ledger": [row]}))) == []


# --- files of one glob, unreadable rows, records without subject ---------------------

GLOB_MANIFEST = """\
scan_date: 2026-11-27
subject_field: user_id
sources:
  - {id: chat, match: {source: chat}, lawful_basis: contract}
withdrawals:
  - path: "wd/*.csv"
"""


@pytest.mark.parametrize("join", ["side_input", "keyed"])
def test_each_file_of_a_withdrawal_glob_is_read_with_its_own_header(tmp_path, join):
    (tmp_path / "wd").mkdir()
    (tmp_path / "wd" / "a.csv").write_text("record_id,subject_id\nr-a,\n")
    (tmp_path / "wd" / "b.csv").write_text("subject_id,record_id\nu-b,\n")
    (tmp_path / "wd" / "c.csv").write_text("subject_id\nu-c\n")
    (tmp_path / "m.yaml").write_text(GLOB_MANIFEST)
    m = load_manifest(str(tmp_path / "m.yaml"))
    got = run_judge(m, [
        record("r-a", "chat", subject="u-1"),
        record("r-2", "chat", subject="u-b"),
        record("r-3", "chat", subject="u-c"),
        # b.csv names u-b as a subject: a record whose id is u-b is not withdrawn
        record("u-b", "chat", subject="u-4"),
    ], tmp_path, join=join)
    assert got == [
        ("r-2", "matched", ("CONSENT_WITHDRAWN",), "drop"),
        ("r-3", "matched", ("CONSENT_WITHDRAWN",), "drop"),
        ("r-a", "matched", ("CONSENT_WITHDRAWN",), "drop"),
        ("u-b", "matched", (), "keep"),
    ]


LEDGER_HEADER = "subject_id,purposes,separate_consent_sensitive,guardian_consent_minors,granted_at,withdrawn_at\n"


def bad_date_ledger(tmp_path, fmt):
    """A ledger whose third data row has a granted_at of 31/01/2025."""
    if fmt == "csv":
        (tmp_path / "ledger.csv").write_text(
            LEDGER_HEADER
            + "u-1,model_training,true,false,2025-01-01,\n"
            + 'u-2,"model_training;\ncustomer_service",true,false,2025-01-01,\n'  # lines 3-4
            + "u-3,model_training,true,false,31/01/2025,\n")  # line 5
        return tmp_path / "ledger.csv", ":5: "
    pq.write_table(pa.table({
        "subject_id": ["u-1", "u-2", "u-3"],
        "purposes": [["model_training"]] * 3,
        "separate_consent_sensitive": [True] * 3,
        "guardian_consent_minors": [False] * 3,
        "granted_at": ["2025-01-01", "2025-01-01", "31/01/2025"],
        "withdrawn_at": pa.array([None] * 3, pa.string()),
    }), tmp_path / "ledger.parquet", row_group_size=2)
    return tmp_path / "ledger.parquet", ": row 3: "


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("join", ["side_input", "keyed"])
def test_a_ledger_date_not_in_iso_form_fails_naming_the_file_and_row_but_not_the_value(tmp_path, fmt, join):
    ledger, at = bad_date_ledger(tmp_path, fmt)
    (tmp_path / "m.yaml").write_text(
        "scan_date: 2026-11-27\nsubject_field: user_id\nsources:\n"
        "  - {id: chat, match: {source: chat}, lawful_basis: contract}\n"
        f"consents:\n  - path: {ledger.name}\n")
    m = load_manifest(str(tmp_path / "m.yaml"))
    with pytest.raises(Exception) as exc:
        run_judge(m, [record("r1", "chat", subject="u-3")], tmp_path, join=join)
    msg = lineage_input_error(exc.value)
    assert msg is not None and "\n" not in msg, str(exc.value)
    assert msg.startswith(f"{ledger}{at}consent ledger: granted_at is not a date in ISO form"), msg
    assert "31/01/2025" not in msg and "u-3" not in msg


def test_a_record_matching_two_entries_is_reported_as_one_line_of_bad_input(tmp_path):
    p = _two_entries_for_one_record(tmp_path)
    with pytest.raises(Exception) as exc:
        run_judge(load_manifest(str(p)), [record("a", "chat")], tmp_path)
    msg = lineage_input_error(exc.value)
    assert msg == (f"{p}:3: sources 'by-source' (line 2) and 'by-path' (line 3) both match the record "
                   "source 'chat' from input 'chat.jsonl'; make the matches disjoint")


def test_lineage_input_errors_are_recognised_also_in_a_worker_traceback_and_nothing_else_is():
    text = ("Pipeline failed\nTraceback (most recent call last):\n  File \"x.py\", line 1\n"
            "pipelines.lineage.manifest.LineageDataError: /l/ledger.csv:7: consent ledger: "
            "withdrawn_at is not true/false [while running 'JudgeLineage/ConsentLedger/ParseCsv']\n")
    assert lineage_input_error(RuntimeError(text)) == "/l/ledger.csv:7: consent ledger: withdrawn_at is not true/false"
    assert lineage_input_error(AmbiguousSourceError("m.yaml:3: sources clash [while running 'J/Judge']")) == (
        "m.yaml:3: sources clash")
    assert lineage_input_error(RuntimeError("OSError: [E050] Can't find model")) is None
    assert lineage_input_error(ValueError("m.yaml:3: not ours")) is None


def test_records_lacking_the_subject_field_are_counted_in_the_scan_totals():
    from pipelines.stats import RECORD, ScanStatsFn, merge_totals

    def totals(fn):
        acc = [fn.create_accumulator(), fn.create_accumulator()]
        for i, r in enumerate([record("a", "chat", subject="u1"), record("b", "chat"), record("c", "x")]):
            acc[i % 2] = fn.add_input(acc[i % 2], (RECORD, r))
        return fn.extract_output(fn.merge_accumulators(acc))

    assert totals(ScanStatsFn(subject_field="user_id"))["records_without_subject"] == 2
    # without a manifest, or a manifest without subject_field, no record has a subject to lack
    assert totals(ScanStatsFn())["records_without_subject"] == 0
    with_field = totals(ScanStatsFn(subject_field="user_id"))
    assert merge_totals([with_field, with_field])["records_without_subject"] == 4
    assert merge_totals([])["records_without_subject"] == 0
