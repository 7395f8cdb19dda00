"""The lineage stage of the scan: join each record to its manifest source,
withdrawal lists and consent ledger, then apply the rules.

Withdrawal lists and ledgers are read with Beam IO and joined inside the
pipeline. Small ones (on-disk size up to SIDE_INPUT_MAX_BYTES) become side
inputs; larger ones are joined with CoGroupByKey on record_id / subject_id, so
a ledger of millions of subjects is never held whole by one DoFn. Both paths
feed the same facts to the same pure rules (rules.judge), and the tests check
they agree.

The keyed join is a semi-join first. A shuffle is not free on every runner:
Beam's local FnApiRunner keeps each GroupByKey's whole input in the runner
process, so a 5 M-subject ledger pushed through CoGroupByKey took that process
past 4 GB. The keys the records actually name are gathered into a sorted array
of 64-bit fingerprints (8 bytes a key, a singleton side input), and ledger and
withdrawal rows are filtered against it while they stream from their files,
Parquet one row group at a time and tested in Arrow slices. Only rows of
subjects the corpus names reach the shuffle, as compact tuples. A fingerprint
collision only lets an extra row through to CoGroupByKey, which matches on the
full key, so verdicts stay exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from typing import Any, Iterable, Mapping, Sequence

import apache_beam as beam
import numpy as np
import pyarrow as pa
from apache_beam.metrics import Metrics

from pipelines.lineage.manifest import (
    LEDGER_COLUMNS,
    LEDGER_OPTIONAL_COLUMNS,
    LineageDataError,
    LineageFile,
    Manifest,
    csv_rows,
    open_lineage_file,
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
            raise ValueError(f"{column} is not a date in ISO form (YYYY-MM-DD)") from None
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
    raise ValueError(f"{column} is not true/false")


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


def ledger_row(row: Mapping[str, Any], where: str = "consent ledger") -> LedgerRow | None:
    """A ledger row from a Parquet or CSV mapping; None when it names no subject.
    A value that cannot be read raises LineageDataError naming `where` (the
    file and row) and the column, not the value: ledgers are personal data."""
    subject = subject_key(row.get("subject_id"))
    if subject is None:
        return None
    try:
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
    except ValueError as exc:
        raise LineageDataError(f"{where}: consent ledger: {exc}") from None


# --- compact ledger rows -------------------------------------------------------------
# What travels between stages: (purposes, separate_consent_sensitive,
# guardian_consent_minors, granted_at, withdrawn_at, valid_until) with dates as
# ordinals. Beam's default coder writes tuples of str/bool/int/None natively;
# a LedgerRow would be pickled with its class path on every element.


def compact_ledger_row(row: LedgerRow) -> tuple:
    return (
        row.purposes,
        row.separate_consent_sensitive,
        row.guardian_consent_minors,
        _ordinal(row.granted_at),
        _ordinal(row.withdrawn_at),
        _ordinal(row.valid_until),
    )


def expand_ledger_row(subject: str, row: Sequence[Any]) -> LedgerRow:
    purposes, sensitive, minors, granted, withdrawn, valid_until = row
    return LedgerRow(
        subject_id=subject,
        purposes=tuple(purposes),
        separate_consent_sensitive=sensitive,
        guardian_consent_minors=minors,
        granted_at=_from_ordinal(granted),
        withdrawn_at=_from_ordinal(withdrawn),
        valid_until=_from_ordinal(valid_until),
    )


def _ordinal(d: dt.date | None) -> int | None:
    return d.toordinal() if d is not None else None


def _from_ordinal(n: int | None) -> dt.date | None:
    return dt.date.fromordinal(n) if n is not None else None


# --- key fingerprints for the semi-join ---------------------------------------------


def key_fingerprint(key: str) -> int:
    """A 64-bit fingerprint of a subject or record id, the same in every
    worker process (Python's own str hash is salted per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def fingerprints(keys: Iterable[str]) -> np.ndarray:
    return np.fromiter((key_fingerprint(k) for k in keys), dtype=np.uint64)


def fingerprint_hits(referenced: np.ndarray, fps: np.ndarray) -> np.ndarray:
    """Boolean mask: which of `fps` are in the sorted array `referenced`."""
    if len(referenced) == 0 or len(fps) == 0:
        return np.zeros(len(fps), dtype=bool)
    at = np.minimum(np.searchsorted(referenced, fps), len(referenced) - 1)
    return referenced[at] == fps


class _Fingerprints:
    """Accumulator: keys not yet hashed, and a sorted unique fingerprint array.
    Pickles as the array alone."""

    __slots__ = ("pending", "done")

    def __init__(self):
        self.pending: list[str] = []
        self.done = np.empty(0, dtype=np.uint64)

    def fold(self) -> "_Fingerprints":
        if self.pending:
            self.done = np.union1d(self.done, fingerprints(self.pending))
            self.pending = []
        return self

    def __getstate__(self):
        return self.fold().done

    def __setstate__(self, state):
        self.pending = []
        self.done = state


class KeyFingerprintsFn(beam.CombineFn):
    """Keys (None skipped) → sorted array of their distinct uint64 fingerprints.
    At 8 bytes a key, the set of subjects a corpus names stays far smaller
    than the records that name them."""

    FOLD_EVERY = 65_536

    def create_accumulator(self):
        return _Fingerprints()

    def add_input(self, acc, key):
        if key is not None:
            acc.pending.append(key)
            if len(acc.pending) >= self.FOLD_EVERY:
                acc.fold()
        return acc

    def merge_accumulators(self, accs):
        accs = [a.fold() for a in accs]
        merged = accs[0]
        for other in accs[1:]:
            merged.done = np.union1d(merged.done, other.done)
        return merged

    def compact(self, acc):
        return acc.fold()

    def extract_output(self, acc):
        return acc.fold().done


_ledger_rows_read = Metrics.counter("lineage", "ledger_rows_read")
_ledger_rows_referenced = Metrics.counter("lineage", "ledger_rows_referenced")
_ledger_without_subject = Metrics.counter("lineage", "ledger_rows_without_subject")


# --- reading the lineage files -------------------------------------------------------
# Each file is read by a DoFn that knows its name and counts its rows: files
# of one glob may order their columns differently, and a row that cannot be
# read is reported by file and row. Parquet is split by row group, so one
# large ledger file is still read in parallel; keys are tested against the
# referenced fingerprints a slice at a time, and only the rows kept become
# Python objects.

# Rows of a Parquet row group, or of a CSV file, are tested this many at a
# time, so a ledger written as one huge row group costs a bounded number of
# Python objects.
ARROW_SLICE_ROWS = 65_536


def _referenced_mask(keys: Sequence[str], referenced: np.ndarray | None) -> Sequence[bool]:
    if referenced is None:
        return [True] * len(keys)
    return fingerprint_hits(referenced, fingerprints(keys))


def _chunks(rows: Iterable, size: int = ARROW_SLICE_ROWS) -> Iterable[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _files(pbegin, label: str, paths: Sequence[str]):
    # Reshuffle: a runner would otherwise read every file on the worker that created the list.
    return pbegin | f"{label}Files" >> beam.Create(sorted(paths)) | f"{label}Spread" >> beam.Reshuffle()


class _WithdrawnIdsFromCsv(beam.DoFn):
    """A withdrawal list file → the ids in its `column` (optionally only those
    whose fingerprint is in `referenced`)."""

    def __init__(self, column: str):
        self.column = column

    def process(self, path: str, referenced=None):
        ids = (subject_key(row.get(self.column)) for _, row in csv_rows(path))
        for chunk in _chunks(k for k in ids if k is not None):
            for key, hit in zip(chunk, _referenced_mask(chunk, referenced)):
                if hit:
                    yield key


class ReadWithdrawnIds(beam.PTransform):
    """Ids in the `column` (subject_id or record_id) of all withdrawal lists,
    each file read with its own header. With `referenced` (a singleton side
    input of fingerprints, see KeyFingerprintsFn) only ids whose fingerprint
    is in it are kept."""

    def __init__(self, files: Iterable[LineageFile], column: str, referenced=None):
        super().__init__()
        self.paths = sorted({p for f in files for p in f.files_with(column)})
        self.column = column
        self.referenced = referenced

    def expand(self, pbegin):
        if not self.paths:
            return pbegin | "None" >> beam.Create([])
        side = {} if self.referenced is None else {"referenced": self.referenced}
        return _files(pbegin, "Withdrawal", self.paths) | "Ids" >> beam.ParDo(
            _WithdrawnIdsFromCsv(self.column), **side
        )


def _kept_ledger_rows(rows: list[tuple[str, str, Mapping[str, Any]]], referenced):
    """(where, key, row) triples of one slice → (subject_id, compact row) for
    the referenced ones."""
    hits = _referenced_mask([key for _, key, _ in rows], referenced)
    kept = [(where, row) for (where, _, row), hit in zip(rows, hits) if hit]
    _ledger_rows_referenced.inc(len(kept))
    for where, row in kept:
        parsed = ledger_row(row, where)
        yield parsed.subject_id, compact_ledger_row(parsed)


class _CsvLedgerRows(beam.DoFn):
    """A CSV ledger file → (subject_id, compact row), every row or only the
    referenced subjects'."""

    def process(self, path: str, referenced=None):
        for chunk in _chunks(csv_rows(path)):
            _ledger_rows_read.inc(len(chunk))
            rows = []
            for line, row in chunk:
                key = subject_key(row.get("subject_id"))
                if key is None:
                    _ledger_without_subject.inc()
                else:
                    rows.append((f"{path}:{line}", key, row))
            yield from _kept_ledger_rows(rows, referenced)


class _ParquetRowGroups(beam.DoFn):
    """A Parquet ledger file → (path, row group index, rows before it)."""

    def process(self, path: str):
        import pyarrow.parquet as pq

        with open_lineage_file(path) as fh:
            meta = pq.read_metadata(fh)
        first = 0
        for i in range(meta.num_row_groups):
            yield path, i, first
            first += meta.row_group(i).num_rows


class _ParquetLedgerRows(beam.DoFn):
    """One Parquet row group → (subject_id, compact row) for the rows whose
    subject is referenced (every row when `referenced` is None), tested an
    Arrow slice at a time."""

    def process(self, group: tuple[str, int, int], referenced=None):
        import pyarrow.parquet as pq

        path, index, first = group
        with open_lineage_file(path) as fh:
            pf = pq.ParquetFile(fh)
            wanted = [c for c in (*LEDGER_COLUMNS, *LEDGER_OPTIONAL_COLUMNS) if c in pf.schema_arrow.names]
            table = pf.read_row_group(index, columns=wanted)
        offset = first
        for batch in table.to_batches(max_chunksize=ARROW_SLICE_ROWS):
            yield from self._rows(batch, referenced, path, offset)
            offset += batch.num_rows

    @staticmethod
    def _rows(batch: pa.RecordBatch, referenced, path: str, offset: int):
        _ledger_rows_read.inc(batch.num_rows)
        keys = [subject_key(v) for v in batch.column("subject_id").to_pylist()]
        kept = [i for i, k in enumerate(keys) if k is not None]
        if len(kept) < len(keys):
            _ledger_without_subject.inc(len(keys) - len(kept))
        hits = _referenced_mask([keys[i] for i in kept], referenced)
        kept = [i for i, hit in zip(kept, hits) if hit]
        if not kept:
            return
        _ledger_rows_referenced.inc(len(kept))
        for i, row in zip(kept, batch.take(pa.array(kept, pa.int64())).to_pylist()):
            # Rows are counted from 1, as a reader of the file would.
            parsed = ledger_row(row, f"{path}: row {offset + i + 1}")
            yield parsed.subject_id, compact_ledger_row(parsed)


class ReadLedger(beam.PTransform):
    """(subject_id, compact row) for every row of the consent ledgers, or with
    `referenced` only for the subjects whose fingerprint it holds. Parquet is
    read one row group per element, never as one dict per row."""

    def __init__(self, files: Iterable[LineageFile], referenced=None):
        super().__init__()
        files = list(files)
        self.csv = sorted({p for f in files if f.format == "csv" for p in f.files})
        self.parquet = sorted({p for f in files if f.format == "parquet" for p in f.files})
        self.referenced = referenced

    def expand(self, pbegin):
        side = {} if self.referenced is None else {"referenced": self.referenced}
        parts = []
        if self.csv:
            parts.append(
                _files(pbegin, "Csv", self.csv) | "ParseCsv" >> beam.ParDo(_CsvLedgerRows(), **side)
            )
        if self.parquet:
            parts.append(
                _files(pbegin, "Parquet", self.parquet)
                | "RowGroups" >> beam.ParDo(_ParquetRowGroups())
                | "SpreadRowGroups" >> beam.Reshuffle()
                | "ParseParquet" >> beam.ParDo(_ParquetLedgerRows(), **side)
            )
        if not parts:
            return pbegin | "None" >> beam.Create([])
        return parts | "All" >> beam.Flatten()


# --- the joins ----------------------------------------------------------------------
# Elements between the joins are (record, withdrawn, ledger_row_or_None).


def _start(record: ScannedRecord):
    return record, False, None


class _MarkWithdrawnRecordsSide(beam.DoFn):
    def process(self, item, withdrawn_ids):
        record, withdrawn, ledger = item
        yield record, withdrawn or _record_id(item) in withdrawn_ids, ledger


def _record_id(item) -> str | None:
    return subject_key(item[0].record_id)


def _by_record_id(item):
    return _record_id(item), item


def _after_record_join(kv):
    _, groups = kv
    hit = bool(list(groups["withdrawn"]))
    for record, withdrawn, ledger in groups["records"]:
        yield record, withdrawn or hit, ledger


def _ledger_rows(subject: str, rows: Iterable[Sequence[Any]]) -> list[LedgerRow]:
    return [expand_ledger_row(subject, r) for r in rows]


class _JoinSubjectSide(beam.DoFn):
    def __init__(self, scan_date: dt.date):
        self.scan_date = scan_date

    def process(self, item, withdrawn_ids, ledger):
        record, withdrawn, _ = item
        subject = subject_key(record.subject_id)
        # Index, not .get: on portable runners a multimap side input is a
        # lazy per-key view that only supports lookup by key.
        row = effective_ledger_row(_ledger_rows(subject, ledger[subject]), self.scan_date)
        yield record, withdrawn or subject in withdrawn_ids, row


def _subject(item) -> str | None:
    return subject_key(item[0].subject_id)


def _by_subject(item):
    return _subject(item), item


def _has_subject(item, _n):
    return 0 if _subject(item) is not None else 1


class _AfterSubjectJoin(beam.DoFn):
    def __init__(self, scan_date: dt.date):
        self.scan_date = scan_date

    def process(self, kv):
        subject, groups = kv
        hit = bool(list(groups["withdrawn"]))
        row = effective_ledger_row(_ledger_rows(subject, groups["ledger"]), self.scan_date)
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
        if self.manifest.subject_field is not None and record.subject_id is None:
            # Not joinable to subject withdrawals or the ledger; the scan
            # totals count these too (stats.records_without_subject).
            self._count("records_without_subject")
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
    records_<status>, action_<action>, records_without_subject.
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

        if plan["record_id"] == JOIN_SIDE_INPUT:
            ids = pipeline | "WithdrawnRecordIds" >> ReadWithdrawnIds(m.withdrawals, "record_id")
            facts = facts | "MarkWithdrawnRecords" >> beam.ParDo(
                _MarkWithdrawnRecordsSide(),
                withdrawn_ids=beam.pvalue.AsDict(ids | "RecordIdPairs" >> beam.Map(lambda k: (k, True))),
            )
        elif plan["record_id"] == JOIN_KEYED:
            # Semi-join: only withdrawn ids naming a record of this corpus are shuffled.
            record_ids = beam.pvalue.AsSingleton(
                facts
                | "RecordIds" >> beam.Map(_record_id)
                | "RecordIdFingerprints" >> beam.CombineGlobally(KeyFingerprintsFn())
            )
            ids = pipeline | "WithdrawnRecordIds" >> ReadWithdrawnIds(
                m.withdrawals, "record_id", referenced=record_ids
            )
            facts = (
                {
                    "records": facts | "KeyByRecordId" >> beam.Map(_by_record_id),
                    "withdrawn": ids | "RecordIdKeys" >> beam.Map(lambda k: (k, None)),
                }
                | "JoinRecordWithdrawals" >> beam.CoGroupByKey()
                | "MarkWithdrawnRecords" >> beam.FlatMap(_after_record_join)
            )

        if plan["subject_id"] is not None:
            with_subject, without_subject = facts | "SplitBySubject" >> beam.Partition(_has_subject, 2)
            if plan["subject_id"] == JOIN_SIDE_INPUT:
                subjects = pipeline | "WithdrawnSubjects" >> ReadWithdrawnIds(m.withdrawals, "subject_id")
                ledger = pipeline | "ConsentLedger" >> ReadLedger(m.consents)
                joined = with_subject | "JoinSubjects" >> beam.ParDo(
                    _JoinSubjectSide(m.scan_date),
                    withdrawn_ids=beam.pvalue.AsDict(
                        subjects | "SubjectPairs" >> beam.Map(lambda k: (k, True))
                    ),
                    ledger=beam.pvalue.AsMultiMap(ledger),
                )
            else:
                # Semi-join: the ledger and withdrawal rows are filtered, as they
                # are read, to the subjects these records name.
                referenced = beam.pvalue.AsSingleton(
                    with_subject
                    | "Subjects" >> beam.Map(_subject)
                    | "SubjectFingerprints" >> beam.CombineGlobally(KeyFingerprintsFn())
                )
                subjects = pipeline | "WithdrawnSubjects" >> ReadWithdrawnIds(
                    m.withdrawals, "subject_id", referenced=referenced
                )
                ledger = pipeline | "ConsentLedger" >> ReadLedger(m.consents, referenced=referenced)
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
