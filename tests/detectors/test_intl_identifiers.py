"""International identifiers: e-mail, IP, payment cards, IBAN, US SSN, phone
numbers, coordinates. All values are synthetic (built here with their check
digits) or public documentation examples."""

from __future__ import annotations

import time

import pytest

from detectors.checksums import luhn_ok
from detectors.intl.email import EmailDetector
from detectors.intl.geo import GeoCoordinatesDetector
from detectors.intl.iban import IBAN_LENGTHS, IbanDetector, iban_ok
from detectors.intl.ip import IpAddressDetector
from detectors.intl.payment_card import PaymentCardDetector, card_brand
from detectors.intl.phone import PhoneNumberDetector
from detectors.intl.us_ssn import UsSsnDetector, ssn_ok
from detectors.text import ScanText


def luhn_complete(prefix: str, length: int) -> str:
    """A Luhn-valid number of ``length`` digits starting with ``prefix``."""
    body = (prefix + "0123456789" * 3)[: length - 1]
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError("unreachable")


def make_iban(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(num) % 97:02d}{bban}"


def spans(detector, text: str, min_score: float = 0.5):
    return [
        (f.entity_type, text[f.start:f.end])
        for f in detector.find(ScanText(text))
        if f.score >= min_score
    ]


@pytest.fixture(scope="module")
def email():
    return EmailDetector()


@pytest.fixture(scope="module")
def phone():
    return PhoneNumberDetector()


# E-mail ---------------------------------------------------------------------

def test_email_found_with_offsets_in_chinese_sentence(email):
    text = "请联系 zhang.wei+test@example.com 获取资料"
    assert spans(email, text) == [("EMAIL_ADDRESS", "zhang.wei+test@example.com")]


def test_email_full_width_at_sign_is_normalised(email):
    text = "邮箱：ｔｏｍ＠example.org。"
    found = email.find(ScanText(text))
    assert [(text[f.start:f.end], f.value) for f in found] == [("ｔｏｍ＠example.org", "tom@example.org")]


def test_email_with_unknown_top_level_domain_is_rejected(email):
    assert spans(email, "write to someone@example.notatld") == []


def test_email_trailing_sentence_dot_is_not_part_of_domain(email):
    assert spans(email, "Mail me at a.b@mail.example.co.uk.") == [("EMAIL_ADDRESS", "a.b@mail.example.co.uk")]


def test_email_lookalikes_are_rejected(email):
    for text in ("@decorator", "user@localhost", "a..b@example.com", "x@-bad.com", "ratio 3@4.5"):
        assert spans(email, text) == [], text


def test_email_detector_never_reaches_the_network(monkeypatch):
    import socket

    def refuse(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    det = EmailDetector()
    assert spans(det, "a@b-example.io") == [("EMAIL_ADDRESS", "a@b-example.io")]


# IP addresses ---------------------------------------------------------------

def test_ipv4_and_ipv6_found():
    det = IpAddressDetector()
    text = "登录IP 10.1.2.3，备用 2001:db8::8a2e:370:7334 。"
    assert spans(det, text) == [("IP_ADDRESS", "2001:db8::8a2e:370:7334"), ("IP_ADDRESS", "10.1.2.3")]


def test_ip_out_of_range_octet_is_rejected():
    det = IpAddressDetector()
    assert spans(det, "addr 192.168.1.256 and 300.1.1.1") == []


def test_dotted_version_number_is_not_an_ip():
    det = IpAddressDetector()
    assert spans(det, "upgraded to version 1.2.3.4 yesterday") == []
    assert spans(det, "release v2.0.1.7") == []


def test_unspecified_ipv6_and_times_are_not_ips():
    det = IpAddressDetector()
    for text in ("listen on ::", "at 12:34:56", "std::cout", "MAC aa:bb:cc:dd:ee:ff"):
        assert spans(det, text) == [], text


def test_ipv4_glued_to_letters_is_not_an_ip():
    det = IpAddressDetector()
    assert spans(det, "IP192.168.1.1text") == []


# Payment cards --------------------------------------------------------------

def test_unionpay_number_is_cn_bank_card():
    card = luhn_complete("622848", 19)
    det = PaymentCardDetector()
    assert spans(det, f"银行卡号：{card}") == [("CN_BANK_CARD", card)]


def test_unionpay_failing_luhn_needs_a_bank_card_cue():
    good = luhn_complete("621700", 19)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    det = PaymentCardDetector()
    assert spans(det, f"编号 {bad} 已登记") == []
    found = det.find(ScanText(f"储蓄卡卡号 {bad}"))
    assert [(f.entity_type, round(f.score, 2)) for f in found] == [("CN_BANK_CARD", 0.55)]


def test_visa_in_four_groups_with_spaces_or_hyphens():
    card = luhn_complete("4", 16)
    spaced = " ".join(card[i:i + 4] for i in range(0, 16, 4))
    hyphened = spaced.replace(" ", "-")
    det = PaymentCardDetector()
    assert spans(det, f"card {spaced}") == [("CREDIT_CARD", spaced)]
    assert spans(det, f"card {hyphened}") == [("CREDIT_CARD", hyphened)]


def test_amex_grouped_four_six_five():
    card = luhn_complete("37", 15)
    grouped = f"{card[:4]} {card[4:10]} {card[10:]}"
    assert spans(PaymentCardDetector(), f"Amex {grouped}") == [("CREDIT_CARD", grouped)]


def test_card_failing_luhn_is_rejected():
    card = luhn_complete("5", 16)
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert spans(PaymentCardDetector(), f"card {bad}") == []


def test_card_never_matches_inside_longer_digit_run():
    card = luhn_complete("4", 16)
    assert spans(PaymentCardDetector(), f"order 9{card}1") == []


def test_mixed_separators_are_not_a_card():
    card = luhn_complete("4", 16)
    mixed = f"{card[:4]} {card[4:8]}-{card[8:12]} {card[12:]}"
    assert spans(PaymentCardDetector(), mixed) == []


def test_card_brand_prefixes():
    assert card_brand(luhn_complete("4", 16)) == "visa"
    assert card_brand(luhn_complete("2221", 16)) == "mastercard"
    assert card_brand(luhn_complete("34", 15)) == "amex"
    assert card_brand(luhn_complete("6011", 16)) == "discover"
    assert card_brand(luhn_complete("3530", 16)) == "jcb"
    assert card_brand(luhn_complete("62", 16)) == "unionpay"
    assert card_brand(luhn_complete("9", 16)) is None


# IBAN -----------------------------------------------------------------------

def test_iban_check_digits_and_country_length():
    good = make_iban("DE", "370400440532013000")
    assert iban_ok(good)
    assert not iban_ok(good[:-1] + "1" if good[-1] != "1" else good[:-1] + "2")
    assert not iban_ok(make_iban("DE", "37040044053201300"))  # one character short for DE
    assert IBAN_LENGTHS["GB"] == 22


def test_iban_found_compact_and_in_groups_of_four():
    iban = make_iban("GB", "WEST12345698765432")
    grouped = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    det = IbanDetector()
    assert spans(det, f"IBAN {iban} ok") == [("IBAN_CODE", iban)]
    assert spans(det, f"账户 {grouped}。") == [("IBAN_CODE", grouped)]


def test_iban_next_to_a_following_word_is_cut_at_country_length():
    iban = make_iban("NL", "ABNA0417164300")
    assert spans(IbanDetector(), f"to {iban} TODAY") == [("IBAN_CODE", iban)]


# US SSN ---------------------------------------------------------------------

def test_ssn_rules_reject_impossible_numbers():
    assert ssn_ok("234567890")
    for bad in ("000123456", "666123456", "923456789", "234007890", "234560000", "111111111"):
        assert not ssn_ok(bad), bad


def test_ssn_dashed_found_without_cue_but_bare_digits_need_one():
    det = UsSsnDetector()
    assert spans(det, "ref 234-56-7890") == [("US_SSN", "234-56-7890")]
    assert spans(det, "order 234567890") == []
    assert spans(det, "SSN: 234567890") == [("US_SSN", "234567890")]


def test_ssn_with_spaces_or_dots_scores_higher_with_cue():
    det = UsSsnDetector()
    plain = det.find(ScanText("code 234 56 7890"))
    cued = det.find(ScanText("social security number 234 56 7890"))
    dotted = det.find(ScanText("SSN 234.56.7890"))
    assert [f.score for f in plain] == [0.5]
    assert [f.score for f in cued] == [0.8]
    assert [f.value for f in dotted] == ["234567890"]


def test_ssn_mixed_separators_and_longer_runs_rejected():
    det = UsSsnDetector()
    assert spans(det, "SSN 234-56 7890") == []
    assert spans(det, "SSN 1234-56-7890") == []


# Phone numbers --------------------------------------------------------------

def test_international_numbers_found(phone):
    text = "Call +44 20 7946 0958 or (415) 555-0132."
    assert spans(phone, text) == [("PHONE_NUMBER", "+44 20 7946 0958"), ("PHONE_NUMBER", "(415) 555-0132")]


def test_mainland_china_numbers_are_left_to_the_mainland_detector(phone):
    assert spans(phone, "手机 +86 138 1234 5678", min_score=0.0) == []
    assert spans(phone, "tel 13812345678", min_score=0.0) == []


def test_iso_dates_and_long_ids_are_not_phone_numbers(phone):
    assert spans(phone, "2020-06-20 14:11:22", min_score=0.0) == []
    assert spans(phone, "account 123456789012", min_score=0.0) == []


def test_phone_shaped_string_next_to_cue_is_reported(phone):
    assert spans(phone, "Phone:\n450 0840") == [("PHONE_NUMBER", "450 0840")]


def test_phone_extension_is_part_of_the_span(phone):
    assert spans(phone, "office (212) 555-0199x123") == [("PHONE_NUMBER", "(212) 555-0199x123")]


# Coordinates ----------------------------------------------------------------

def test_coordinates_pair_with_enough_decimals():
    det = GeoCoordinatesDetector()
    assert spans(det, "在 39.9042, 116.4074 附近") == [("GEO_COORDINATES", "39.9042, 116.4074")]


def test_coordinates_with_hemispheres_and_chinese_cues():
    det = GeoCoordinatesDetector()
    assert spans(det, "31.2304°N 121.4737°E") == [("GEO_COORDINATES", "31.2304°N 121.4737°E")]
    assert spans(det, "纬度31.23 经度121.47") == [("GEO_COORDINATES", "纬度31.23 经度121.47")]


def test_coordinates_out_of_range_or_imprecise_without_cue_rejected():
    det = GeoCoordinatesDetector()
    assert spans(det, "values 95.1234, 20.1234") == []
    assert spans(det, "price 12.5, 13.75") == []
    assert spans(det, "GPS 31.23, 121.47") == [("GEO_COORDINATES", "31.23, 121.47")]


# Throughput -----------------------------------------------------------------

def test_identifier_detectors_stay_fast_on_mixed_text(phone, email):
    """A regression guard far below the 8 MB/s budget (measured separately),
    so a slow shared CI machine does not fail it."""
    filler = ("本周的会议讨论了数据治理的流程和训练语料的来源说明。" * 6
              + "The committee reviewed the corpus pipeline and agreed on the schedule. " * 6)
    line = ("用户的订单 20240101 已发货，联系 support@example.com 或 +44 20 7946 0958。"
            "The server at 10.0.0.12 logged version 1.2.3 at 12:30. ") + filler
    text = line * 400
    docs = [ScanText(text[i:i + 2000]) for i in range(0, len(text), 2000)]
    dets = [email, IpAddressDetector(), PaymentCardDetector(), IbanDetector(), UsSsnDetector(), phone,
            GeoCoordinatesDetector()]
    t = time.process_time()
    for d in dets:
        d.find_batch(docs)
    elapsed = time.process_time() - t
    mb = len(text.encode()) / 1e6
    assert mb / elapsed > 2.0, f"{mb / elapsed:.2f} MB/s"
