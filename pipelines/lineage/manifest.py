"""The consent-lineage manifest (spec/lineage.md): parsed and validated before
the pipeline is built, so a typo fails the scan in a second, not after hours.

Every error is a ``ManifestError`` with a one-line message
``<file>:<line>: <where>: <problem>``. Line numbers come from PyYAML's node
marks, which is why the document is composed into nodes and walked by hand
instead of going through ``yaml.safe_load``.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import io
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import yaml
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipelines.schema import LEDGER_SCHEMA

LAWFUL_BASES = (
    "consent",
    "contract",
    "hr_management",
    "statutory_duty",
    "emergency",
    "news_reporting",
    "publicly_disclosed",
    "other_law",
)
CROSS_BORDER_MECHANISMS = ("security_assessment", "standard_contract", "certification", "none")

# When a source names no `subjects_located_in`, its subjects are taken to be in
# China: that is the population PIPL protects and the case this tool is for.
DEFAULT_SUBJECTS_LOCATED_IN = "CN"

TOP_KEYS = ("version", "scan_date", "subject_field", "sources", "withdrawals", "consents")
SOURCE_KEYS = (
    "id",
    "match",
    "lawful_basis",
    "consent",
    "subjects_located_in",
    "processing_locations",
    "cross_border_mechanism",
    "pipia",
)
CONSENT_KEYS = ("purposes", "separate_consent_sensitive", "guardian_consent_minors", "valid_until")
MATCH_KEYS = ("source", "path")
PIPIA_KEYS = ("id", "date")
FILE_KEYS = ("path",)

WITHDRAWAL_COLUMNS = ("subject_id", "record_id")
LEDGER_COLUMNS = tuple(LEDGER_SCHEMA.names)
# Beyond the spec: a ledger may carry its own per-subject expiry.
LEDGER_OPTIONAL_COLUMNS = ("valid_until",)


class ManifestError(ValueError):
    """The manifest cannot be used; the message is one line naming file and line."""


class AmbiguousSourceError(ManifestError):
    """A record matches two manifest sources, so its legal footing is undecidable."""


class LineageDataError(ManifestError):
    """A row of a withdrawal list or consent ledger cannot be read; found while
    the scan runs. The message names the file and row, never the row's values."""


# Input problems that only the records or the lineage files' rows reveal, so
# they surface while the pipeline runs rather than at load.
_RUNTIME_INPUT_ERRORS = (AmbiguousSourceError, LineageDataError)
_WHILE_RUNNING = re.compile(r"\s*\[while running '[^']*'\]\s*$")


def lineage_input_error(exc: BaseException) -> str | None:
    """The one-line message of a lineage input problem that failed a scan
    (AmbiguousSourceError, LineageDataError), or None for any other failure,
    so the CLI can report bad input as bad input.

    An in-process runner re-raises the error itself, its message suffixed
    with the failing step; a runner with worker processes raises a
    RuntimeError whose text ends with the worker's traceback, whose last
    line is ``<module>.<class>: <message>``."""
    if isinstance(exc, _RUNTIME_INPUT_ERRORS):
        lines = [ln for ln in str(exc).splitlines() if ln.strip()]
        return _WHILE_RUNNING.sub("", lines[0]).strip() if lines else None
    prefixes = [f"{c.__module__}.{c.__name__}: " for c in _RUNTIME_INPUT_ERRORS]
    for line in reversed(str(exc).splitlines()):
        for prefix in prefixes:
            at = line.find(prefix)
            if at >= 0:
                return _WHILE_RUNNING.sub("", line[at + len(prefix):]).strip()
    return None


@dataclass(frozen=True, slots=True)
class ConsentTerms:
    """What a data subject agreed to: the source's consent block, or a ledger row."""

    purposes: tuple[str, ...]
    separate_consent_sensitive: bool = False
    guardian_consent_minors: bool = False
    valid_until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SourceEntry:
    id: str
    line: int
    match_source: str | None
    match_path: str | None
    lawful_basis: str | None
    consent: ConsentTerms | None
    subjects_located_in: str
    processing_locations: tuple[str, ...]
    cross_border_mechanism: str
    pipia_id: str | None
    pipia_date: dt.date | None

    @property
    def cross_border(self) -> bool:
        """PIPL Art. 38: processed (stored or trained on) outside the subjects' country."""
        return any(loc != self.subjects_located_in for loc in self.processing_locations)

    @property
    def has_pipia(self) -> bool:
        return self.pipia_id is not None

    def matches(self, source: str | None, input_path: str | None) -> bool:
        if self.match_source is not None:
            return source == self.match_source
        return input_path is not None and path_matches(self.match_path, input_path)

    def describe(self) -> dict:
        consent = self.consent
        return {
            "id": self.id,
            "lawful_basis": self.lawful_basis,
            "purposes": list(consent.purposes) if consent else [],
            "separate_consent_sensitive": consent.separate_consent_sensitive if consent else False,
            "guardian_consent_minors": consent.guardian_consent_minors if consent else False,
            "valid_until": _iso(consent.valid_until) if consent else None,
            "subjects_located_in": self.subjects_located_in,
            "processing_locations": list(self.processing_locations),
            "cross_border_mechanism": self.cross_border_mechanism,
            "pipia_id": self.pipia_id,
            "pipia_date": _iso(self.pipia_date),
        }


@dataclass(frozen=True, slots=True)
class LineageFile:
    """A withdrawal list or consent ledger: resolved path (may be a glob), the
    manifest line naming it, its format, the files it matched with the columns
    of each (files of one glob need not share a header), the union of those
    columns, and its size on disk."""

    path: str
    line: int
    format: str  # "csv" or "parquet"
    columns: tuple[str, ...]
    files: tuple[str, ...]
    size_bytes: int
    file_columns: tuple[tuple[str, ...], ...] = ()

    def files_with(self, column: str) -> tuple[str, ...]:
        """The files of this list whose header has `column`."""
        return tuple(f for f, cols in zip(self.files, self.file_columns) if column in cols)


@dataclass(frozen=True, slots=True)
class Manifest:
    path: str
    version: int
    scan_date: dt.date
    subject_field: str | None
    sources: tuple[SourceEntry, ...]
    withdrawals: tuple[LineageFile, ...] = ()
    consents: tuple[LineageFile, ...] = field(default=())

    def match(self, source: str | None, input_path: str | None) -> SourceEntry | None:
        """The one entry a record belongs to, None when none; two → AmbiguousSourceError."""
        found = [e for e in self.sources if e.matches(source, input_path)]
        if len(found) > 1:
            a, b = found[0], found[1]
            raise AmbiguousSourceError(
                f"{self.path}:{b.line}: sources {a.id!r} (line {a.line}) and {b.id!r} "
                f"(line {b.line}) both match the record source {source!r} "
                f"from input {posixpath.basename(input_path or '')!r}; make the matches disjoint"
            )
        return found[0] if found else None

    def source_for(self, source: str | None, input_path: str | None = None) -> SourceEntry | None:
        """Alias of :meth:`match` (the name the summary code uses)."""
        return self.match(source, input_path)

    def check_inputs(self, input_paths: Iterable[str]) -> None:
        """Fail before the scan when one input file matches two path entries.

        Entries matching by `source` can only clash per record, which
        :meth:`match` reports inside the pipeline."""
        path_entries = [e for e in self.sources if e.match_path is not None]
        for p in input_paths:
            hits = [e for e in path_entries if path_matches(e.match_path, p)]
            if len(hits) > 1:
                a, b = hits[0], hits[1]
                raise ManifestError(
                    f"{self.path}:{b.line}: sources {a.id!r} (line {a.line}) and {b.id!r} "
                    f"(line {b.line}) both match the input {p!r}"
                )

    def describe(self) -> list[dict]:
        """The `lineage_sources` list of summary.json."""
        return [e.describe() for e in self.sources]

    @property
    def has_record_withdrawals(self) -> bool:
        return any(w.files_with("record_id") for w in self.withdrawals)

    @property
    def has_subject_lists(self) -> bool:
        return bool(self.consents) or any(w.files_with("subject_id") for w in self.withdrawals)


def path_matches(pattern: str, input_path: str) -> bool:
    """A `match.path` glob against an input path.

    The pattern matches when it matches the whole path, or the path's trailing
    components, as many as the pattern has: `app-logs.txt` matches that file
    name in any folder, `chat/*.jsonl` any .jsonl file directly under a folder
    named `chat`. Inputs are given on the command line relative to wherever the
    user stands, so anchoring globs to one root would make manifests fragile.
    Matching is case-sensitive on every platform (``fnmatchcase``); as in
    ``fnmatch``, `*` also crosses `/`.
    """
    path = input_path.replace("\\", "/")
    pat = pattern.replace("\\", "/")
    if fnmatch.fnmatchcase(path, pat):
        return True
    n = len(pat.strip("/").split("/"))
    tail = "/".join(path.rstrip("/").split("/")[-n:])
    return fnmatch.fnmatchcase(tail, pat.strip("/"))


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


# --- loading ---------------------------------------------------------------------

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_NULL = "tag:yaml.org,2002:null"
_TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Reader:
    """Walks composed YAML nodes, turning each problem into a ManifestError
    carrying the node's line."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, node: yaml.Node | None, where: str, problem: str) -> ManifestError:
        line = node.start_mark.line + 1 if node is not None else 1
        prefix = f"{where}: " if where else ""
        return ManifestError(f"{self.path}:{line}: {prefix}{problem}")

    def mapping(self, node, where, allowed) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, where, "expected a mapping")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise self.fail(k, where, "keys must be plain names")
            if k.value not in allowed:
                raise self.fail(
                    k, where, f"unknown key {k.value!r} (allowed: {', '.join(allowed)})"
                )
            if k.value in out:
                raise self.fail(k, where, f"key {k.value!r} given twice")
            out[k.value] = (k, v)
        return out

    @staticmethod
    def is_null(node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == _TAG_NULL

    @classmethod
    def shown(cls, node) -> str:
        """A node as an error message shows it: the text of a scalar, the kind
        of anything else (never PyYAML's node repr)."""
        if cls.is_null(node):
            return "nothing"
        if isinstance(node, yaml.ScalarNode):
            return repr(node.value)
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        return "an unsupported value"

    def string(
        self, node, where, *, choices: tuple[str, ...] | None = None, numbers: bool = True
    ) -> str:
        """A text value; a bare integer is taken as its text (an id of 2024)
        unless `numbers` is False."""
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_TAG_STR, _TAG_INT):
            raise self.fail(node, where, f"expected a text value, got {self.shown(node)}")
        if node.tag == _TAG_INT and not numbers:
            raise self.fail(node, where, f"expected a name, got the number {node.value}")
        value = node.value.strip()
        if not value:
            raise self.fail(node, where, "must not be empty")
        if choices is not None and value not in choices:
            raise self.fail(
                node, where, f"unknown value {value!r} (expected one of: {', '.join(choices)})"
            )
        return value

    def boolean(self, node, where) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG_BOOL:
            raise self.fail(node, where, f"expected true or false, got {self.shown(node)}")
        return node.value.lower() in ("true", "yes", "on")

    def date(self, node, where) -> dt.date:
        # YAML resolves 2026-11-27 to a timestamp; a quoted "2026-11-27" is a
        # string. Both are accepted, anything else (2026-13-01, 27/11/2026) is not.
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_TAG_STR, _TAG_TIMESTAMP):
            raise self.fail(node, where, f"expected a date YYYY-MM-DD, got {self.shown(node)}")
        text = node.value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(text).date()
            except ValueError:
                raise self.fail(
                    node, where, f"not a valid date {text!r} (expected YYYY-MM-DD)"
                ) from None

    def string_list(self, node, where, *, numbers: bool = True) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (self.string(node, where, numbers=numbers),)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, where, "expected a list")
        return tuple(
            self.string(item, f"{where}[{i}]", numbers=numbers) for i, item in enumerate(node.value)
        )


def load_manifest(path: str, *, today: dt.date | None = None) -> Manifest:
    """Parse and validate a lineage manifest; raise ManifestError on any problem.

    `today` is the default `scan_date` when the manifest names none (the
    current UTC date when not given). Withdrawal lists and ledgers are checked
    to exist and to carry the columns the joins need; they are not loaded.
    """
    try:
        with FileSystems.open(path) as fh:
            text = fh.read().decode("utf-8")
    except (OSError, IOError) as exc:
        raise ManifestError(f"{path}: cannot read manifest: {type(exc).__name__}") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: manifest is not UTF-8 text") from None

    r = _Reader(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ManifestError(f"{path}:{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ManifestError(f"{path}:1: invalid YAML: {type(exc).__name__}") from None
    if root is None:
        raise ManifestError(f"{path}:1: manifest is empty")

    top = r.mapping(root, "", TOP_KEYS)

    version = 1
    if "version" in top:
        vnode = top["version"][1]
        if not (isinstance(vnode, yaml.ScalarNode) and vnode.tag == _TAG_INT and vnode.value == "1"):
            raise r.fail(vnode, "version", f"unsupported version {r.shown(vnode)} (expected 1)")

    if "scan_date" in top and not r.is_null(top["scan_date"][1]):
        scan_date = r.date(top["scan_date"][1], "scan_date")
    else:
        scan_date = today or dt.datetime.now(dt.timezone.utc).date()

    subject_field = None
    if "subject_field" in top and not r.is_null(top["subject_field"][1]):
        subject_field = r.string(top["subject_field"][1], "subject_field")

    if "sources" not in top:
        raise r.fail(root, "", "missing key 'sources'")
    snode = top["sources"][1]
    if not isinstance(snode, yaml.SequenceNode):
        raise r.fail(snode, "sources", "expected a list of sources")
    sources = tuple(_source(r, item, i) for i, item in enumerate(snode.value))
    _check_disjoint(r, sources)

    base = _folder(path)
    withdrawals = tuple(
        _lineage_file(r, top["withdrawals"][1], "withdrawals", base, kind="withdrawals")
    ) if "withdrawals" in top else ()
    consents = tuple(
        _lineage_file(r, top["consents"][1], "consents", base, kind="consents")
    ) if "consents" in top else ()

    if subject_field is None:
        _check_subject_lists_joinable(r, withdrawals, consents)

    return Manifest(
        path=path,
        version=version,
        scan_date=scan_date,
        subject_field=subject_field,
        sources=sources,
        withdrawals=withdrawals,
        consents=consents,
    )


def _check_subject_lists_joinable(r: _Reader, withdrawals, consents) -> None:
    """A ledger, or a withdrawal list naming subjects only, is joined to the
    records through subject_field: without it every row would be skipped and
    withdrawn data kept (Art. 15, 47), so the manifest is refused instead."""
    why = (
        "which needs subject_field (the record field naming the data subject, "
        "e.g. subject_field: user_id)"
    )
    if consents:
        raise ManifestError(
            f"{r.path}:{consents[0].line}: consents[0].path: a consent ledger is joined to records "
            f"by subject_id, {why}"
        )
    for i, w in enumerate(withdrawals):
        for f, columns in zip(w.files, w.file_columns):
            if "subject_id" not in columns:
                continue
            name = posixpath.basename(f)
            if "record_id" not in columns:
                raise ManifestError(
                    f"{r.path}:{w.line}: withdrawals[{i}].path: {name} lists "
                    f"subjects only (subject_id, no record_id column), {why}"
                )
            # Both columns: the rows naming a record apply; a row naming only
            # a subject would be skipped. Reading the list is the price of
            # this unusual setup, paid only here.
            try:
                for line, row in csv_rows(f):
                    if (row.get("subject_id") or "").strip() and not (row.get("record_id") or "").strip():
                        raise ManifestError(
                            f"{r.path}:{w.line}: withdrawals[{i}].path: {name} line {line} names a "
                            f"subject but no record, {why}"
                        )
            except LineageDataError as exc:
                raise ManifestError(f"{r.path}:{w.line}: withdrawals[{i}].path: {exc}") from None


def _source(r: _Reader, node, i: int) -> SourceEntry:
    where = f"sources[{i}]"
    m = r.mapping(node, where, SOURCE_KEYS)
    if "id" not in m:
        raise r.fail(node, where, "missing key 'id'")
    sid = r.string(m["id"][1], f"{where}.id")
    where = f"source {sid!r}"

    if "match" not in m:
        raise r.fail(node, where, "missing key 'match' (give match: {source: ...} or {path: ...})")
    mnode = m["match"][1]
    if not isinstance(mnode, yaml.MappingNode):
        raise r.fail(mnode, f"{where}.match", "expected {source: NAME} or {path: GLOB}")
    match = r.mapping(mnode, f"{where}.match", MATCH_KEYS)
    if len(match) != 1:
        raise r.fail(
            mnode, f"{where}.match", "give exactly one of 'source' (record source) or 'path' (glob)"
        )
    match_source = r.string(match["source"][1], f"{where}.match.source") if "source" in match else None
    match_path = r.string(match["path"][1], f"{where}.match.path") if "path" in match else None

    lawful_basis = None
    if "lawful_basis" in m and not r.is_null(m["lawful_basis"][1]):
        lawful_basis = r.string(m["lawful_basis"][1], f"{where}.lawful_basis", choices=LAWFUL_BASES)

    consent = None
    if "consent" in m and not r.is_null(m["consent"][1]):
        consent = _consent(r, m["consent"][1], f"{where}.consent")
    if lawful_basis == "consent" and consent is None:
        raise r.fail(
            m["lawful_basis"][1], where,
            "lawful_basis is consent but there is no consent block (PIPL Art. 14: "
            "say what was consented to: purposes, valid_until, ...)",
        )

    located = DEFAULT_SUBJECTS_LOCATED_IN
    if "subjects_located_in" in m and not r.is_null(m["subjects_located_in"][1]):
        located = r.string(m["subjects_located_in"][1], f"{where}.subjects_located_in").upper()
    locations: tuple[str, ...] = ()
    if "processing_locations" in m and not r.is_null(m["processing_locations"][1]):
        locations = tuple(
            x.upper() for x in r.string_list(m["processing_locations"][1], f"{where}.processing_locations")
        )
    # An undeclared mechanism is no mechanism: Art. 38 needs one to be shown.
    mechanism = "none"
    if "cross_border_mechanism" in m and not r.is_null(m["cross_border_mechanism"][1]):
        mechanism = r.string(
            m["cross_border_mechanism"][1], f"{where}.cross_border_mechanism",
            choices=CROSS_BORDER_MECHANISMS,
        )

    pipia_id = pipia_date = None
    if "pipia" in m and not r.is_null(m["pipia"][1]):
        pnode = m["pipia"][1]
        p = r.mapping(pnode, f"{where}.pipia", PIPIA_KEYS)
        if "id" not in p:
            raise r.fail(pnode, f"{where}.pipia", "missing key 'id'")
        pipia_id = r.string(p["id"][1], f"{where}.pipia.id")
        if "date" in p and not r.is_null(p["date"][1]):
            pipia_date = r.date(p["date"][1], f"{where}.pipia.date")

    return SourceEntry(
        id=sid,
        line=node.start_mark.line + 1,
        match_source=match_source,
        match_path=match_path,
        lawful_basis=lawful_basis,
        consent=consent,
        subjects_located_in=located,
        processing_locations=locations,
        cross_border_mechanism=mechanism,
        pipia_id=pipia_id,
        pipia_date=pipia_date,
    )


def _consent(r: _Reader, node, where: str) -> ConsentTerms:
    c = r.mapping(node, where, CONSENT_KEYS)
    if "purposes" not in c:
        raise r.fail(node, where, "missing key 'purposes'")
    # Purposes are names (model_training, ...); `purposes: 5` is a slip, not a purpose.
    purposes = r.string_list(c["purposes"][1], f"{where}.purposes", numbers=False)
    separate = guardian = False
    if "separate_consent_sensitive" in c:
        separate = r.boolean(c["separate_consent_sensitive"][1], f"{where}.separate_consent_sensitive")
    if "guardian_consent_minors" in c:
        guardian = r.boolean(c["guardian_consent_minors"][1], f"{where}.guardian_consent_minors")
    valid_until = None
    if "valid_until" in c and not r.is_null(c["valid_until"][1]):
        valid_until = r.date(c["valid_until"][1], f"{where}.valid_until")
    return ConsentTerms(purposes, separate, guardian, valid_until)


def _check_disjoint(r: _Reader, sources: tuple[SourceEntry, ...]) -> None:
    """The clashes visible without records: a repeated id, the same source
    value twice, the same glob twice. Other overlaps are caught per input file
    (Manifest.check_inputs) or per record (Manifest.match)."""
    seen_id: dict[str, SourceEntry] = {}
    seen_match: dict[tuple[str, str], SourceEntry] = {}
    for e in sources:
        if e.id in seen_id:
            first = seen_id[e.id]
            raise ManifestError(
                f"{r.path}:{e.line}: source {e.id!r}: duplicate source id (first at line {first.line})"
            )
        seen_id[e.id] = e
        key = ("source", e.match_source) if e.match_source is not None else ("path", e.match_path)
        if key in seen_match:
            first = seen_match[key]
            raise ManifestError(
                f"{r.path}:{e.line}: source {e.id!r}: matches the same {key[0]} {key[1]!r} "
                f"as source {first.id!r} (line {first.line}); a record may match only one entry"
            )
        seen_match[key] = e


def _folder(manifest_path: str) -> str:
    if "://" in manifest_path:
        return manifest_path.rsplit("/", 1)[0]
    return os.path.dirname(os.path.abspath(manifest_path))


def _resolve(base: str, p: str) -> str:
    if "://" in p or os.path.isabs(p):
        return p
    if "://" in base:
        return f"{base}/{p}"
    return os.path.normpath(os.path.join(base, p))


def _lineage_file(r: _Reader, node, where: str, base: str, *, kind: str) -> list[LineageFile]:
    if r.is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise r.fail(node, where, "expected a list of {path: FILE}")
    out = []
    for i, item in enumerate(node.value):
        iwhere = f"{where}[{i}]"
        if isinstance(item, yaml.ScalarNode):
            pnode = item
        else:
            fields = r.mapping(item, iwhere, FILE_KEYS)
            if "path" not in fields:
                raise r.fail(item, iwhere, "missing key 'path'")
            pnode = fields["path"][1]
        raw = r.string(pnode, f"{iwhere}.path")
        resolved = _resolve(base, raw)
        try:
            matched = FileSystems.match([resolved])[0].metadata_list
        except (OSError, IOError, ValueError):
            matched = []
        if not matched:
            raise r.fail(pnode, f"{iwhere}.path", f"file not found: {resolved}")
        files = tuple(sorted(m.path for m in matched))
        size = sum(m.size_in_bytes for m in matched)
        fmt = _format_of(raw)
        if fmt is None:
            raise r.fail(pnode, f"{iwhere}.path", f"unsupported format {raw!r} (use .csv or .parquet)")
        if kind == "withdrawals" and fmt != "csv":
            raise r.fail(pnode, f"{iwhere}.path", "a withdrawal list must be a CSV file")
        # Every file of a glob is read with its own header, so every header
        # is checked: one list split over files may order its columns differently.
        file_columns = _all_columns(r, pnode, f"{iwhere}.path", files, fmt)
        for f, columns in zip(files, file_columns):
            if kind == "withdrawals":
                if not any(c in columns for c in WITHDRAWAL_COLUMNS):
                    raise r.fail(
                        pnode, f"{iwhere}.path",
                        f"{posixpath.basename(f)} has neither a subject_id nor a record_id column",
                    )
            else:
                missing = [c for c in LEDGER_COLUMNS if c not in columns]
                if missing:
                    raise r.fail(
                        pnode, f"{iwhere}.path",
                        f"{posixpath.basename(f)} lacks ledger column(s): {', '.join(missing)}",
                    )
        union = tuple(dict.fromkeys(c for columns in file_columns for c in columns))
        out.append(
            LineageFile(resolved, pnode.start_mark.line + 1, fmt, union, files, size, file_columns)
        )
    return out


def open_lineage_file(path: str):
    return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)


def csv_rows(path: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each non-blank data row of a CSV withdrawal list
    or ledger, read with that file's own header: the files of one glob need
    not share theirs. Quoted fields may span lines; the number is the line
    the row starts on."""
    start = 1
    try:
        with open_lineage_file(path) as raw:
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            header = [h.strip() for h in next(reader, [])]
            start = reader.line_num + 1
            for values in reader:
                line, start = start, reader.line_num + 1
                if any(v.strip() for v in values):
                    yield line, dict(zip(header, values))
    except UnicodeDecodeError:
        raise LineageDataError(f"{path}: not UTF-8 text (near line {start})") from None
    except csv.Error as exc:
        raise LineageDataError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None


def _format_of(p: str) -> str | None:
    low = p.lower()
    if low.endswith(".csv"):
        return "csv"
    if low.endswith(".parquet"):
        return "parquet"
    return None


def _all_columns(r: _Reader, node, where: str, files: tuple[str, ...], fmt: str) -> tuple[tuple[str, ...], ...]:
    if len(files) == 1:
        return (_columns(r, node, where, files[0], fmt),)
    # A ledger split into many files on object storage: fetch headers concurrently.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(16, len(files))) as pool:
        return tuple(pool.map(lambda f: _columns(r, node, where, f, fmt), files))


def _columns(r: _Reader, node, where: str, path: str, fmt: str) -> tuple[str, ...]:
    """Only the header (CSV) or schema (Parquet) is read here: the rows are
    joined inside the pipeline."""
    try:
        with FileSystems.open(path) as fh:
            if fmt == "parquet":
                import pyarrow.parquet as pq

                return tuple(pq.read_schema(fh).names)
            first = fh.readline().decode("utf-8-sig")
    except (OSError, IOError, ValueError, UnicodeDecodeError) as exc:
        raise r.fail(node, where, f"cannot read {posixpath.basename(path)}: {type(exc).__name__}") from None
    header = next(csv.reader(io.StringIO(first)), [])
    return tuple(h.strip() for h in header)
