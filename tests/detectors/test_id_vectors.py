"""Identifier validators against external vectors and known check digits.

The resident-ID validator must agree with every vector in
../shared/eval/cn_id_vectors. How each source maps onto our two modes
(see detectors/data/zh/README.md):

* python-stdnum (cn_id_valid_invalid.txt, cn_id_vectors.tsv): stdnum rejects a
  division code that was not in force in the birth year, which is our
  ``strict=True``. Its "valid?" rows (no validate() assertion) are valid too.
* jxlwqq/id-validator (jxlwqq_cn_ric_vectors.jsonl): each row states its own
  ``strict_mode``; residence-permit codes 81/83 are valid CN_RESIDENT_ID.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from detectors.checksums import iso7064_mod11_2_check_char
from detectors.zh.regional_ids import hk_id_ok, tw_id_ok
from detectors.zh.resident_id import (
    REASON_CHECKSUM,
    REASON_DATE,
    REASON_FORMAT,
    REASON_LENGTH,
    REASON_REGION,
    resident_id_problem,
    validate_resident_id,
)

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
VECTORS = EVAL / "cn_id_vectors"


def _need_vectors():
    if not VECTORS.is_dir():
        pytest.skip(f"../shared/eval not present: {VECTORS}")


def stdnum_txt_vectors():
    _need_vectors()
    rows = []
    for line in (VECTORS / "cn_id_valid_invalid.txt").read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        number, label, kind = line.split("\t")[:3]
        if kind == "cn_ric":
            rows.append((number, label))
    return rows


def stdnum_tsv_vectors():
    _need_vectors()
    with (VECTORS / "cn_id_vectors.tsv").open(encoding="utf-8") as f:
        return [(r["number"], r["label"].rstrip("?")) for r in csv.DictReader(f, delimiter="\t") if r["type"] == "cn_ric"]


def jxlwqq_vectors():
    _need_vectors()
    lines = (VECTORS / "jxlwqq_cn_ric_vectors.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_agrees_with_every_stdnum_vector_in_strict_mode():
    rows = stdnum_txt_vectors() + stdnum_tsv_vectors()
    assert len(rows) >= 12 + 17
    disagreements = [(n, label) for n, label in rows if validate_resident_id(n, strict=True) != (label == "valid")]
    assert disagreements == []


def test_agrees_with_every_jxlwqq_vector_in_its_stated_mode():
    rows = jxlwqq_vectors()
    assert len(rows) == 32
    disagreements = [
        (r["number"], r["label"], r["strict_mode"])
        for r in rows
        if validate_resident_id(r["number"], strict=r["strict_mode"]) != (r["label"] == "valid")
    ]
    assert disagreements == []


def _with_check(body17: str) -> str:
    return body17 + iso7064_mod11_2_check_char(body17)


# Synthetic numbers of the kinds the vectors warn about (checksum right,
# region or date wrong); the vectors themselves are read in place above.
NO_PROVINCE_99 = _with_check("99042619870514003")
MONTH_13 = _with_check("36042619881305002")
BORN_BEFORE_CODE = _with_check("11011119820617004")  # 房山区: code created 1986
AFTER_ABOLITION = _with_check("11020119950322005")  # code abolished before 1995
NEVER_A_CODE = _with_check("11111119900708006")
CODE_OF_2016 = _with_check("50015419940209007")  # a code created after the birth year


def test_checksum_passing_numbers_are_rejected_for_region_or_date_not_checksum():
    # The vectors' warning: a checksum alone is not validation.
    expected = {
        NO_PROVINCE_99: REASON_REGION,
        MONTH_13: REASON_DATE,
        BORN_BEFORE_CODE: REASON_REGION,
        AFTER_ABOLITION: REASON_REGION,
    }
    for number, reason in expected.items():
        assert resident_id_problem(number, strict=True) == reason, number


def test_default_mode_accepts_codes_created_after_the_birth_year():
    # A person keeps the code of the county where they were registered; codes
    # created later are normal on real cards (id-validator issue #53).
    assert validate_resident_id(BORN_BEFORE_CODE)
    assert validate_resident_id(CODE_OF_2016)
    assert not validate_resident_id(BORN_BEFORE_CODE, strict=True)
    assert not validate_resident_id(CODE_OF_2016, strict=True)


def test_default_mode_still_rejects_a_code_that_never_existed():
    assert resident_id_problem(NO_PROVINCE_99) == REASON_REGION
    assert resident_id_problem(NEVER_A_CODE) == REASON_REGION


def test_accepts_synthetic_id_with_computed_check_character():
    assert validate_resident_id(_with_check("11010519491231002"))
    assert validate_resident_id(_with_check("44030420010101123").lower())


def test_rejects_id_with_impossible_birth_date():
    assert resident_id_problem(_with_check("11010519990230123")) == REASON_DATE  # 30 February
    assert resident_id_problem(_with_check("11010518991231123")) == REASON_DATE  # before 1900


def test_rejects_birth_date_in_the_future():
    future = dt.date.today() + dt.timedelta(days=2)
    number = _with_check(f"110105{future:%Y%m%d}123")
    assert resident_id_problem(number) == REASON_DATE
    assert validate_resident_id(number, today=future)


def test_rejects_bad_check_character():
    good = _with_check("32010219800101123")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert resident_id_problem(bad) == REASON_CHECKSUM


def test_rejects_wrong_length_and_letters():
    assert resident_id_problem("4403081990051") == REASON_LENGTH
    assert resident_id_problem("T60426198705140031") == REASON_FORMAT
    assert resident_id_problem("11010119900307867A") == REASON_FORMAT


def test_legacy_15_digit_number_needs_region_and_19yy_date():
    assert validate_resident_id("610104630815123")
    assert resident_id_problem("610104630832123") == REASON_DATE
    assert resident_id_problem("990104630815123") == REASON_REGION


def test_residence_permit_codes_are_resident_ids_but_other_8x_codes_are_not():
    assert validate_resident_id(_with_check("82000019850101002"))
    assert not validate_resident_id(_with_check("81123419850101002"))


def test_hk_id_check_digit():
    assert hk_id_ok("A1234563")
    assert not hk_id_ok("A1234564")
    # Two-letter prefix and the check character A (value 10).
    assert sum(hk_id_ok(f"AB98765{d}{c}") for d in "0123456789" for c in "0123456789A") == 10
    assert not hk_id_ok("A12345!3")


def test_tw_id_checksum():
    assert tw_id_ok("A123456789")
    assert not tw_id_ok("A123456788")
    assert not tw_id_ok("A323456789")  # second digit is the sex: 1 or 2
    # Exactly one check digit completes any body.
    assert sum(tw_id_ok(f"F22345678{d}") for d in "0123456789") == 1
