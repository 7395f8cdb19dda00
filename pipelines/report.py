"""The assessment's data section: ``report.md`` and a self-contained ``report.html``.

Built only from a scan's outputs (summary.json, findings/, records/ and, when
present, gate/gate.json), so ``piplscan report DIR`` can rewrite it at any
time. Every figure is a count or a share; no matched value appears, only the
entity types and categories they were filed under.

Aggregation uses pyarrow compute and group_by on the few columns each table
needs, never a Python loop over findings, so a scan with millions of
findings costs a few column reads.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from detectors.catalogue import CATEGORIES, GENERAL
from expectations import outputs, storage
from expectations.policy import violation_articles

# Identity-document numbers: one distinct number is one distinct person, so
# their distinct keyed hashes give a lower bound on the number of subjects.
IDENTITY_NUMBER_TYPES = (
    "CN_RESIDENT_ID", "CN_PASSPORT", "CN_HK_MACAU_PERMIT", "CN_TAIWAN_PERMIT",
    "HK_ID", "MO_ID", "TW_ID", "US_SSN",
)
# Sensitive cue types mark words such as a diagnosis; one cue word is shared by
# many people, so their hashes say nothing about how many subjects there are.
SENSITIVE_CUE_TYPES = (
    "HEALTH_INFO", "RELIGION_INFO", "BIOMETRIC_INFO", "MINOR_INFO", "LOCATION_TRACE",
    "FINANCIAL_INFO", "SPECIFIC_IDENTITY_INFO", "SEXUAL_ORIENTATION_INFO",
)

# Provisions on Promoting and Regulating Cross-Border Data Flows (CAC, 2024),
# Art. 7-8: counted cumulatively since 1 January of the year, for a data
# handler that is not a critical information infrastructure operator.
CB_ASSESSMENT_GENERAL = 1_000_000
CB_ASSESSMENT_SENSITIVE = 10_000
CB_CONTRACT_GENERAL = 100_000

# TC260-003-2024 §9.2: technical sampling of at least 10% of the corpus with a
# pass rate of at least 98%; manual sampling of at least 4,000 items, 96%.
TECHNICAL_PASS_RATE = 0.98
MANUAL_SAMPLE_SIZE = 4000
MANUAL_PASS_RATE = 0.96

CATEGORY_LABELS = {
    GENERAL: "general PI",
    "specific_identity": "specific identity (Art. 28)",
    "financial_account": "financial account (Art. 28)",
    "medical_health": "medical health (Art. 28)",
    "religious_belief": "religious belief (Art. 28)",
    "biometric": "biometric (Art. 28)",
    "whereabouts": "whereabouts (Art. 28)",
    "minor": "minor under 14 (Art. 28)",
}
GENERAL_COLOUR = "#4a78a8"
SENSITIVE_COLOUR = "#c0504d"


# ------------------------------------------------------------- the document
# One list of blocks renders to both Markdown and HTML, so the two files
# cannot drift apart.


@dataclass
class Table:
    headers: list[str]
    rows: list[list[object]]


@dataclass
class Chart:
    title: str
    bars: list[tuple[str, int, str]]  # label, value, colour


@dataclass
class Code:
    text: str


@dataclass
class Section:
    title: str
    blocks: list[object] = field(default_factory=list)  # str paragraphs, list[str] bullets, Table, Chart


def write_report(out_dir: str) -> tuple[str, str]:
    """Write ``report.md`` and ``report.html`` into ``out_dir``; return their paths.

    Raises expectations.outputs.UnusableOutput when the outputs cannot be read.
    """
    title, sections = build_sections(out_dir)
    md_path = storage.join(out_dir, "report.md")
    html_path = storage.join(out_dir, "report.html")
    storage.write_text(md_path, render_markdown(title, sections))
    storage.write_text(html_path, render_html(title, sections))
    return md_path, html_path


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value) or "—"
    return str(value)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _counts(table: pa.Table, column: str) -> dict[str, int]:
    """Findings per value of ``column`` in an aggregated table (column ``n``)."""
    if table.num_rows == 0:
        return {}
    grouped = table.group_by(column).aggregate([("n", "sum")])
    return {str(k): int(v) for k, v in zip(grouped[column].to_pylist(), grouped["n_sum"].to_pylist())}


# -------------------------------------------------------------- the content


# Distinct counts are exact up to this many values and "more than" beyond it.
# The largest legal threshold the report compares them with is 1,000,000, so
# exactness above twice that changes no verdict, and a counter never holds
# more than 2M 64-bit values (16 MB) however large the corpus.
DISTINCT_CAP = 1 << 21


class DistinctCount:
    """Distinct 64-bit hash prefixes, counted exactly up to ``cap``.

    Values arrive batch by batch and are merged into one sorted array once
    enough are pending, so memory follows the number of distinct values, not
    the number of findings; past ``cap`` the array is dropped and only the
    fact "more than cap" is kept."""

    def __init__(self, cap: int = DISTINCT_CAP, merge_every: int = 1 << 18):
        import numpy as np

        self.cap = cap
        self.merge_every = merge_every
        self.saturated = False
        self._values = np.empty(0, dtype=np.uint64)
        self._pending: list = []
        self._n_pending = 0

    def add(self, values) -> None:
        if self.saturated or len(values) == 0:
            return
        self._pending.append(values)
        self._n_pending += len(values)
        if self._n_pending >= self.merge_every:
            self._merge()

    def _merge(self) -> None:
        import numpy as np

        if not self._pending:
            return
        merged = np.unique(np.concatenate([self._values, *self._pending]))
        self._pending, self._n_pending = [], 0
        if merged.size > self.cap:
            self.saturated = True
            self._values = np.empty(0, dtype=np.uint64)
        else:
            self._values = merged

    @property
    def count(self) -> int | None:
        """The exact number of distinct values, or None past the cap."""
        self._merge()
        return None if self.saturated else int(self._values.size)

    def lower_bound(self) -> int:
        """A count usable in threshold comparisons: past the cap, cap + 1."""
        n = self.count
        return self.cap + 1 if n is None else n


@cache
def _hex_values():
    """Byte -> nibble value for ASCII hex digits (0 for anything else)."""
    import numpy as np

    table = np.zeros(256, dtype=np.uint64)
    for i, ch in enumerate("0123456789abcdef"):
        table[ord(ch)] = table[ord(ch.upper())] = i
    return table


def _hash_prefixes(hexes: pa.ChunkedArray | pa.Array):
    """The first 64 bits of each hex hash as uint64, computed on the Arrow
    buffer (16 ASCII bytes per value) so no Python object is made per row."""
    import numpy as np

    hexes = hexes.filter(pc.is_valid(hexes))
    if len(hexes) == 0:
        return np.empty(0, dtype=np.uint64)
    prefix = pc.utf8_slice_codeunits(hexes, 0, 16)
    prefix = prefix.filter(pc.equal(pc.utf8_length(prefix), 16))
    fixed = prefix.combine_chunks().cast(pa.binary()).cast(pa.binary(16)) if len(prefix) else None
    if fixed is None:
        return np.empty(0, dtype=np.uint64)
    raw = np.frombuffer(fixed.buffers()[1], dtype=np.uint8, count=len(fixed) * 16, offset=fixed.offset * 16)
    nibbles = _hex_values()[raw.reshape(-1, 16)]
    out = np.zeros(len(fixed), dtype=np.uint64)
    for i in range(16):
        out = (out << np.uint64(4)) | nibbles[:, i]
    return out


@dataclass
class Aggregates:
    """What the report needs from findings/ and records/, gathered batch by
    batch so that memory does not grow with the number of findings: counts,
    per-source statistics, and, per cross-border scope, the distinct keyed
    hashes the cross-border section counts (exact up to DISTINCT_CAP)."""

    findings: pa.Table  # source, entity_type, pipl_category, sensitive, n
    n_records: int = 0
    record_stats: dict = field(default_factory=dict)  # source -> {records, pi, sensitive, clean}
    violations: dict = field(default_factory=dict)  # (source, code) -> records
    # scope label -> {"identity_numbers" | "sensitive_identifiers" | "subjects_with_sensitive": DistinctCount}
    distinct: dict = field(default_factory=dict)
    has_subjects: bool = False

    @property
    def n_findings(self) -> int:
        return int(pc.sum(self.findings["n"]).as_py() or 0) if self.findings.num_rows else 0


_BATCH_ROWS = 1 << 16


def _batches(out_dir: str, kind: str, columns: list[str]):
    """The wanted columns, and their record batches in bounded memory."""
    files, schema = outputs.check_table(out_dir, kind)
    wanted = [c for c in columns if c in schema.names]
    return wanted, outputs.iter_batches(files, wanted, _BATCH_ROWS)


def _add_distinct(agg: Aggregates, scopes: dict, kind: str, sources: pa.ChunkedArray, hexes: pa.ChunkedArray) -> None:
    for label, members in scopes.items():
        col = hexes
        if members is not None:
            col = hexes.filter(pc.is_in(pc.fill_null(sources, ""), pa.array(sorted(members), pa.string())))
        if len(col):
            agg.distinct[label][kind].add(_hash_prefixes(col))


def cross_border_scopes(summary: dict) -> dict[str, set[str] | None]:
    """The scopes of the cross-border section: the whole corpus and, when the
    manifest declares any, the sources processed outside their subjects'
    jurisdiction."""
    lineage = {src.get("id"): src for src in summary.get("lineage_sources") or []}
    mapping = summary.get("by_source_lineage") or {}
    # A source value matched by several entries counts when any of them is
    # processed abroad: the exposure is stated high rather than low.
    abroad = sorted(v for v in mapping if any(_is_cross_border(lineage[i]) for i in _entry_ids(mapping, v) if i in lineage))
    scopes: dict[str, set[str] | None] = {"whole corpus": None}
    if abroad:
        scopes["sources processed outside the subjects' jurisdiction (" + ", ".join(abroad) + ")"] = set(abroad)
    return scopes


def _entry_ids(mapping: dict, source: str) -> list[str]:
    """The manifest entries a source value matched: a list, or in older
    summaries a string of ids joined by ", "."""
    ids = mapping.get(source)
    if not ids:
        return []
    return ids.split(", ") if isinstance(ids, str) else list(ids)


def _entry_value(lineage: dict, ids: list[str], key: str):
    """One manifest field over a source's entries: the value when they agree,
    else each entry's own ("chat-cn: consent; chat-sg: contract")."""
    values = [(i, lineage[i].get(key)) for i in ids if i in lineage]
    if not values:
        return None
    if all(v == values[0][1] for _, v in values):
        return values[0][1]
    return "; ".join(f"{i}: {v if v is not None else '—'}" for i, v in values)


def aggregate(out_dir: str, scopes: dict[str, set[str] | None] | None = None) -> Aggregates:
    from collections import Counter, defaultdict

    scopes = scopes if scopes is not None else {"whole corpus": None}
    counts: Counter = Counter()
    _, batches = _batches(out_dir, "findings", ["source", "entity_type", "pipl_category", "sensitive", "value_hash"])
    id_types = pa.array(IDENTITY_NUMBER_TYPES)
    cue_types = pa.array(SENSITIVE_CUE_TYPES)
    agg = Aggregates(findings=pa.table({"n": pa.array([], pa.int64())}),
                     distinct={label: {k: DistinctCount() for k in DISTINCT_KINDS} for label in scopes})
    try:
        for b in batches:
            t = pa.Table.from_batches([b])
            g = t.group_by(["source", "entity_type", "pipl_category", "sensitive"]).aggregate([("entity_type", "count")])
            for row in g.to_pylist():
                counts[(row["source"], row["entity_type"], row["pipl_category"], row["sensitive"])] += row["entity_type_count"]
            idt = t.filter(pc.is_in(t["entity_type"], id_types))
            st = t.filter(pc.and_(pc.fill_null(t["sensitive"], False), pc.invert(pc.is_in(t["entity_type"], cue_types))))
            for sub, kind in ((idt, "identity_numbers"), (st, "sensitive_identifiers")):
                if sub.num_rows:
                    _add_distinct(agg, scopes, kind, sub["source"], sub["value_hash"])
    except (pa.ArrowException, OSError) as exc:
        raise outputs.UnusableOutput(f"{storage.join(out_dir, 'findings')}: unreadable Parquet data ({exc})".splitlines()[0]) from None
    keys = list(counts)
    agg.findings = pa.table({
        "source": pa.array([k[0] for k in keys], pa.string()),
        "entity_type": pa.array([k[1] for k in keys], pa.string()),
        "pipl_category": pa.array([k[2] for k in keys], pa.string()),
        "sensitive": pa.array([k[3] for k in keys], pa.bool_()),
        "n": pa.array([counts[k] for k in keys], pa.int64()),
    })

    wanted, batches = _batches(out_dir, "records", ["source", "n_findings", "has_sensitive", "violations", "subject_id_hash"])
    # Subjects are known only when the manifest names a subject field and
    # records hold it: a column of nulls counts no one, and says "—".
    subject_column = "subject_id_hash" in wanted
    stats: dict = defaultdict(lambda: {"records": 0, "pi": 0, "sensitive": 0, "clean": 0})
    violations: Counter = Counter()
    try:
        for b in batches:
            t = pa.Table.from_batches([b])
            agg.n_records += t.num_rows
            small = pa.table({
                "source": pc.fill_null(t["source"], ""),
                "pi": pc.cast(pc.greater(pc.fill_null(t["n_findings"], 0), 0), pa.int64()),
                "sensitive": pc.cast(pc.fill_null(t["has_sensitive"], False), pa.int64()),
                "clean": pc.cast(pc.equal(pc.list_value_length(t["violations"]), 0), pa.int64()),
            })
            g = small.group_by("source").aggregate([("source", "count"), ("pi", "sum"), ("sensitive", "sum"), ("clean", "sum")])
            for row in g.to_pylist():
                st_ = stats[row["source"]]
                st_["records"] += row["source_count"]
                st_["pi"] += row["pi_sum"]
                st_["sensitive"] += row["sensitive_sum"]
                st_["clean"] += row["clean_sum"]
            flat = pc.list_flatten(t["violations"])
            if len(flat):
                parents = pc.list_parent_indices(t["violations"])
                vt = pa.table({"source": pc.take(t["source"], parents), "code": flat})
                for r in vt.group_by(["source", "code"]).aggregate([("code", "count")]).to_pylist():
                    violations[(r["source"], r["code"])] += r["code_count"]
            if subject_column and t["subject_id_hash"].null_count < t.num_rows:
                agg.has_subjects = True
            if subject_column:
                sr = t.filter(pc.fill_null(t["has_sensitive"], False))
                if sr.num_rows:
                    _add_distinct(agg, scopes, "subjects_with_sensitive", sr["source"], sr["subject_id_hash"])
    except (pa.ArrowException, OSError) as exc:
        raise outputs.UnusableOutput(f"{storage.join(out_dir, 'records')}: unreadable Parquet data ({exc})".splitlines()[0]) from None
    agg.record_stats = dict(stats)
    agg.violations = dict(violations)
    return agg


DISTINCT_KINDS = ("identity_numbers", "sensitive_identifiers", "subjects_with_sensitive")


def build_sections(out_dir: str) -> tuple[str, list[Section]]:
    summary = outputs.read_summary(out_dir)
    agg = aggregate(out_dir, cross_border_scopes(summary))
    gate = outputs.read_gate(out_dir)
    articles = violation_articles()

    sections = [
        _scope(summary, agg),
        _inventory(agg.findings),
        _sources(summary, agg, articles),
        _cross_border(summary, agg),
        _sampling(out_dir, agg),
        _gate(gate),
    ]
    title = f"PI scan — data section of the security assessment (scan {summary.get('scan_id', '?')})"
    return title, sections


def _scope(summary: dict, agg: Aggregates) -> Section:
    s = Section("1. Scope")
    s.blocks.append(
        f"Scan `{_fmt(summary.get('scan_id'))}` by piplscan {_fmt(summary.get('tool_version'))}, "
        f"scan date {_fmt(summary.get('scan_date'))}, run from {_fmt(summary.get('started_at'))} "
        f"to {_fmt(summary.get('finished_at'))} (UTC)."
    )
    inputs = summary.get("inputs") or []
    s.blocks.append(Table(["input", "records", "bytes"],
                          [[i.get("path"), i.get("records"), i.get("bytes")] for i in inputs]))
    read = int(summary.get("records_read", 0))
    rejected = int(summary.get("records_rejected", read - agg.n_records))
    s.blocks.append([
        f"Records read: {_fmt(read)}; scanned: {_fmt(agg.n_records)}; rejected (not scanned): "
        f"{_fmt(rejected)} ({_pct(rejected, read)}).",
        f"Bytes read: {_fmt(sum(int(i.get('bytes') or 0) for i in inputs))}.",
        f"Findings: {_fmt(agg.n_findings)}.",
        "Rejects by reason: " + (", ".join(f"{k} {_fmt(v)}" for k, v in
                                           sorted((summary.get('rejects_by_reason') or {}).items())) or "none") + ".",
        f"Consent-lineage manifest: {_fmt(summary.get('manifest')) if summary.get('manifest') else 'none (no lineage checks)'}.",
        "Detectors: " + _fmt(summary.get("detectors") or []) + ".",
    ])
    return s


def _inventory(findings: pa.Table) -> Section:
    s = Section("2. Personal information inventory")
    by_type = _counts(findings, "entity_type")
    by_cat = _counts(findings, "pipl_category")
    type_category = {}
    if findings.num_rows:
        pairs = findings.group_by(["entity_type", "pipl_category"]).aggregate([])
        type_category = dict(zip(pairs["entity_type"].to_pylist(), pairs["pipl_category"].to_pylist()))
    total = sum(by_type.values())
    general = by_cat.get(GENERAL, 0)
    s.blocks.append(
        f"{_fmt(total)} findings: {_fmt(general)} general PI ({_pct(general, total)}) and "
        f"{_fmt(total - general)} sensitive PI under PIPL Art. 28 ({_pct(total - general, total)})."
    )
    cat_rows = [[CATEGORY_LABELS.get(c, c), by_cat.get(c, 0), _pct(by_cat.get(c, 0), total)] for c in CATEGORIES]
    cat_rows += [[c, n, _pct(n, total)] for c, n in sorted(by_cat.items()) if c not in CATEGORIES]
    s.blocks.append(Table(["PIPL category", "findings", "share"], cat_rows))
    s.blocks.append(Chart("Findings by PIPL category", [
        (CATEGORY_LABELS.get(c, c), by_cat.get(c, 0), GENERAL_COLOUR if c == GENERAL else SENSITIVE_COLOUR)
        for c in CATEGORIES]))
    s.blocks.append(Table(["entity type", "PIPL category", "findings", "share"], [
        [t, type_category.get(t, "?"), n, _pct(n, total)]
        for t, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))]))
    return s


def _sources(summary: dict, agg: Aggregates, articles: dict[str, str]) -> Section:
    s = Section("3. Sources: legal basis, consent scope and violations")
    lineage = {src.get("id"): src for src in summary.get("lineage_sources") or []}
    mapping = summary.get("by_source_lineage") or {}
    stats = agg.record_stats
    findings_by_source = _counts(agg.findings, "source")
    if not lineage:
        s.blocks.append("The scan ran without a consent-lineage manifest: no lawful basis or consent scope is "
                        "known for any source, and no lineage violation was judged.")
    rows = []
    for source in sorted(stats):
        st = stats[source]
        ids = _entry_ids(mapping, source)
        rows.append([
            source, (", ".join(ids) or "unmatched") if lineage else "—",
            *(_entry_value(lineage, ids, k) for k in (
                "lawful_basis", "purposes", "separate_consent_sensitive", "guardian_consent_minors", "valid_until")),
            st["records"],
            f"{_fmt(st['pi'])} ({_pct(st['pi'], st['records'])})",
            f"{_fmt(st['sensitive'])} ({_pct(st['sensitive'], st['records'])})",
            findings_by_source.get(source, 0),
        ])
    s.blocks.append(Table(["source", "manifest source", "lawful basis", "consent purposes",
                           "separate consent (Art. 29)", "guardian consent (Art. 31)", "consent valid until",
                           "records", "with PI", "with sensitive PI", "findings"], rows))
    s.blocks.append(Chart("Findings by source", [
        (src, n, GENERAL_COLOUR) for src, n in sorted(findings_by_source.items(), key=lambda kv: (-kv[1], kv[0]))]))
    by_pair = agg.violations
    if by_pair:
        s.blocks.append("Violations (records carrying each code; one record may carry several):")
        s.blocks.append(Table(["source", "violation", "basis", "records"], [
            [src, code, articles.get(code, "—"), n] for (src, code), n in sorted(by_pair.items())]))
    else:
        s.blocks.append("No record carries a violation code.")
    missing = summary.get("records_without_subject") or 0
    if missing:
        s.blocks.append(f"{_fmt(missing)} records lack the manifest's subject field: withdrawals and consent-ledger "
                        "rows naming their subjects could not be checked, and they count as no subject below.")
    actions = summary.get("actions") or {}
    if actions:
        s.blocks.append("Actions decided per record: " + ", ".join(f"{a} {_fmt(n)}" for a, n in actions.items()) + ".")
    return s


def _is_cross_border(src: dict) -> bool:
    home = src.get("subjects_located_in")
    places = src.get("processing_locations") or []
    return bool(home) and any(p != home for p in places)


def _distinct_cell(counter: DistinctCount) -> str | int:
    n = counter.count
    return f"more than {counter.cap:,}" if n is None else n


def _cross_border(summary: dict, agg: Aggregates) -> Section:
    s = Section("4. Cross-border exposure")
    lineage = {src.get("id"): src for src in summary.get("lineage_sources") or []}
    scopes = cross_border_scopes(summary)
    s.blocks.append(
        "Distinct identity-document numbers (distinct keyed hashes of "
        + ", ".join(IDENTITY_NUMBER_TYPES)
        + ") are a **lower bound** of the number of data subjects: a person without an identity number in the "
          "corpus is not counted, and one person with two documents counts twice only if both appear. "
          "Sensitive cue words (a diagnosis, a religion…) are shared by many people and are not counted as subjects. "
          f"Distinct counts are exact up to {DISTINCT_CAP:,}, twice the largest threshold; above that the "
          "table says \"more than\"."
    )
    rows = []
    verdicts = []
    for label, members in scopes.items():
        d = agg.distinct.get(label) or {k: DistinctCount() for k in DISTINCT_KINDS}
        in_scope = [v for k, v in agg.record_stats.items() if members is None or k in members]
        records_sensitive = sum(v["sensitive"] for v in in_scope)
        identity = d["identity_numbers"].lower_bound()
        lower_sensitive = d["sensitive_identifiers"].lower_bound()
        if agg.has_subjects:
            lower_sensitive = max(lower_sensitive, d["subjects_with_sensitive"].lower_bound())
        rows.append([label, _distinct_cell(d["identity_numbers"]), _distinct_cell(d["sensitive_identifiers"]),
                     records_sensitive, _distinct_cell(d["subjects_with_sensitive"]) if agg.has_subjects else None])
        if identity > CB_ASSESSMENT_GENERAL or lower_sensitive > CB_ASSESSMENT_SENSITIVE:
            verdicts.append(f"{label}: the lower bound already exceeds a threshold — a CAC security assessment "
                            "is required before these data leave the country.")
        elif identity > CB_CONTRACT_GENERAL or lower_sensitive > 0:
            verdicts.append(f"{label}: below the assessment thresholds on the lower bound, but above the "
                            "standard-contract/certification line (over 100,000 subjects or any sensitive PI); "
                            "the true count may be higher.")
        else:
            verdicts.append(f"{label}: the lower bound is below every threshold; this does not show that the true "
                            "number of subjects is.")
    s.blocks.append(Table(["scope", "distinct identity numbers", "distinct sensitive identifiers",
                           "records with sensitive PI", "distinct subjects with sensitive PI (subject field)"], rows))
    s.blocks.append([
        f"Security assessment (Art. 7 of the 2024 cross-border provisions): PI of over "
        f"{CB_ASSESSMENT_GENERAL:,} subjects, or sensitive PI of over {CB_ASSESSMENT_SENSITIVE:,} subjects, "
        "counted since 1 January.",
        f"Standard contract or certification (Art. 8): over {CB_CONTRACT_GENERAL:,} and up to "
        f"{CB_ASSESSMENT_GENERAL:,} subjects, or sensitive PI of up to {CB_ASSESSMENT_SENSITIVE:,} subjects.",
        *verdicts,
    ])
    if lineage and len(scopes) == 1:
        s.blocks.append("No manifest source declares processing outside its subjects' location.")
    elif not lineage:
        s.blocks.append("Without a manifest the processing locations are unknown; the whole-corpus figures are "
                        "what a transfer of the full corpus would expose.")
    return s


def _sampling(out_dir: str, agg: Aggregates) -> Section:
    s = Section("5. Sampling (TC260-003 §9.2)")
    n = agg.n_records
    clean = sum(v["clean"] for v in agg.record_stats.values())
    rate = clean / n if n else None
    verdict = "meets" if rate is not None and rate >= TECHNICAL_PASS_RATE else "does not meet"
    s.blocks.append(
        f"Technical sampling: every scanned record was checked (100% ≥ the 10% the standard asks). "
        f"Records with no violation: {_fmt(clean)} of {_fmt(n)} = "
        f"{'—' if rate is None else f'{100 * rate:.2f}%'}, which {verdict} the {TECHNICAL_PASS_RATE:.0%} "
        "threshold. This pass rate covers personal-information compliance only, not the other content "
        "risks the standard lists."
    )
    s.blocks.append(
        f"Manual sampling: draw {MANUAL_SAMPLE_SIZE:,} records at random, stratified by source, and review "
        f"them by hand (the standard asks for at least {MANUAL_SAMPLE_SIZE:,} items and a {MANUAL_PASS_RATE:.0%} "
        "pass rate). The sample holds record ids, locations, verdicts and masked previews of the findings, "
        "never the text:"
    )
    s.blocks.append(Code(f"piplscan sample {out_dir} --n {MANUAL_SAMPLE_SIZE} --seed 20261127 "
                         "--out manual_sample.parquet"))
    return s


def _gate(gate: dict | None) -> Section:
    s = Section("6. Pre-training gate")
    if gate is None:
        s.blocks.append("No gate has been run on these outputs (`piplscan gate DIR`).")
        return s
    if gate.get("error"):
        s.blocks.append(f"The last gate run could not use these outputs: {gate['error']}")
        return s
    rows = [r for r in gate.get("expectations") or [] if not r.get("skipped")]
    failed = [r for r in rows if not r.get("success")]
    policy = (gate.get("policy") or {}).get("origin", "default")
    s.blocks.append(f"Gate {'**passed**' if gate.get('passed') else '**failed**'} at {gate.get('checked_at', '?')} "
                    f"against policy {policy}: {len(rows) - len(failed)} of {len(rows)} expectations met.")
    if failed:
        from expectations.gate import format_observed  # noqa: PLC0415 - keeps GX-free import path

        s.blocks.append(Table(["suite", "failed expectation", "observed", "expected"], [
            [r.get("suite"), r.get("name"), format_observed(r.get("observed_value")), r.get("expected")]
            for r in failed]))
    return s


# ------------------------------------------------------------ rendering


def render_markdown(title: str, sections: list[Section]) -> str:
    lines = [f"# {title}", ""]
    for sec in sections:
        lines += [f"## {sec.title}", ""]
        for block in sec.blocks:
            if isinstance(block, str):
                lines += [block, ""]
            elif isinstance(block, list):
                lines += [f"- {item}" for item in block] + [""]
            elif isinstance(block, Table):
                if not block.rows:
                    lines += ["(none)", ""]
                    continue
                lines.append("| " + " | ".join(block.headers) + " |")
                lines.append("|" + "---|" * len(block.headers))
                for row in block.rows:
                    lines.append("| " + " | ".join(_fmt(c).replace("|", "\\|") for c in row) + " |")
                lines.append("")
            elif isinstance(block, Chart):
                # Markdown has no charts; the table before each chart carries its figures.
                continue
            elif isinstance(block, Code):
                lines += ["```", block.text, "```", ""]
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif;margin:2rem auto;color:#1d2733;max-width:1100px;padding:0 1rem;line-height:1.45}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:2px solid #dde2e8;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.6rem 0} th,td{border-bottom:1px solid #dde2e8;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f5f8} td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f3f5f8;padding:.6rem .8rem;border-radius:4px;overflow-x:auto}
figure{margin:1rem 0} figcaption{font-weight:600;margin-bottom:.3rem}
"""


def _inline(text: str) -> str:
    # The only Markdown the blocks use is **bold** and `code`.
    out = html.escape(text)
    parts = out.split("**")
    out = "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))
    parts = out.split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def bar_chart_svg(chart: Chart, width: int = 720) -> str:
    """A horizontal bar chart as inline SVG; no script, no external reference."""
    bars = chart.bars or [("(no findings)", 0, GENERAL_COLOUR)]
    label_w, value_w, bar_h, gap, top = 230, 80, 22, 8, 6
    height = top + len(bars) * (bar_h + gap)
    peak = max((v for _, v, _ in bars), default=0) or 1
    span = width - label_w - value_w
    # No xmlns: inline SVG in HTML5 needs none, and the page holds no URL at all.
    parts = [f'<svg role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{html.escape(chart.title)}">']
    for i, (label, value, colour) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = 0 if value <= 0 else max(2, round(span * value / peak))
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" font-size="13" '
                     f'fill="#1d2733">{html.escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}" rx="2"/>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + bar_h * 0.7:.1f}" font-size="13" '
                     f'fill="#1d2733">{value:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(title: str, sections: list[Section]) -> str:
    esc = html.escape
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{esc(title)}</h1>"]
    for sec in sections:
        out.append(f"<h2>{esc(sec.title)}</h2>")
        for block in sec.blocks:
            if isinstance(block, str):
                out.append(f"<p>{_inline(block)}</p>")
            elif isinstance(block, list):
                out.append("<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in block) + "</ul>")
            elif isinstance(block, Table):
                if not block.rows:
                    out.append("<p>(none)</p>")
                    continue
                out.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in block.headers) + "</tr>")
                for row in block.rows:
                    cells = "".join(
                        f'<td class="num">{esc(_fmt(c))}</td>' if isinstance(c, (int, float)) and not isinstance(c, bool)
                        else f"<td>{esc(_fmt(c))}</td>" for c in row)
                    out.append(f"<tr>{cells}</tr>")
                out.append("</table>")
            elif isinstance(block, Chart):
                out.append(f"<figure><figcaption>{esc(block.title)}</figcaption>{bar_chart_svg(block)}</figure>")
            elif isinstance(block, Code):
                out.append(f"<pre><code>{esc(block.text)}</code></pre>")
    out.append("</body></html>\n")
    return "".join(out)
