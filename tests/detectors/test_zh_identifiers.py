"""Span positions of the Chinese and regional identifier detectors.

Every number here is synthetic: resident IDs are made-up bodies with a real
division code and a computed check character. ``python -m
tests.detectors.test_zh_identifiers`` also measures accuracy and throughput on
a generated corpus (see ``main``).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import pytest

from detectors.checksums import iso7064_mod11_2_check_char
from detectors.engine import _resolve
from detectors.text import ScanText
from detectors.zh.im_account import ImAccountDetector
from detectors.zh.phone import MOBILE_PREFIXES, ChinaPhoneDetector
from detectors.zh.plate import LicensePlateDetector
from detectors.zh.regional_ids import RegionalIdDetector, hk_id_ok, tw_id_ok
from detectors.zh.resident_id import ResidentIdDetector, region_table
from detectors.zh.travel_docs import TravelDocumentDetector

DETECTOR_CLASSES = (
    ResidentIdDetector,
    ChinaPhoneDetector,
    TravelDocumentDetector,
    RegionalIdDetector,
    LicensePlateDetector,
    ImAccountDetector,
)


@pytest.fixture(scope="module")
def detectors():
    return [cls() for cls in DETECTOR_CLASSES]


def scan(detectors, text: str, min_score: float = 0.5):
    """Findings of our detectors, resolved as the engine does."""
    doc = ScanText(text)
    found = [f for d in detectors for f in d.find(doc) if f.score >= min_score]
    return [(f.entity_type, text[f.start:f.end]) for f in _resolve(found)]


def rid(body17: str) -> str:
    return body17 + iso7064_mod11_2_check_char(body17)


ID_A = rid("11010519491231002")          # Beijing Chaoyang, 1949-12-31
ID_B = rid("44030420010101123")          # Shenzhen Futian, 2001-01-01
ID_X = next(rid(f"3201021980010112{d}") for d in range(10) if rid(f"3201021980010112{d}")[-1] == "X")


# -- resident IDs ------------------------------------------------------------

def test_finds_id_in_chinese_sentence_with_exact_offsets(detectors):
    text = f"我的身份证号是{ID_A}，请核对。"
    doc = ScanText(text)
    (f,) = ResidentIdDetector().find(doc)
    assert (f.start, f.end) == (7, 25)
    assert f.entity_type == "CN_RESIDENT_ID" and f.score >= 0.85


def test_finds_id_in_english_and_mixed_text(detectors):
    assert scan(detectors, f"Applicant ID card: {ID_B}.") == [("CN_RESIDENT_ID", ID_B)]
    assert scan(detectors, f"Zhang San 身份证 {ID_X.lower()} tel") == [("CN_RESIDENT_ID", ID_X.lower())]


def test_finds_id_written_in_full_width_digits_and_maps_back_to_original(detectors):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in ID_A)
    text = f"证件号：{wide}。"
    assert scan(detectors, text) == [("CN_RESIDENT_ID", wide)]


def test_finds_id_with_zero_width_characters_inside(detectors):
    broken = ID_A[:6] + "\u200b" + ID_A[6:14] + "\u200d" + ID_A[14:]
    text = f"身份证{broken}号"
    doc = ScanText(text)
    (f,) = ResidentIdDetector().find(doc)
    assert text[f.start:f.end] == broken
    assert f.value == ID_A


@pytest.mark.parametrize("sep", [" ", "-"])
def test_finds_id_grouped_6_8_4(detectors, sep):
    grouped = sep.join((ID_B[:6], ID_B[6:14], ID_B[14:]))
    assert scan(detectors, f"身份证：{grouped} 已登记") == [("CN_RESIDENT_ID", grouped)]


def test_finds_id_grouped_6_4_4_4(detectors):
    grouped = " ".join((ID_A[:6], ID_A[6:10], ID_A[10:14], ID_A[14:]))
    assert scan(detectors, f"公民身份号码 {grouped}") == [("CN_RESIDENT_ID", grouped)]


def test_rejects_id_with_bad_check_digit(detectors):
    bad = ID_A[:17] + ("0" if ID_A[17] != "0" else "1")
    assert scan(detectors, f"身份证号{bad}") == []


def test_never_matches_id_inside_19_or_20_digit_run(detectors):
    assert scan(detectors, f"流水号9{ID_A}") == []
    assert scan(detectors, f"编号{ID_A}12") == []
    assert scan(detectors, f"ref {ID_A}7 end") == []


def test_never_matches_id_glued_to_letters(detectors):
    assert scan(detectors, f"token=ab{ID_A}") == []
    assert scan(detectors, f"{ID_A}kz") == []


def test_legacy_15_digit_id_is_found_only_when_region_and_date_are_real(detectors):
    assert scan(detectors, "老身份证610104630815123已作废") == [("CN_RESIDENT_ID", "610104630815123")]
    assert scan(detectors, "老身份证610104630832123已作废") == []


def test_id_next_to_another_number_with_a_space_is_still_found(detectors):
    assert scan(detectors, f"序号12 {ID_B}") == [("CN_RESIDENT_ID", ID_B)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"张三 {ID_B} 13812345678", [("CN_RESIDENT_ID", ID_B), ("CN_MOBILE_PHONE", "13812345678")]),
        (f"13812345678 {ID_B}", [("CN_MOBILE_PHONE", "13812345678"), ("CN_RESIDENT_ID", ID_B)]),
        (f"张三 {ID_B} 2023-05-01入职", [("CN_RESIDENT_ID", ID_B)]),
        (f"身份证号码：{ID_B} {ID_A}", [("CN_RESIDENT_ID", ID_B), ("CN_RESIDENT_ID", ID_A)]),
        (f"20240105 {ID_B} 入住", [("CN_RESIDENT_ID", ID_B)]),
        (f"20240105 {ID_B[:6]} {ID_B[6:14]} {ID_B[14:]} 入住", [("CN_RESIDENT_ID", f"{ID_B[:6]} {ID_B[6:14]} {ID_B[14:]}")]),
        (f"2023-05-01 {ID_B} 13812345678 020-12345678", [("CN_RESIDENT_ID", ID_B), ("CN_MOBILE_PHONE", "13812345678"),
                                                       ("CN_LANDLINE_PHONE", "020-12345678")]),
    ],
)
def test_id_joined_by_one_space_to_other_long_numbers_is_found(detectors, text, expected):
    assert [t for t in scan(detectors, text) if t[0] != "CN_BANK_CARD"] == expected


def test_long_space_joined_number_runs_hold_no_id_unless_one_validates(detectors):
    bad = ID_B[:17] + ("0" if ID_B[17] != "0" else "1")
    assert scan(detectors, f"{bad} 13812345678 20240105") == [("CN_MOBILE_PHONE", "13812345678")]
    assert [t for t in scan(detectors, f"数据 {ID_B}1 2345 67890123 456789") if t[0] == "CN_RESIDENT_ID"] == []


def test_finds_id_grouped_in_fours(detectors):
    grouped = " ".join((ID_B[:4], ID_B[4:8], ID_B[8:12], ID_B[12:16], ID_B[16:]))
    assert scan(detectors, f"身份证号为{grouped}") == [("CN_RESIDENT_ID", grouped)]
    assert scan(detectors, f"证件号 {grouped}，已核验") == [("CN_RESIDENT_ID", grouped)]


@pytest.mark.parametrize("sizes", [(6, 12), (3, 3, 4, 4, 4)])
def test_finds_id_in_other_written_groupings(detectors, sizes):
    parts, k = [], 0
    for n in sizes:
        parts.append(ID_B[k:k + n])
        k += n
    grouped = " ".join(parts)
    assert scan(detectors, f"身份证：{grouped}") == [("CN_RESIDENT_ID", grouped)]
    bad = ID_B[:17] + ("0" if ID_B[17] != "0" else "1")
    bad_grouped = grouped[:-1] + bad[-1]
    assert [t for t in scan(detectors, f"身份证：{bad_grouped}") if t[0] == "CN_RESIDENT_ID"] == []


def test_four_grouped_numbers_that_fail_the_id_check_are_no_id(detectors):
    bad = ID_B[:17] + ("0" if ID_B[17] != "0" else "1")
    grouped = " ".join((bad[:4], bad[4:8], bad[8:12], bad[12:16], bad[16:]))
    assert [t for t in scan(detectors, f"编码 {grouped}") if t[0] == "CN_RESIDENT_ID"] == []
    # A bank card written in fours is not read as an ID.
    assert [t for t in scan(detectors, "卡号 6228 4800 1234 5671 23") if t[0] == "CN_RESIDENT_ID"] == []


# -- phones ------------------------------------------------------------------

@pytest.mark.parametrize(
    "written",
    ["13800138000", "138-0013-8000", "138 0013 8000", "(+86)13800138000", "+86 138 0013 8000",
     "0086-13912345678", "+8615012345678"],
)
def test_finds_mobile_in_its_usual_spellings(detectors, written):
    assert scan(detectors, f"联系电话：{written}，谢谢") == [("CN_MOBILE_PHONE", written)]


def test_mobile_span_in_english_text(detectors):
    text = "Call me at 186 2233 4455 tomorrow."
    doc = ScanText(text)
    (f,) = ChinaPhoneDetector().find(doc)
    assert (f.start, f.end) == (11, 24) and f.value == "18622334455"


@pytest.mark.parametrize(
    "written",
    ["010-12345678", "(0755)8888 8888", "0571-8765432", "+86 10 1234 5678", "021-62345678-808",
     "(010)62345678", "0755-2345-6789", "021—62345678"],
)
def test_finds_landline_with_area_code(detectors, written):
    assert scan(detectors, f"办公电话 {written} 工作日") == [("CN_LANDLINE_PHONE", written)]


@pytest.mark.parametrize("written", ["+86139 2046 7731", "+86139-2046-7731", "0086139 20467731"])
def test_mobile_with_country_code_glued_to_the_prefix_group(detectors, written):
    assert scan(detectors, f"联系我 {written}。") == [("CN_MOBILE_PHONE", written)]


def test_digit_groups_inside_a_uuid_are_not_a_landline(detectors):
    text = '"trace":"5e1d09ab-0991-4312-4578-b2c4d6e8f0a1"'
    assert [t for t in scan(detectors, text) if t[0].startswith("CN_")] == []


def test_glued_country_code_needs_a_plus_or_0086(detectors):
    assert [t for t in scan(detectors, "批次 86139 2046 7731") if t[0] == "CN_MOBILE_PHONE"] == []


def test_landline_extension_in_words_is_part_of_the_span(detectors):
    assert scan(detectors, "总机010-62345678转321。") == [("CN_LANDLINE_PHONE", "010-62345678转321")]


# UK numbers share the shape of mainland 02x numbers ------------------------
# London 020, Southampton 023, Coventry 024, Northern Ireland 028 and Cardiff
# 029 are 02x plus 8 digits, exactly like Guangzhou, Chongqing, Shenyang,
# Chengdu and Xi'an. Only the text tells them apart.

@pytest.fixture(scope="module")
def with_intl_phone(detectors):
    from detectors.intl.phone import PhoneNumberDetector

    return [*detectors, PhoneNumberDetector()]


@pytest.mark.parametrize("text, number", [
    ("Call our London office on 020 7946 0958.", "020 7946 0958"),
    ("London: (020) 7946 0018", "(020) 7946 0018"),
    ("伦敦办公室电话 020 7946 0958", "020 7946 0958"),
    ("Cardiff branch, Wales - tel 029 2018 3344", "029 2018 3344"),
    ("Belfast BT1 5GS, Northern Ireland. Phone 028 9032 1234", "028 9032 1234"),
    ("UK helpline 020 3123 4567 (Mon-Fri)", "020 3123 4567"),
    ("Shanghai office 021 6123 4567; London office 020 7946 0958", "020 7946 0958"),
])
def test_uk_number_in_uk_context_is_an_international_phone(with_intl_phone, text, number):
    found = scan(with_intl_phone, text)
    assert ("PHONE_NUMBER", number) in found, found
    assert ("CN_LANDLINE_PHONE", number) not in found, found


@pytest.mark.parametrize("text, number", [
    ("广州办公室电话 020 8345 6789", "020 8345 6789"),
    ("Our Guangzhou office: 020 8345 6789", "020 8345 6789"),
    ("Tel: 020 8345 6789", "020 8345 6789"),
    ("Chengdu office 028 8765 4321, our London team can forward calls", "028 8765 4321"),
    ("London office closed; call +86 20 8345 6789 in Guangzhou", "+86 20 8345 6789"),
    ("成都 028-85123456，伦敦同事请拨此号", "028-85123456"),
])
def test_mainland_02x_number_without_uk_context_stays_a_landline(with_intl_phone, text, number):
    assert ("CN_LANDLINE_PHONE", number) in scan(with_intl_phone, text), text


def test_unknown_area_code_is_not_a_landline(detectors):
    assert scan(detectors, "电话 0261-2345678") == []


@pytest.mark.parametrize(
    "text",
    [
        "订单号202311051380013800012已发货",   # mobile inside an order number
        "时间戳 20231105123045",
        "ISBN 978-7-111-12806-0",
        "ISBN 9787111128069",
        "编号 12345678901",                    # 11 digits, prefix 123 not allocated
        "编码 10086123456",                    # prefix 100
        "价格 1380013800.00 元",
        "v3.13800138000",
        "hash 9f13800138000c2",
    ],
)
def test_hard_negatives_are_not_phones(detectors, text):
    assert [t for t in scan(detectors, text) if t[0].startswith("CN_") and "PHONE" in t[0]] == []


def test_eleven_digits_after_an_order_cue_score_below_threshold(detectors):
    doc = ScanText("订单号：13800138000")
    (f,) = ChinaPhoneDetector().find(doc)
    assert f.score < 0.5


def test_phone_cue_nearer_than_an_order_cue_wins(detectors):
    assert scan(detectors, "订单联系电话：13800138000") == [("CN_MOBILE_PHONE", "13800138000")]
    assert scan(detectors, "Tel No. 13800138000") == [("CN_MOBILE_PHONE", "13800138000")]


@pytest.mark.parametrize(
    "text",
    [
        "发票号码：13812345678", "Invoice #13812345678", "交易号 13812345678", "Ticket 13812345678 closed",
        "request_id=13812345678", "批号：13812345678", "商品编码 13812345678", "seq=19559729792 ok",
        "seqNo: 15912345678", "SKU13812345678", "id=A13812345678", "token ab13800138000cd",
    ],
)
def test_mobile_shaped_references_are_not_phones(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "CN_MOBILE_PHONE"] == []


@pytest.mark.parametrize("text", ["发票代码：051011900111", "发票代码037022100111", "invoice code 051011900111"])
def test_invoice_codes_are_not_landlines(detectors, text):
    assert [t for t in scan(detectors, text) if "PHONE" in t[0]] == []


def test_wechat_id_made_of_letters_and_a_mobile_number_is_an_im_account(detectors):
    assert scan(detectors, "微信号是wx13812345678") == [("IM_ACCOUNT", "wx13812345678")]


@pytest.mark.parametrize(
    "text, number",
    [
        ("Tel13812345678", "13812345678"), ("TEL010-62345678", "010-62345678"),
        ("发票寄送：张三 电话13812345678", "13812345678"), ("订单联系人手机 13812345678", "13812345678"),
        ("Invoice to Li Lei, phone 13812345678", "13812345678"), ("发票抬头：张三 13812345678", "13812345678"),
        ("订单备注：王芳 13812345678", "13812345678"),
    ],
)
def test_phone_cue_glued_or_nearer_than_a_reference_cue_still_gives_a_phone(detectors, text, number):
    assert [t[1] for t in scan(detectors, text) if "PHONE" in t[0]] == [number]


@pytest.mark.parametrize("text", [
    "联系人：Tony13812345678",
    "手机：M13812345678",
    "M13812345678 (office hours only)",
    "T13812345678",
    "Mob13812345678",
    "Tel.13812345678",
    "Ph.13812345678",
    "联系电话 HP13812345678",
])
def test_letters_glued_to_a_mobile_after_a_phone_cue_or_as_its_abbreviation(detectors, text):
    assert [t[1][-11:] for t in scan(detectors, text) if t[0] == "CN_MOBILE_PHONE"] == ["13812345678"]


@pytest.mark.parametrize("text", ["SKU13812345678", "商品 AB13812345678", "联系人：王芳 订单SKU13812345678"])
def test_other_letters_glued_to_a_mobile_still_block_it(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "CN_MOBILE_PHONE"] == []


@pytest.mark.parametrize("written", ["138.1234.5678", "138.0013.8000"])
def test_mobile_grouped_with_dots(detectors, written):
    assert scan(detectors, f"手机：{written}") == [("CN_MOBILE_PHONE", written)]


@pytest.mark.parametrize("text", ["版本 138.1234.5678.9", "pi=3.138.1234.5678", "v138.1234.5678"])
def test_dotted_digit_groups_inside_longer_tokens_are_not_mobiles(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "CN_MOBILE_PHONE"] == []


def test_full_width_and_zero_width_mobile(detectors):
    text = "手机：１３８\u200b００１３８０００"
    (f,) = ChinaPhoneDetector().find(ScanText(text))
    assert text[f.start:f.end] == "１３８\u200b００１３８０００"


# -- travel documents --------------------------------------------------------

def test_passport_with_cue(detectors):
    assert scan(detectors, "护照号码：E12345678，有效期十年") == [("CN_PASSPORT", "E12345678")]
    assert scan(detectors, "Passport No. EA1234567") == [("CN_PASSPORT", "EA1234567")]


def test_legacy_passport_needs_a_cue(detectors):
    assert scan(detectors, "型号G12345678") == []
    assert scan(detectors, "旧护照 G12345678") == [("CN_PASSPORT", "G12345678")]


def test_hk_macau_and_taiwan_permits_with_cues(detectors):
    assert scan(detectors, "往来港澳通行证 C12345678") == [("CN_HK_MACAU_PERMIT", "C12345678")]
    assert scan(detectors, "往来台湾通行证：L12345678") == [("CN_TAIWAN_PERMIT", "L12345678")]
    assert scan(detectors, "台胞证号码 87654321") == [("CN_TAIWAN_PERMIT", "87654321")]


def test_bare_eight_digits_without_taiwan_cue_are_nothing(detectors):
    assert scan(detectors, "日期 20231105，金额 87654321") == []


def test_document_number_inside_longer_code_is_ignored(detectors):
    assert scan(detectors, "护照 XE12345678") == []
    assert scan(detectors, "护照 E123456789") == []


@pytest.mark.parametrize(
    "text",
    [
        "订单号 E20240101", "Error E12345678: disk full", "产品型号 E12345678", "part no. E12345678",
        "发票代码 C12345678", "航班号 CA1234567", "故障码E12345678", "Model No. C12345678",
        "批次 E12345678", "report dated E20231231",
    ],
)
def test_letter_and_eight_digit_codes_without_a_document_cue_are_no_documents(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] in ("CN_PASSPORT", "CN_HK_MACAU_PERMIT")] == []


def test_electronic_passport_without_any_cue_is_still_reported(detectors):
    assert scan(detectors, "张三 E12345678 已出境") == [("CN_PASSPORT", "E12345678")]
    assert scan(detectors, "持证人 C87654321") == [("CN_HK_MACAU_PERMIT", "C87654321")]


def test_document_cue_nearer_than_a_reference_cue_wins(detectors):
    assert scan(detectors, "订单联系人护照号 E12345678") == [("CN_PASSPORT", "E12345678")]
    # A reference cue that does not label the number leaves it a document.
    assert scan(detectors, "订单联系人：张三 E12345678") == [("CN_PASSPORT", "E12345678")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("护照 e12345678", ("CN_PASSPORT", "e12345678")),
        ("passport no: ea1234567", ("CN_PASSPORT", "ea1234567")),
        ("港澳通行证号码 c12345678", ("CN_HK_MACAU_PERMIT", "c12345678")),
    ],
)
def test_lower_case_document_number_after_its_cue(detectors, text, expected):
    assert scan(detectors, text) == [expected]


@pytest.mark.parametrize("text", ["file e12345678 saved", "hash c12345678", "护照 xe12345678"])
def test_lower_case_codes_without_a_cue_are_nothing(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] in ("CN_PASSPORT", "CN_HK_MACAU_PERMIT")] == []


# -- HK / Macau / Taiwan IDs -------------------------------------------------

def test_hk_id_with_valid_check_digit(detectors):
    assert hk_id_ok("A1234563")
    assert scan(detectors, "香港身份證號碼：A123456(3)") == [("HK_ID", "A123456(3)")]
    assert scan(detectors, "HKID A123456(4)") == []


def test_reference_labels_rule_out_regional_ids(detectors):
    # Serial and part numbers share the HK and Taiwan ID shapes.
    assert scan(detectors, "序列号：A123456(3)") == []
    assert scan(detectors, "Part No. A123456(3) in stock") == []
    assert scan(detectors, "订单编号 A123456789") == []
    assert scan(detectors, "身份證號碼 A123456789") == [("TW_ID", "A123456789")]


def test_macau_id_needs_its_cue(detectors):
    assert scan(detectors, "澳門居民身份證 1234567(8)") == [("MO_ID", "1234567(8)")]
    assert scan(detectors, "型号 1234567(8)") == []


def test_taiwan_id_checksum_decides(detectors):
    assert tw_id_ok("A123456789")
    assert scan(detectors, "身分證字號 A123456789") == [("TW_ID", "A123456789")]
    assert scan(detectors, "身分證字號 A123456788") == []


# -- plates ------------------------------------------------------------------

@pytest.mark.parametrize("plate", ["京A·12345", "粤B D12345", "沪A1234警", "苏E-12345", "浙AD12345", "粤B12345D"])
def test_finds_plates(detectors, plate):
    assert scan(detectors, f"车牌{plate}的车主") == [("CN_LICENSE_PLATE", plate)]


def test_plate_rejects_I_and_O_and_longer_codes(detectors):
    assert scan(detectors, "京A1O345") == []
    assert scan(detectors, "京A12345678") == []


def test_cloud_product_names_are_not_plates(detectors):
    assert scan(detectors, "阿里云ECS123实例") == []


@pytest.mark.parametrize("plate", ["闽C3K8R5", "湘E 2AB47", "晋K·57T9W", "桂AD72M1"])
def test_plate_with_two_letters_among_digits_needs_no_plate_cue(detectors, plate):
    assert scan(detectors, f"楼下那辆{plate}堵着门口") == [("CN_LICENSE_PLATE", plate)]


def test_serial_opening_with_two_letters_still_needs_a_plate_cue(detectors):
    assert scan(detectors, "全新GLC300车型上市") == []
    assert scan(detectors, "车牌号：新GLC300") == [("CN_LICENSE_PLATE", "新GLC300")]


# -- IM accounts -------------------------------------------------------------

@pytest.mark.parametrize(
    "text, account",
    [
        ("加我QQ：12345678", "12345678"),
        ("qq号 987654321", "987654321"),
        ("微信号：zhang_san88", "zhang_san88"),
        ("vx: abc123def", "abc123def"),
        ("我的微信是 Lily_2020 哦", "Lily_2020"),
        ("WeChat ID: lily2020", "lily2020"),
        ("QQ/微信：a1234567x", "a1234567x"),
        ("薇信 abc_12345", "abc_12345"),
    ],
)
def test_im_account_after_cue(detectors, text, account):
    assert scan(detectors, text) == [("IM_ACCOUNT", account)]


@pytest.mark.parametrize(
    "text, account",
    [
        ("my wechat id is kwong_pei77 thanks", "kwong_pei77"),
        ("My WeChat is mei-ling2468.", "mei-ling2468"),
        ("my QQ number is 80234561", "80234561"),
        ("ping me on QQ 80234561 tonight", "80234561"),
        ("her WeChat handle is tan_yu_09", "tan_yu_09"),
    ],
)
def test_im_account_after_english_cue_phrases(detectors, text, account):
    assert scan(detectors, text) == [("IM_ACCOUNT", account)]


@pytest.mark.parametrize("text", ["my wechat is broken again", "the wechat id is required", "QQ is popular"])
def test_plain_word_after_english_is_is_prose(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "IM_ACCOUNT"] == []


def test_mobile_after_wechat_cue_stays_a_mobile(detectors):
    assert scan(detectors, "微信13800138000") == [("CN_MOBILE_PHONE", "13800138000")]
    assert scan(detectors, "微信同号 138 0013 8000") == [("CN_MOBILE_PHONE", "138 0013 8000")]


def test_mobile_shaped_number_after_qq_cue_is_a_qq_account(detectors):
    assert scan(detectors, "QQ：13800138000") == [("IM_ACCOUNT", "13800138000")]


@pytest.mark.parametrize("text", ["wxWidgets 3.2", "QQ群12345678", "QQ空间", "发送到12345@qq.com", "vxabc12345"])
def test_im_account_needs_a_real_cue(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "IM_ACCOUNT"] == []


@pytest.mark.parametrize(
    "text, account",
    [
        ("wechat_id=cwang858 绑定成功", "cwang858"),
        ("WeChat: vtang7720", "vtang7720"),
        ("qq号码：12345678", "12345678"),
        ("加v：lily_2020", "lily_2020"),
        ("VX:abc12345", "abc12345"),
        ("微信号是：zhang_san88", "zhang_san88"),
        ("QQ为 123456", "123456"),
        ("QQ number 12345678", "12345678"),
        ("微信号码 zhang_88", "zhang_88"),
        ("加我微信ideng_3870吧", "ideng_3870"),
        ("QQ no.12345678", "12345678"),
    ],
)
def test_im_account_after_cue_with_id_suffix_and_any_separator(detectors, text, account):
    assert scan(detectors, text) == [("IM_ACCOUNT", account)]


def test_im_account_ends_before_sentence_punctuation(detectors):
    text = "WeChat: vtang7720 or QQ 87883419."
    assert scan(detectors, text) == [("IM_ACCOUNT", "vtang7720"), ("IM_ACCOUNT", "87883419")]


@pytest.mark.parametrize("text", ["QQ 12345.com", "qq 123456-abc", "QQ 1234567@x"])
def test_im_account_does_not_stop_inside_a_longer_token(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "IM_ACCOUNT"] == []


@pytest.mark.parametrize("text", ["contact me via WeChat message", "QQ music app", "wechat account settings"])
def test_plain_word_after_cue_without_separator_is_prose(detectors, text):
    assert [t for t in scan(detectors, text) if t[0] == "IM_ACCOUNT"] == []


# -- adversarial input --------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["9" * 100_000, "138 " * 25_000, "1(" * 50_000, "QQ/" * 35_000, "京A" * 50_000, "A1" * 50_000,
     "110101 " * 15_000, "1-2 3(4)+5 " * 10_000, "台胞证12345678" * 5_000],
    ids=["digits", "groups", "brackets", "cue-chain", "plate-heads", "letter-digit", "id-groups", "mixed", "tw-cues"],
)
def test_every_detector_runs_in_linear_time_on_adversarial_text(detectors, text):
    # A quadratic pattern takes minutes here; linear ones take well under a second.
    doc = ScanText(text)
    for d in detectors:
        # CPU time, so a loaded machine does not fail a linear detector.
        t0 = time.process_time()
        d.find(doc)
        assert time.process_time() - t0 < 3.0, d.NAME


# -- synthetic corpus: accuracy and throughput ------------------------------

ZH_FILLER = [
    "今天天气不错，我们约在老地方见面。", "会议改到下午三点，请大家准时参加。", "这款产品支持7天无理由退货。",
    "2023年11月5日发布的版本修复了3个问题。", "本店营业时间为每天9:00至21:00。", "价格为128.50元，含税。",
    "请于2024-03-15前提交材料。", "第12期培训共有45人报名。", "温度为26.5摄氏度，湿度60%。",
    "阿里云ECS123实例已到期，请续费。", "订单号202311051380013800012已发货。", "系统时间戳20231105123045。",
    "图书ISBN 978-7-111-12806-0 已上架。", "版本号v3.13.8已发布。", "编号12345678901的工单已关闭。",
]
EN_FILLER = [
    "The meeting was moved to Thursday afternoon.", "Version 2.4.1 fixes 12 bugs and adds 3 features.",
    "Order 20231105123045001 has shipped.", "Total: 1,380.00 USD including tax.",
    "See page 138 of the 2019 annual report.", "Our office opens at 9 and closes at 18.",
]


def _fake_id(rng, codes):
    code = rng.choice(codes)
    body = f"{code}{rng.randint(1950, 2015)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return rid(body)


def _fake_hk(rng):
    while True:
        s = rng.choice("ABCDEGHKMPRVYZ") + f"{rng.randint(0, 999999):06d}"
        for c in "0123456789A":
            if hk_id_ok(s + c):
                return f"{s}({c})"


def _fake_tw(rng):
    while True:
        s = rng.choice("ABCDEFGHJKMNPQTUVWXZ") + rng.choice("12") + f"{rng.randint(0, 9999999):07d}"
        for c in "0123456789":
            if tw_id_ok(s + c):
                return s + c


def make_corpus(seed: int, n_docs: int):
    """(text, [(entity_type, span text)]) pairs of synthetic mixed text."""
    rng = random.Random(seed)
    codes = sorted(c for c, r in region_table().items() if c[4:] != "00" and c[0] != "8" and r[-1][1] == 9999)
    prefixes = sorted(MOBILE_PREFIXES)
    areas = ["010", "021", "020", "0755", "0571", "028", "0512", "0731"]
    provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
    serial = "ABCDEFGHJKLMNPQRSTUVWXYZ"

    def plant():
        kind = rng.randrange(12)
        if kind in (0, 1):
            v = _fake_id(rng, codes)
            if rng.random() < 0.3:
                v = f"{v[:6]} {v[6:14]} {v[14:]}"
            return "身份证号：", v, "CN_RESIDENT_ID"
        if kind in (2, 3):
            v = rng.choice(prefixes) + f"{rng.randint(0, 99999999):08d}"
            if rng.random() < 0.3:
                v = f"{v[:3]}-{v[3:7]}-{v[7:]}"
            return rng.choice(["手机", "Tel: ", "联系方式 "]), v, "CN_MOBILE_PHONE"
        if kind == 4:
            a = rng.choice(areas)
            local = str(rng.randint(2, 8)) + f"{rng.randint(0, 9999999):07d}"
            return "座机 ", f"{a}-{local}", "CN_LANDLINE_PHONE"
        if kind == 5:
            return "护照号码 ", "E" + f"{rng.randint(0, 99999999):08d}", "CN_PASSPORT"
        if kind == 6:
            return "港澳通行证 ", "C" + f"{rng.randint(0, 99999999):08d}", "CN_HK_MACAU_PERMIT"
        if kind == 7:
            return "台胞证 ", f"{rng.randint(10000000, 99999999)}", "CN_TAIWAN_PERMIT"
        if kind == 8:
            return "HKID ", _fake_hk(rng), "HK_ID"
        if kind == 9:
            return "身分證 ", _fake_tw(rng), "TW_ID"
        if kind == 10:
            sep = rng.choice(["", "·", " "])
            return "车牌 ", f"{rng.choice(provinces)}{rng.choice(serial)}{sep}{rng.randint(10000, 99999)}", "CN_LICENSE_PLATE"
        return rng.choice(["QQ：", "微信号 "]), f"{rng.randint(10000, 9999999999)}" if rng.random() < 0.5 else (
            rng.choice("abcdefghxyz") + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(rng.randint(5, 12)))
        ), "IM_ACCOUNT"

    docs = []
    for _ in range(n_docs):
        parts, gold = [], []
        for _ in range(rng.randint(3, 8)):
            parts.append(rng.choice(ZH_FILLER if rng.random() < 0.7 else EN_FILLER))
            if rng.random() < 0.25:
                cue, value, etype = plant()
                parts.append(cue + value + rng.choice(["。", "，", " ", "；"]))
                gold.append((etype, value))
        docs.append(("".join(parts), gold))
    return docs


def evaluate(detectors, docs):
    """Per-type (tp, fp, fn) counting exact (type, span text) matches."""
    stats: dict[str, list[int]] = {}
    for text, gold in docs:
        got = scan(detectors, text)
        g = list(gold)
        for item in got:
            s = stats.setdefault(item[0], [0, 0, 0])
            if item in g:
                g.remove(item)
                s[0] += 1
            else:
                s[1] += 1
        for item in g:
            stats.setdefault(item[0], [0, 0, 0])[2] += 1
    return stats


def test_synthetic_corpus_every_planted_identifier_found_and_no_filler_reported(detectors):
    stats = evaluate(detectors, make_corpus(seed=7, n_docs=300))
    missed = {t: s[2] for t, s in stats.items() if s[2]}
    false = {t: s[1] for t, s in stats.items() if s[1]}
    assert missed == {} and false == {}


EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"


def real_texts() -> list[str]:
    """Chinese and English sentences from ../shared/eval (no identifiers of
    ours are labelled there): background text for false positives and speed."""
    out: list[str] = []
    for name in ("cluener2020/train.json", "weibo_ner/train.jsonl", "resume_ner/train.jsonl",
                 "cn_address_parsing/dev.jsonl"):
        path = EVAL / name
        if path.is_file():
            out.extend(json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip())
    synth = EVAL / "presidio_research_synth" / "synth_dataset_v2.json"
    if synth.is_file():
        out.extend(r["full_text"] for r in json.loads(synth.read_text("utf-8")))
    return out


def realistic_corpus(seed: int, target_bytes: float, every_bytes: int = 2000) -> list[str]:
    """Real eval sentences shuffled into ~1 kB records, with one planted
    identifier about every ``every_bytes`` bytes."""
    rng = random.Random(seed)
    background = real_texts()
    planted = [t for t, _ in make_corpus(seed, 4000) if t]
    out, size, record, rec_size, since = [], 0, [], 0, 0
    while size < target_bytes:
        piece = rng.choice(background)
        record.append(piece)
        b = len(piece.encode("utf-8"))
        rec_size += b
        since += b
        if since >= every_bytes:
            record.append(rng.choice(planted))
            since = 0
        if rec_size >= 1000:
            text = "".join(record)
            out.append(text)
            size += len(text.encode("utf-8"))
            record, rec_size = [], 0
    return out


def throughput(dets, texts) -> None:
    size = sum(len(t.encode("utf-8")) for t in texts)
    docs = [ScanText(t) for t in texts]
    total = 0.0
    for d in dets:
        best = float("inf")
        for _ in range(3):  # best of three: the machine is shared
            t0 = time.process_time()
            for doc in docs:
                d.find(doc)
            best = min(best, time.process_time() - t0)
        dt = best
        total += dt
        print(f"  {d.NAME:18s} {size / 1e6 / dt:8.1f} MB/s")
    print(f"  {'all six':18s} {size / 1e6 / total:8.1f} MB/s  ({size / 1e6:.1f} MB, {len(texts)} texts, CPU time, best of 3)")


def main(argv: list[str]) -> None:
    """Accuracy per type on a held-out seed, findings on real text, throughput."""
    dets = [cls() for cls in DETECTOR_CLASSES]
    stats = evaluate(dets, make_corpus(seed=2024, n_docs=3000))
    print("synthetic corpus, seed 2024 (templates written with the detectors):")
    print("  type                 P      R      F1    (tp/fp/fn)")
    for t, (tp, fp, fn) in sorted(stats.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {t:20s} {p:.3f}  {r:.3f}  {f1:.3f}  ({tp}/{fp}/{fn})")
    background = real_texts()
    if background:
        counts: dict[str, int] = {}
        for text in background:
            for etype, _ in scan(dets, text):
                counts[etype] = counts.get(etype, 0) + 1
        size = sum(len(t.encode("utf-8")) for t in background) / 1e6
        print(f"findings on {len(background)} unlabelled eval texts ({size:.1f} MB; each one a false positive"
              f" unless the text really holds such an identifier): {counts}")
    mb = float(argv[0]) if argv else 4.0
    print("throughput, number-dense synthetic text (an identifier or a look-alike in most sentences):")
    texts, size = [], 0
    for text, _ in make_corpus(seed=99, n_docs=200000):
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= mb * 1e6:
            break
    throughput(dets, texts)
    if background:
        print("throughput, real eval sentences in 1 kB records, one planted identifier per ~2 kB:")
        throughput(dets, realistic_corpus(seed=5, target_bytes=mb * 1e6))


if __name__ == "__main__":
    main(sys.argv[1:])
