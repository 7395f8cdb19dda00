"""The rules of spec/lineage.md, one test per rule or edge case."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.lineage.manifest import ConsentTerms
from pipelines.lineage.rules import (
    VIOLATION_ARTICLES,
    VIOLATION_CODES,
    LedgerRow,
    action_for,
    effective_ledger_row,
    judge,
)
from tests.lineage.helpers import SCAN_DATE, entry

D = dt.date


def verdict(*, pi=True, sensitive=False, minor=False, src=None, withdrawn=False, ledger=None,
            manifest=True, unmatched=False, scan_date=SCAN_DATE):
    return judge(
        has_pi=pi,
        has_sensitive=sensitive,
        has_minor=minor,
        manifest_present=manifest,
        entry=None if unmatched else (src or entry()),
        withdrawn=withdrawn,
        ledger=ledger,
        scan_date=scan_date,
    )


def ledger_row(**kw) -> LedgerRow:
    base = dict(
        subject_id="s1",
        purposes=("model_training",),
        separate_consent_sensitive=False,
        guardian_consent_minors=False,
        granted_at=D(2026, 1, 1),
        withdrawn_at=None,
    )
    base.update(kw)
    return LedgerRow(**base)


def test_without_a_manifest_every_record_is_no_manifest_and_kept():
    v = verdict(sensitive=True, minor=True, withdrawn=True, manifest=False)
    assert v == ("no_manifest", [], "keep")


def test_record_without_pi_and_without_withdrawal_gets_no_violations_and_keep():
    src = entry(lawful_basis=None, processing_locations=("US",), pipia_id=None)
    assert verdict(pi=False, src=src) == ("matched", [], "keep")


def test_clean_consented_record_with_pi_is_kept():
    assert verdict() == ("matched", [], "keep")


def test_withdrawn_subject_with_no_pi_is_still_dropped():
    assert verdict(pi=False, withdrawn=True) == ("matched", ["CONSENT_WITHDRAWN"], "drop")


def test_withdrawn_record_from_unmatched_source_is_dropped_without_lineage_missing_when_no_pi():
    assert verdict(pi=False, withdrawn=True, unmatched=True) == (
        "unmatched", ["CONSENT_WITHDRAWN"], "drop")


def test_unmatched_source_gets_lineage_missing_only_when_it_holds_pi():
    assert verdict(pi=True, unmatched=True) == ("unmatched", ["LINEAGE_MISSING"], "redact")
    assert verdict(pi=False, unmatched=True) == ("unmatched", [], "keep")


def test_source_without_lawful_basis_with_pi_is_no_lawful_basis():
    src = entry(lawful_basis=None, consent=None)
    assert verdict(src=src).violations == ["NO_LAWFUL_BASIS"]
    assert verdict(src=src, pi=False).violations == []


def test_consent_without_model_training_purpose_is_purpose_not_covered():
    src = entry(consent=ConsentTerms(purposes=("customer_service",)))
    assert verdict(src=src) == ("matched", ["PURPOSE_NOT_COVERED"], "redact")


def test_purpose_rule_applies_only_to_the_consent_basis():
    src = entry(lawful_basis="contract", consent=ConsentTerms(purposes=("customer_service",)))
    assert verdict(src=src).violations == []


def test_expiry_is_judged_against_scan_date_not_today():
    src = entry(consent=ConsentTerms(purposes=("model_training",), valid_until=D(2026, 6, 30)))
    assert verdict(src=src, scan_date=D(2026, 7, 1)).violations == ["CONSENT_EXPIRED"]
    assert verdict(src=src, scan_date=D(2026, 6, 30)).violations == []  # valid through its last day
    assert verdict(src=src, scan_date=D(2026, 1, 1)).violations == []


def test_expired_consent_without_pi_is_no_violation():
    src = entry(consent=ConsentTerms(purposes=(), valid_until=D(2020, 1, 1)))
    assert verdict(src=src, pi=False).violations == []


def test_sensitive_pi_under_consent_without_separate_consent_is_flagged():
    assert verdict(sensitive=True).violations == ["SENSITIVE_WITHOUT_SEPARATE_CONSENT"]
    src = entry(consent=ConsentTerms(purposes=("model_training",), separate_consent_sensitive=True))
    assert verdict(src=src, sensitive=True).violations == []


def test_minor_under_consent_without_guardian_consent_is_flagged():
    src = entry(consent=ConsentTerms(purposes=("model_training",), separate_consent_sensitive=True))
    assert verdict(src=src, sensitive=True, minor=True).violations == ["MINOR_WITHOUT_GUARDIAN_CONSENT"]
    ok = entry(consent=ConsentTerms(("model_training",), True, True))
    assert verdict(src=ok, sensitive=True, minor=True).violations == []


def test_sensitive_publicly_disclosed_pi_goes_to_review():
    src = entry(lawful_basis="publicly_disclosed", consent=None)
    assert verdict(src=src, sensitive=True) == ("matched", ["SENSITIVE_PUBLIC_REVIEW"], "review")
    assert verdict(src=src, sensitive=False) == ("matched", [], "keep")


def test_cross_border_processing_without_mechanism_is_flagged():
    src = entry(processing_locations=("CN", "SG"), cross_border_mechanism="none")
    assert verdict(src=src).violations == ["CROSS_BORDER_WITHOUT_MECHANISM"]


def test_cross_border_with_mechanism_but_no_pipia_still_needs_pipia():
    src = entry(processing_locations=("SG",), cross_border_mechanism="standard_contract", pipia_id=None)
    assert verdict(src=src) == ("matched", ["PIPIA_MISSING"], "review")


def test_processing_where_subjects_live_is_not_cross_border():
    src = entry(subjects_located_in="SG", processing_locations=("SG",), pipia_id=None)
    assert verdict(src=src).violations == []


def test_sensitive_pi_in_source_without_pipia_is_pipia_missing():
    src = entry(lawful_basis="contract", consent=None, pipia_id=None, pipia_date=None)
    assert verdict(src=src, sensitive=True) == ("matched", ["PIPIA_MISSING"], "review")
    assert verdict(src=src, sensitive=False).violations == []


def test_a_ledger_row_overrides_the_sources_consent():
    narrow = entry(consent=ConsentTerms(purposes=("customer_service",)))
    granted = ledger_row(purposes=("model_training",), separate_consent_sensitive=True)
    assert verdict(src=narrow, ledger=granted, sensitive=True).violations == []
    wide = entry(consent=ConsentTerms(("model_training",), True, True))
    refused = ledger_row(purposes=("customer_service",))
    assert verdict(src=wide, ledger=refused, sensitive=True, minor=True).violations == [
        "PURPOSE_NOT_COVERED", "SENSITIVE_WITHOUT_SEPARATE_CONSENT", "MINOR_WITHOUT_GUARDIAN_CONSENT"]


def test_a_ledger_row_replaces_the_whole_consent_block_expiry_included():
    src = entry(consent=ConsentTerms(purposes=(), valid_until=D(2026, 1, 1)))
    assert verdict(src=src).violations == ["PURPOSE_NOT_COVERED", "CONSENT_EXPIRED"]
    assert verdict(src=src, ledger=ledger_row()).violations == []
    lapsed = ledger_row(valid_until=D(2026, 6, 30))
    assert verdict(src=src, ledger=lapsed).violations == ["CONSENT_EXPIRED"]


def test_a_ledger_withdrawal_on_or_before_scan_date_counts_as_withdrawal():
    on_the_day = ledger_row(withdrawn_at=SCAN_DATE)
    assert verdict(pi=False, ledger=on_the_day) == ("matched", ["CONSENT_WITHDRAWN"], "drop")
    earlier = ledger_row(withdrawn_at=D(2026, 3, 1))
    assert verdict(ledger=earlier).action == "drop"


def test_a_ledger_withdrawal_in_the_future_does_not_count():
    later = ledger_row(withdrawn_at=SCAN_DATE + dt.timedelta(days=1))
    assert verdict(ledger=later) == ("matched", [], "keep")


def test_a_ledger_withdrawal_applies_to_records_from_unmatched_sources():
    gone = ledger_row(withdrawn_at=D(2026, 1, 2))
    assert verdict(unmatched=True, ledger=gone).violations == ["LINEAGE_MISSING", "CONSENT_WITHDRAWN"]


def test_violations_are_listed_in_the_spec_table_order():
    src = entry(lawful_basis=None, consent=None, processing_locations=("US",), pipia_id=None)
    v = verdict(src=src, sensitive=True, withdrawn=True)
    assert v.violations == ["NO_LAWFUL_BASIS", "CONSENT_WITHDRAWN", "CROSS_BORDER_WITHOUT_MECHANISM",
                            "PIPIA_MISSING"]
    assert v.violations == sorted(v.violations, key=VIOLATION_CODES.index)


def test_every_rule_fires_together_on_the_worst_consent_record():
    src = entry(consent=ConsentTerms(purposes=(), valid_until=D(2020, 1, 1)),
                processing_locations=("US",), pipia_id=None)
    v = verdict(src=src, sensitive=True, minor=True, withdrawn=True)
    assert v.violations == ["PURPOSE_NOT_COVERED", "CONSENT_EXPIRED", "CONSENT_WITHDRAWN",
                            "SENSITIVE_WITHOUT_SEPARATE_CONSENT", "MINOR_WITHOUT_GUARDIAN_CONSENT",
                            "CROSS_BORDER_WITHOUT_MECHANISM", "PIPIA_MISSING"]


@pytest.mark.parametrize(
    ("codes", "action"),
    [
        ([], "keep"),
        (["PIPIA_MISSING"], "review"),
        (["SENSITIVE_PUBLIC_REVIEW", "PIPIA_MISSING"], "review"),
        (["SENSITIVE_PUBLIC_REVIEW", "LINEAGE_MISSING"], "redact"),
        (["NO_LAWFUL_BASIS"], "redact"),
        (["CROSS_BORDER_WITHOUT_MECHANISM", "PIPIA_MISSING"], "redact"),
        (["CONSENT_WITHDRAWN"], "drop"),
        (["LINEAGE_MISSING", "CONSENT_WITHDRAWN", "SENSITIVE_PUBLIC_REVIEW"], "drop"),
    ],
)
def test_action_precedence_is_drop_then_redact_then_review_then_keep(codes, action):
    assert action_for(codes) == action


def test_every_violation_code_has_its_pipl_article():
    assert list(VIOLATION_ARTICLES) == [
        "LINEAGE_MISSING", "NO_LAWFUL_BASIS", "PURPOSE_NOT_COVERED", "CONSENT_EXPIRED",
        "CONSENT_WITHDRAWN", "SENSITIVE_WITHOUT_SEPARATE_CONSENT", "MINOR_WITHOUT_GUARDIAN_CONSENT",
        "SENSITIVE_PUBLIC_REVIEW", "CROSS_BORDER_WITHOUT_MECHANISM", "PIPIA_MISSING"]
    assert all(a.startswith("Art. ") for a in VIOLATION_ARTICLES.values())
    assert VIOLATION_ARTICLES["MINOR_WITHOUT_GUARDIAN_CONSENT"] == "Art. 31"


def test_the_ledger_row_in_force_is_the_latest_grant_so_a_reconsent_supersedes_a_withdrawal():
    old = ledger_row(granted_at=D(2025, 1, 1), withdrawn_at=D(2025, 6, 1))
    new = ledger_row(granted_at=D(2026, 2, 1))
    assert effective_ledger_row([old, new], SCAN_DATE) == new
    assert effective_ledger_row([new, old], SCAN_DATE) == new


def test_a_grant_dated_after_the_scan_is_not_yet_in_force():
    current = ledger_row(granted_at=D(2026, 1, 1), purposes=())
    future = ledger_row(granted_at=D(2027, 1, 1))
    assert effective_ledger_row([future, current], SCAN_DATE) == current
    assert effective_ledger_row([future], SCAN_DATE) is None


def test_rows_granted_on_the_same_day_resolve_towards_the_withdrawal():
    kept = ledger_row()
    withdrawn = ledger_row(withdrawn_at=D(2026, 5, 1))
    assert effective_ledger_row([kept, withdrawn], SCAN_DATE) == withdrawn
    assert effective_ledger_row([withdrawn, kept], SCAN_DATE) == withdrawn
