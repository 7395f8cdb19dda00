"""The lineage stage of the scan: join each record to its manifest source,
withdrawal lists and consent ledger, then apply the rules.

Withdrawal lists and ledgers are read with Beam IO and joined inside the
pipeline. Small ones (on-disk size up to SIDE_INPUT_MAX_BYTES) become side
inputs; larger ones are joined with CoGroupByKey on record_id / subject_id, so
a ledger of millions of subjects is never held whole by one DoFn and scales
with the runner's shuffle. Both paths feed the same facts to the same pure
rules (rules.judge), and the tests check they agree.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import math
from typing import Any, Iterable, Mapping

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.lineage.manifest import (
    LEDGER_COLUMNS,
    LEDGER_OPTIONAL_COLUMNS,
    LineageFile,
    Manifest,
)
from pipelines.lineage.rules import LedgerRow, effective_ledger_row, judge
from pipelines.model import ScannedRecord
from pipelines.schema import LINEAGE_NO_MANIFEST

# A withdrawal list or ledger up to this size on disk is broadcast as a side
# input. Measured with `benchmarks/lineage_ledger.py --subjects 200000
# --records 20000 --driver --join side_input|keyed`: a 200 k-subject Parquet
# ledger is 1.6 MB on disk and cost 760 MiB peak as a side input against
# 500 MiB keyed (about 1.3 KB per subject once expanded), and the side-input
# run was slower too. 1 MiB (~125 k subjects, ~170 MiB extra per worker) keeps
# side inputs for the hand-kept lists they suit.
SIDE_INPUT_MAX_BYTES = 1 * 1024 * 1024

JOIN_AUTO = "auto"
JOIN_SIDE_INPUT = "side_input"
JOIN_KEYED = "keyed"
JOIN_MODES = (JOIN_AUTO, JOIN_SIDE_INPUT, JOIN_KEYED)

PURPOSE_SEPARATORS = (";", "|")

_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f", ""})


# --- parsing ledger and withdrawal rows ---------------------------------------------


def subject_key(value: Any) -> str | None:
    """Subject and record ids compared as trimmed text: a ledger typed int64
    and a JSON string field name the same subject."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None


def _to_date(value: Any, column: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        # A timestamp with a zone is judged by its UTC day, like scan_date.
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            # The value itself stays out of the message: ledgers are personal data.
            raise ValueError(f"consent ledger: {column} is not a date in ISO form") from None
        return _to_date(parsed, column)


def _to_bool(value: Any, column: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"consent ledger: {column} is not true/false")


def _to_purposes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = [value]
        for sep in PURPOSE_SEPARATORS:
            parts = [p for part in parts for p in part.split(sep)]
    else:
        parts = [str(p) for p in value if p is not None]
    return tuple(sorted({p.strip() for p in parts if p.strip()}))


def ledger_row(row: Mapping[str, Any]) -> LedgerRow | None:
    """A ledger row from a Parquet or CSV mapping; None when it names no subject."""
    subject = subject_key(row.get("subject_id"))
    if subject is None:
        return None
    return LedgerRow(
        subject_id=subject,
        purposes=_to_purposes(row.get("purposes")),
        separate_consent_sensitive=_to_bool(
            row.get("separate_consent_sensitive"), "separate_consent_sensitive"
        ),
        guardian_consent_minors=_to_bool(row.get("guardian_consent_minors"), "guardian_consent_minors"),
        granted_at=_to_date(row.get("granted_at"), "granted_at"),
        withdrawn_at=_to_date(row.get("withdrawn_at"), "withdrawn_at"),
        valid_until=_to_date(row.get("valid_until"), "valid_until"),
    )


def csv_row(line: str, header: tuple[str, ...]) -> dict[str, str]:
    values = next(csv.reader([line]), [])
    return {name: value for name, value in zip(header, values)}


# --- reading the lineage files with Beam IO --------------------------------------------


class ReadWithdrawnIds(beam.PTransform):
    """Ids in the `column` (subject_id or record_id) of all withdrawal lists."""

    def __init__(self, files: Iterable[LineageFile], column: str):
        super().__init__()
        self.files = [f for f in files if column in f.columns]
        self.column = column

    def expand(self, pbegin):
        parts = []
        for i, f in enumerate(self.files):
            parts.append(
                pbegin
                | f"Read{i}" >> beam.io.ReadFromText(f.path, skip_header_lines=1)
                | f"Ids{i}" >> beam.FlatMap(_withdrawn_id, f.columns, self.column)
            )
        if not parts:
            return pbegin | "None" >> beam.Create([])
        return parts | "All" >> beam.Flatten()


def _withdrawn_id(line: str, header: tuple[str, ...], column: str):
    if not line.strip():
        return
    key = subject_key(csv_row(line, header).get(column))
    if key is not None:
        yield key


class ReadLedger(beam.PTransform):
    """(subject_id, LedgerRow) for every row of the consent ledgers."""

    def __init__(self, files: Iterable[LineageFile]):
        super().__init__()
        self.files = list(files)

    def expand(self, pbegin):
        parts = []
        for i, f in enumerate(self.files):
            if f.format == "parquet":
                wanted = [c for c in (*LEDGER_COLUMNS, *LEDGER_OPTIONAL_COLUMNS) if c in f.columns]
                rows = pbegin | f"Read{i}" >> beam.io.ReadFromParquet(f.path, columns=wanted)
            else:
                rows = (
                    pbegin
                    | f"Read{i}" >> beam.io.ReadFromText(f.path, skip_header_lines=1)
                    | f"Split{i}" >> beam.Map(csv_row, f.columns)
                )
            parts.append(rows | f"Parse{i}" >> beam.FlatMap(_keyed_ledger_row))
        if not parts:
            return pbegin | "None" >> beam.Create([])
        return parts | "All" >> beam.Flatten()


_ledger_without_subject = Metrics.counter("lineage", "ledger_rows_without_subject")


def _keyed_ledger_row(row: Mapping[str, Any]):
    parsed = ledger_row(row)
    if parsed is None:
        _ledger_without_subject.inc()
        return
    yield parsed.subject_id, parsed


# --- the joins ----------------------------------------------------------------------
# Elements between the joins are (record, withdrawn, ledger_row_or_None).


def _start(record: ScannedRecord):
    return record, False, None


class _MarkWithdrawnRecordsSide(beam.DoFn):
    def process(self, item, withdrawn_ids):
        record, withdrawn, ledger = item
        yield record, withdrawn or record.record_id in withdrawn_ids, ledger


def _by_record_id(item):
    return item[0].record_id, item


def _after_record_join(kv):
    _, groups = kv
    hit = bool(list(groups["withdrawn"]))
    for record, withdrawn, ledger in groups["records"]:
        yield record, withdrawn or hit, ledger


class _JoinSubjectSide(beam.DoFn):
    def __init__(self, scan_date: dt.date):
        self.scan_date = scan_date

    def process(self, item, withdrawn_ids, ledger):
        record, withdrawn, _ = item
        subject = subject_key(record.subject_id)
        # Index, not .get: on portable runners a multimap side input is a
        # lazy per-key view that only supports lookup by key.
        row = effective_ledger_row(ledger[subject], self.scan_date)
        yield record, withdrawn or subject in withdrawn_ids, row


def _by_subject(item):
    return subject_key(item[0].subject_id), item


def _has_subject(item, _n):
    return 0 if subject_key(item[0].subject_id) is not None else 1


class _AfterSubjectJoin(beam.DoFn):
    def __init__(self, scan_date: dt.date):
        self.scan_date = scan_date

    def process(self, kv):
        _, groups = kv
        hit = bool(list(groups["withdrawn"]))
        row = effective_ledger_row(groups["ledger"], self.scan_date)
        for record, withdrawn, _ in groups["records"]:
            yield record, withdrawn or hit, row


# --- the verdict --------------------------------------------------------------------


class _ApplyVerdict(beam.DoFn):
    def __init__(self, manifest: Manifest):
        self.manifest = manifest

    def setup(self):
        # Most records of a file share (source, input_path): match each pair once.
        self._entries: dict[tuple[str, str], Any] = {}
        self._counters: dict[str, Any] = {}

    def _count(self, name: str) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter("lineage", name)
        counter.inc()

    def process(self, item):
        record, withdrawn, ledger = item
        key = (record.source, record.input_path)
        if key not in self._entries:
            self._entries[key] = self.manifest.match(record.source, record.input_path)
        verdict = judge(
            has_pi=record.has_pi,
            has_sensitive=record.has_sensitive,
            has_minor=record.has_minor,
            manifest_present=True,
            entry=self._entries[key],
            withdrawn=withdrawn,
            ledger=ledger,
            scan_date=self.manifest.scan_date,
        )
        self._count(f"records_{verdict.lineage_status}")
        self._count(f"action_{verdict.action}")
        for code in verdict.violations:
            self._count(code)
        yield dataclasses.replace(
            record,
            lineage_status=verdict.lineage_status,
            violations=list(verdict.violations),
            action=verdict.action,
        )


def _no_manifest(record: ScannedRecord) -> ScannedRecord:
    return dataclasses.replace(record, lineage_status=LINEAGE_NO_MANIFEST, violations=[], action="keep")


class JudgeLineage(beam.PTransform):
    """PCollection[ScannedRecord] → the same records with lineage_status,
    violations and action set.

    `manifest=None` gives every record `no_manifest` / `keep`. `join` forces
    the join strategy ("side_input" or "keyed"); "auto" picks per join by the
    on-disk size of the lists involved (SIDE_INPUT_MAX_BYTES).
    Metrics (namespace "lineage"): one counter per violation code,
    records_<status>, action_<action>.
    """

    def __init__(
        self,
        manifest: Manifest | None,
        *,
        join: str = JOIN_AUTO,
        side_input_max_bytes: int = SIDE_INPUT_MAX_BYTES,
    ):
        super().__init__()
        if join not in JOIN_MODES:
            raise ValueError(f"join must be one of {', '.join(JOIN_MODES)}, not {join!r}")
        self.manifest = manifest
        self.join = join
        self.side_input_max_bytes = side_input_max_bytes

    def join_plan(self) -> dict[str, str | None]:
        """How each join will run: "side_input", "keyed", or None when not needed."""
        m = self.manifest
        plan: dict[str, str | None] = {"record_id": None, "subject_id": None}
        if m is None:
            return plan
        if m.has_record_withdrawals:
            size = sum(w.size_bytes for w in m.withdrawals if "record_id" in w.columns)
            plan["record_id"] = self._strategy(size)
        if m.has_subject_lists and m.subject_field is not None:
            size = sum(w.size_bytes for w in m.withdrawals if "subject_id" in w.columns)
            size += sum(c.size_bytes for c in m.consents)
            plan["subject_id"] = self._strategy(size)
        return plan

    def _strategy(self, size: int) -> str:
        if self.join != JOIN_AUTO:
            return self.join
        return JOIN_SIDE_INPUT if size <= self.side_input_max_bytes else JOIN_KEYED

    def expand(self, records):
        m = self.manifest
        if m is None:
            return records | "NoManifest" >> beam.Map(_no_manifest)
        plan = self.join_plan()
        pipeline = records.pipeline
        facts = records | "Start" >> beam.Map(_start)

        if plan["record_id"] is not None:
            ids = pipeline | "WithdrawnRecordIds" >> ReadWithdrawnIds(m.withdrawals, "record_id")
            if plan["record_id"] == JOIN_SIDE_INPUT:
                facts = facts | "MarkWithdrawnRecords" >> beam.ParDo(
                    _MarkWithdrawnRecordsSide(),
                    withdrawn_ids=beam.pvalue.AsDict(ids | "RecordIdPairs" >> beam.Map(lambda k: (k, True))),
                )
            else:
                facts = (
                    {
                        "records": facts | "KeyByRecordId" >> beam.Map(_by_record_id),
                        "withdrawn": ids | "RecordIdKeys" >> beam.Map(lambda k: (k, None)),
                    }
                    | "JoinRecordWithdrawals" >> beam.CoGroupByKey()
                    | "MarkWithdrawnRecords" >> beam.FlatMap(_after_record_join)
                )

        if plan["subject_id"] is not None:
            subjects = pipeline | "WithdrawnSubjects" >> ReadWithdrawnIds(m.withdrawals, "subject_id")
            ledger = pipeline | "ConsentLedger" >> ReadLedger(m.consents)
            with_subject, without_subject = facts | "SplitBySubject" >> beam.Partition(_has_subject, 2)
            if plan["subject_id"] == JOIN_SIDE_INPUT:
                joined = with_subject | "JoinSubjects" >> beam.ParDo(
                    _JoinSubjectSide(m.scan_date),
                    withdrawn_ids=beam.pvalue.AsDict(
                        subjects | "SubjectPairs" >> beam.Map(lambda k: (k, True))
                    ),
                    ledger=beam.pvalue.AsMultiMap(ledger),
                )
            else:
                joined = (
                    {
                        "records": with_subject | "KeyBySubject" >> beam.Map(_by_subject),
                        "withdrawn": subjects | "SubjectKeys" >> beam.Map(lambda k: (k, None)),
                        "ledger": ledger,
                    }
                    | "JoinSubjects" >> beam.CoGroupByKey()
                    | "AttachSubjectFacts" >> beam.ParDo(_AfterSubjectJoin(m.scan_date))
                )
            facts = (joined, without_subject) | "Rejoin" >> beam.Flatten()

        return facts | "Judge" >> beam.ParDo(_ApplyVerdict(m))


class CountViolations(beam.PTransform):
    """Judged records → (code, count) pairs, one per code that occurred."""

    def expand(self, records):
        return (
            records
            | "Codes" >> beam.FlatMap(lambda r: r.violations)
            | "Count" >> beam.combiners.Count.PerElement()
        )
