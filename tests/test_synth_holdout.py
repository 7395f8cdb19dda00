"""The held-out synthetic corpus is reproducible, its labels point at the
values they name, its identifiers pass their validators and its hard
negatives fail them. Validation here uses ``detectors.checksums`` as an
outside check on the generator's own check-digit code."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import phonenumbers
import pytest

from benchmarks import synth_holdout as sh
from detectors.checksums import iban_mod97_ok, iso7064_mod11_2_ok, luhn_ok

N = 400


@pytest.fixture(scope="module")
def records():
    return list(sh.generate(N, seed=5))


@pytest.fixture(scope="module")
def values():
    return sh.Values(__import__("random").Random(11))


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit() or c in "Xx").upper()


def _birth_ok(yyyymmdd: str) -> bool:
    try:
        d = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= d <= date(2025, 1, 1)


def test_same_seed_gives_identical_corpus_and_other_seed_differs():
    a = list(sh.generate(50, seed=9))
    assert a == list(sh.generate(50, seed=9))
    assert [r["text"] for r in a] != [r["text"] for r in sh.generate(50, seed=10)]


def test_every_genre_and_every_identifier_label_occurs(records):
    assert {r["genre"] for r in records} == set(sh.HoldoutGenerator.GENRES)
    labels = {e["label"] for r in records for e in r["entities"]}
    for label in ("CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_LANDLINE_PHONE", "PHONE_NUMBER", "CN_BANK_CARD",
                  "CREDIT_CARD", "EMAIL_ADDRESS", "IP_ADDRESS", "PERSON", "ADDRESS", "IM_ACCOUNT", "US_SSN",
                  "GEO_COORDINATES", "CN_LICENSE_PLATE"):
        assert label in labels, label


def test_spans_are_in_range_non_overlapping_and_trimmed(records):
    for r in records:
        prev_end = 0
        for e in r["entities"]:
            value = r["text"][e["start"]:e["end"]]
            assert 0 <= e["start"] < e["end"] <= len(r["text"])
            assert e["start"] >= prev_end, (r["id"], e)
            assert value == value.strip() and value, (r["id"], value)
            prev_end = e["end"]


def test_spans_hold_values_of_their_label(records):
    shape = {
        "EMAIL_ADDRESS": re.compile(r"[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}"),
        "IP_ADDRESS": re.compile(r"[0-9.]+|[0-9a-f:]+"),
        "US_SSN": re.compile(r"\d{3}-\d{2}-\d{4}"),
        "CN_PASSPORT": re.compile(r"[EG][A-H0-9]\d{7}"),
        "CN_HK_MACAU_PERMIT": re.compile(r"[CW][A-H0-9]\d{7}"),
        "TW_ID": re.compile(r"[A-Z][12]\d{8}"),
        "MO_ID": re.compile(r"[157]\d{6}\(\d\)"),
        "PERSON": re.compile(r"[\u4e00-\u9fff]{2,4}|[A-Z][a-z]+ [A-Z][A-Za-z']+"),
        "ADDRESS": re.compile(r"(.+[市区县].+[路街道弄村].*\d+号.*)|(.*\d+ .+, [A-Z][A-Za-z ]+\d[0-9A-Z ]+)"),
        "CN_LICENSE_PLATE": re.compile(r"[\u4e00-\u9fff][A-Z][· ]?[A-Z0-9]{5,6}"),
    }
    for r in records:
        for e in r["entities"]:
            value = r["text"][e["start"]:e["end"]]
            pattern = shape.get(e["label"])
            if pattern:
                assert pattern.fullmatch(value), (e["label"], value)


def test_identifiers_pass_their_checksums(records):
    seen = set()
    for r in records:
        for e in r["entities"]:
            value = r["text"][e["start"]:e["end"]]
            d = _digits(value)
            if e["label"] == "CN_RESIDENT_ID":
                assert d[:6] in sh.REGIONS
                if len(d) == 18:
                    assert iso7064_mod11_2_ok(d) and _birth_ok(d[6:14]), value
                else:
                    assert len(d) == 15 and _birth_ok("19" + d[6:12]), value
            elif e["label"] in ("CN_BANK_CARD", "CREDIT_CARD"):
                assert luhn_ok(d) and 15 <= len(d) <= 19, value
                assert d.startswith("62") == (e["label"] == "CN_BANK_CARD")
            elif e["label"] == "IBAN_CODE":
                assert iban_mod97_ok(value.replace(" ", "")), value
            elif e["label"] == "CN_MOBILE_PHONE":
                assert d[-11:-8] in sh.MOBILE_PREFIXES and len(d) in (11, 13, 15), value
            elif e["label"] == "PHONE_NUMBER":
                assert phonenumbers.is_valid_number(phonenumbers.parse(value, None)), value
            elif e["label"] == "HK_ID":
                m = re.fullmatch(r"([A-Z]{1,2})(\d{6})\(?([0-9A])\)?", value)
                assert m and sh.hkid_check(m[1], m[2]) == m[3], value
            elif e["label"] == "TW_ID":
                assert sh.twid_check(value[0], value[1:9]) == value[9], value
            elif e["label"] == "US_SSN":
                area, group, serial = value.split("-")
                assert area not in ("000", "666") and area < "900" and group != "00" and serial != "0000"
            seen.add(e["label"])
    assert {"CN_RESIDENT_ID", "CN_BANK_CARD", "CREDIT_CARD", "CN_MOBILE_PHONE", "PHONE_NUMBER"} <= seen


def test_known_vectors_for_the_generators_check_digit_code():
    # a Hong Kong ID check digit worked by hand: A123456 → 3
    assert sh.hkid_check("A", "123456") == "3"
    # Taiwan: A123456789 is the textbook valid example
    assert sh.twid_check("A", "12345678") == "9"
    assert sh.iban_valid("GB82 WEST 1234 5698 7654 32")
    assert sh.luhn_valid("4111111111111111") and not sh.luhn_valid("4111111111111112")
    assert sh.isbn13_complete("978030640615") == "9780306406157"


def test_hard_negatives_fail_their_validators(values):
    for _ in range(200):
        bad = values.bad_check_id()
        assert not iso7064_mod11_2_ok(bad)
        bad_date = values.impossible_date_id()
        assert iso7064_mod11_2_ok(bad_date) and not (_birth_ok(bad_date[6:14]) and bad_date[6:10] < "2025")
        bad_region = values.bad_region_id()
        assert bad_region[:6] not in sh.REGIONS and bad_region[:2] not in {"11", "31", "44", "51", "33", "32"}
        assert not luhn_ok(values.luhn_invalid_card())
        assert values.unallocated_mobile()[:3] not in sh.MOBILE_PREFIXES
        m = re.fullmatch(r"([A-Z])(\d{6})\((.)\)", values.bad_hkid())
        assert m and sh.hkid_check(m[1], m[2]) != m[3]
        tw = values.bad_twid()
        assert sh.twid_check(tw[0], tw[1:9]) != tw[9]
        assert not iban_mod97_ok(values.bad_iban())
        area, group, _ = values.bad_ssn().split("-")
        assert area in ("000", "666") or area >= "900" or group == "00"


def test_categories_cover_identifier_categories_and_cues(records):
    for r in records:
        for e in r["entities"]:
            cat = sh.LABEL_CATEGORY.get(e["label"])
            if cat:
                assert cat in r["categories"], (r["id"], e["label"])
        for tag in r["tags"]:
            if tag.startswith("cue:") and tag != "cue:symptom":
                assert tag[4:] in r["categories"]
            if tag == "cue:symptom":
                assert "medical_health" in r["categories"]
    # some records are deliberately free of any sensitive category
    assert sum(not r["categories"] for r in records) > N // 10


def test_cli_writes_loadable_jsonl(tmp_path):
    from benchmarks.evalsets import load_synth_file

    out = tmp_path / "h.jsonl"
    assert sh.main(["--n", "30", "--seed", "3", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 30
    es = load_synth_file(out)
    assert len(es.examples) == 30 and es.has_categories
