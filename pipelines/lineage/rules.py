"""The verdict rules of spec/lineage.md as one pure function.

Nothing here touches Beam or files, so every row of the spec's table is tested
directly (tests/lineage/test_rules.py) and the pipeline only gathers facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from pipelines.lineage.manifest import ConsentTerms, SourceEntry
from pipelines.schema import LINEAGE_MATCHED, LINEAGE_NO_MANIFEST, LINEAGE_UNMATCHED

LINEAGE_MISSING = "LINEAGE_MISSING"
NO_LAWFUL_BASIS = "NO_LAWFUL_BASIS"
PURPOSE_NOT_COVERED = "PURPOSE_NOT_COVERED"
CONSENT_EXPIRED = "CONSENT_EXPIRED"
CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
SENSITIVE_WITHOUT_SEPARATE_CONSENT = "SENSITIVE_WITHOUT_SEPARATE_CONSENT"
MINOR_WITHOUT_GUARDIAN_CONSENT = "MINOR_WITHOUT_GUARDIAN_CONSENT"
SENSITIVE_PUBLIC_REVIEW = "SENSITIVE_PUBLIC_REVIEW"
CROSS_BORDER_WITHOUT_MECHANISM = "CROSS_BORDER_WITHOUT_MECHANISM"
PIPIA_MISSING = "PIPIA_MISSING"

# The one table of codes: spec order (violations are listed in it) and the
# legal basis the report cites for each.
VIOLATION_ARTICLES: dict[str, str] = {
    LINEAGE_MISSING: "Art. 13; TC260-003 §5.1",
    NO_LAWFUL_BASIS: "Art. 13",
    PURPOSE_NOT_COVERED: "Art. 14, 17",
    CONSENT_EXPIRED: "Art. 19, 47",
    CONSENT_WITHDRAWN: "Art. 15, 47",
    SENSITIVE_WITHOUT_SEPARATE_CONSENT: "Art. 29",
    MINOR_WITHOUT_GUARDIAN_CONSENT: "Art. 31",
    SENSITIVE_PUBLIC_REVIEW: "Art. 27, 28",
    CROSS_BORDER_WITHOUT_MECHANISM: "Art. 38",
    PIPIA_MISSING: "Art. 55",
}
VIOLATION_CODES: tuple[str, ...] = tuple(VIOLATION_ARTICLES)
_ORDER = {code: i for i, code in enumerate(VIOLATION_CODES)}

# Violations that ask a person to look, rather than require the text be changed.
REVIEW_ONLY = frozenset({SENSITIVE_PUBLIC_REVIEW, PIPIA_MISSING})

TRAINING_PURPOSE = "model_training"


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One subject's entry in the consent ledger (already reduced to the row
    in force, see :func:`effective_ledger_row`)."""

    subject_id: str
    purposes: tuple[str, ...]
    separate_consent_sensitive: bool
    guardian_consent_minors: bool
    granted_at: dt.date | None
    withdrawn_at: dt.date | None
    valid_until: dt.date | None = None

    def withdrawn_by(self, scan_date: dt.date) -> bool:
        """A withdrawal dated after the scan has not happened yet."""
        return self.withdrawn_at is not None and self.withdrawn_at <= scan_date


class ConsentVerdict(NamedTuple):
    lineage_status: str
    violations: list[str]
    action: str


def effective_ledger_row(rows: Iterable[LedgerRow], scan_date: dt.date) -> LedgerRow | None:
    """The ledger row in force at the scan date when a subject has several:
    the latest grant (a re-consent after a withdrawal supersedes it). Grants
    dated after the scan are not yet in force. On equal grant dates a row with
    a withdrawal wins, so ties resolve towards the subject's protection."""
    best: LedgerRow | None = None
    for row in rows:
        if row.granted_at is not None and row.granted_at > scan_date:
            continue
        if best is None or _rank(row, scan_date) > _rank(best, scan_date):
            best = row
    return best


def _rank(row: LedgerRow, scan_date: dt.date) -> tuple:
    granted = row.granted_at.toordinal() if row.granted_at else 0
    # Full tuple so the choice never depends on arrival order (Beam gives none).
    return (
        granted,
        row.withdrawn_by(scan_date),
        row.withdrawn_at.toordinal() if row.withdrawn_at else 0,
        row.purposes,
        row.separate_consent_sensitive,
        row.guardian_consent_minors,
        row.valid_until.toordinal() if row.valid_until else 0,
    )


def action_for(violations: Iterable[str]) -> str:
    """drop > redact > review > keep (spec/lineage.md)."""
    codes = set(violations)
    if CONSENT_WITHDRAWN in codes:
        return "drop"
    if codes - REVIEW_ONLY:
        return "redact"
    if codes:
        return "review"
    return "keep"


def consent_terms(entry: SourceEntry, ledger: LedgerRow | None) -> ConsentTerms | None:
    """A ledger row overrides the source's consent block as a whole
    (spec/lineage.md): the subject's own grant replaces the source-level
    terms, expiry included. The spec's ledger has no expiry column; a ledger
    that carries an optional `valid_until` column has it judged."""
    if ledger is None:
        return entry.consent
    return ConsentTerms(
        purposes=ledger.purposes,
        separate_consent_sensitive=ledger.separate_consent_sensitive,
        guardian_consent_minors=ledger.guardian_consent_minors,
        valid_until=ledger.valid_until,
    )


def judge(
    *,
    has_pi: bool,
    has_sensitive: bool,
    has_minor: bool,
    manifest_present: bool,
    entry: SourceEntry | None,
    withdrawn: bool,
    ledger: LedgerRow | None,
    scan_date: dt.date,
) -> ConsentVerdict:
    """The lineage verdict of one record.

    `withdrawn`: the record id or its subject is in a withdrawal list.
    `ledger`: the subject's ledger row in force (None without one); its own
    withdrawal counts when dated on or before `scan_date`.
    """
    if not manifest_present:
        return ConsentVerdict(LINEAGE_NO_MANIFEST, [], "keep")

    found: set[str] = set()
    # Art. 15/47: a withdrawal binds whatever the record holds and wherever it
    # came from, so it is judged before (and independently of) source matching.
    if withdrawn or (ledger is not None and ledger.withdrawn_by(scan_date)):
        found.add(CONSENT_WITHDRAWN)

    if entry is None:
        if has_pi:
            found.add(LINEAGE_MISSING)
        return _verdict(LINEAGE_UNMATCHED, found)

    basis = entry.lawful_basis
    if has_pi and basis is None:
        found.add(NO_LAWFUL_BASIS)

    if basis == "consent":
        terms = consent_terms(entry, ledger) or ConsentTerms(purposes=())
        if has_pi and TRAINING_PURPOSE not in terms.purposes:
            found.add(PURPOSE_NOT_COVERED)
        if has_pi and terms.valid_until is not None and terms.valid_until < scan_date:
            found.add(CONSENT_EXPIRED)
        if has_sensitive and not terms.separate_consent_sensitive:
            found.add(SENSITIVE_WITHOUT_SEPARATE_CONSENT)
        if has_minor and not terms.guardian_consent_minors:
            found.add(MINOR_WITHOUT_GUARDIAN_CONSENT)

    if has_sensitive and basis == "publicly_disclosed":
        found.add(SENSITIVE_PUBLIC_REVIEW)

    cross_border = has_pi and entry.cross_border
    if cross_border and entry.cross_border_mechanism == "none":
        found.add(CROSS_BORDER_WITHOUT_MECHANISM)
    if (has_sensitive or cross_border) and not entry.has_pipia:
        found.add(PIPIA_MISSING)

    return _verdict(LINEAGE_MATCHED, found)


def _verdict(status: str, found: set[str]) -> ConsentVerdict:
    ordered = sorted(found, key=_ORDER.__getitem__)
    return ConsentVerdict(status, ordered, action_for(ordered))
