"""A labelled synthetic corpus: chats, résumés, medical Q&A, logs and forms in
Chinese, English and mixed text, with every entity type of spec/entities.md.

    python -m benchmarks.synth_corpus --n 3000 --seed 7 --out corpus.jsonl
    python -m benchmarks.synth_corpus --mb 20 --seed 1 --out big.jsonl --unlabelled

Each line: ``{"id", "text", "source", "entities": [{"start", "end", "label"}],
"categories": [...]}``, offsets in code points, end exclusive. ``categories``
lists the record's sensitive PIPL categories: those of its labelled spans,
which is what the pipeline's ``pipl_categories`` holds for a perfect scan.

Every value is synthetic: names are random pairs from short lists of common
surnames and given names, identifiers are random digits with valid check
digits (resident ID MOD 11-2, Luhn, IBAN mod-97, Hong Kong and Taiwan ID check
characters) so that a validating detector accepts them. Hard negatives carry
no label: order numbers, 14-digit timestamps, ISBNs, version strings, resident
IDs and cards with a wrong check digit, 19-digit runs, generic health
mentions and negated sensitive facts. Identifier variants test normalisation:
full-width digits, zero-width characters inside numbers, spaces and hyphens.

Cue spans (HEALTH_INFO…) cover the phrase that reveals the fact, e.g.
"确诊为2型糖尿病"; where a detector draws the edge of a cue is a matter of
taste, so cues are best scored at record level (``categories``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from detectors.checksums import iso7064_mod11_2_check_char, luhn_ok

# From spec/entities.md: the sensitive bucket of each entity type.
CATEGORY = {
    "CN_RESIDENT_ID": "specific_identity",
    "CN_PASSPORT": "specific_identity",
    "CN_HK_MACAU_PERMIT": "specific_identity",
    "CN_TAIWAN_PERMIT": "specific_identity",
    "HK_ID": "specific_identity",
    "MO_ID": "specific_identity",
    "TW_ID": "specific_identity",
    "US_SSN": "specific_identity",
    "CN_BANK_CARD": "financial_account",
    "CREDIT_CARD": "financial_account",
    "IBAN_CODE": "financial_account",
    "GEO_COORDINATES": "whereabouts",
    "HEALTH_INFO": "medical_health",
    "RELIGION_INFO": "religious_belief",
    "BIOMETRIC_INFO": "biometric",
    "MINOR_INFO": "minor",
    "LOCATION_TRACE": "whereabouts",
    "FINANCIAL_INFO": "financial_account",
    "SPECIFIC_IDENTITY_INFO": "specific_identity",
    "SEXUAL_ORIENTATION_INFO": "specific_identity",
}

SOURCES = {
    "chat": "im_chat_dump",
    "resume": "job_board_crawl",
    "medical": "health_forum_qa",
    "log": "app_server_logs",
    "form": "web_form_exports",
}

Piece = tuple[str, str | None]  # (surface, label or None)

# --------------------------------------------------------------------------
# word lists (common surnames and given names; combinations are synthetic)

ZH_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤") + ["欧阳", "司马", "诸葛", "上官"]
ZH_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宇浩然子涵思雨欣怡梓轩一诺佳琪雪梅晓东海燕春阳文博俊熙婷颖晨嘉鑫凯瑞彤瑶琳")
EN_FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Daniel", "Emily", "Matthew", "Olivia", "Andrew", "Hannah", "Kevin", "Rachel", "Brian", "Laura",
            "Priya", "Ahmed", "Sofia", "Lucas", "Chloe", "Ethan", "Grace", "Nathan", "Isabel", "Oscar"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
           "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "Allen", "Wright", "Scott", "Green",
           "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker"]

ZH_CITIES = [
    ("北京市", ["海淀区", "朝阳区", "东城区", "西城区", "丰台区"]),
    ("上海市", ["浦东新区", "徐汇区", "静安区", "黄浦区", "闵行区"]),
    ("广东省广州市", ["天河区", "越秀区", "海珠区", "番禺区"]),
    ("广东省深圳市", ["南山区", "福田区", "宝安区", "龙岗区"]),
    ("浙江省杭州市", ["西湖区", "上城区", "滨江区", "余杭区"]),
    ("江苏省南京市", ["玄武区", "鼓楼区", "建邺区", "江宁区"]),
    ("四川省成都市", ["武侯区", "锦江区", "青羊区", "高新区"]),
    ("湖北省武汉市", ["洪山区", "江汉区", "武昌区"]),
    ("陕西省西安市", ["雁塔区", "碑林区", "未央区"]),
    ("天津市", ["和平区", "南开区", "河西区"]),
    ("重庆市", ["渝中区", "江北区", "沙坪坝区"]),
    ("山东省青岛市", ["市南区", "崂山区", "黄岛区"]),
]
ZH_ROAD_STEMS = ["中山", "人民", "解放", "建设", "和平", "长江", "黄河", "科技", "文化", "学院", "滨河", "东风", "光明",
                 "新华", "青年", "胜利", "幸福", "朝阳", "迎宾", "金桥", "紫荆", "银杏"]
ZH_ROAD_KINDS = ["路", "大街", "大道", "街", "东路", "西路", "南路", "北路"]
ZH_COMMUNITIES = ["阳光花园", "锦绣家园", "碧水湾", "翠苑小区", "金色家园", "华府", "世纪城", "名都", "万科城", "绿地公馆"]

EN_STREETS = ["Maple", "Oak", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Sunset",
              "Highland", "River", "Church", "Mill", "Spring", "Franklin", "Lincoln", "Jefferson", "Madison"]
EN_STREET_KINDS = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Court", "Place", "St.", "Ave.", "Rd."]
EN_CITIES = [("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Portland", "OR", "972"), ("Columbus", "OH", "432"),
             ("Denver", "CO", "802"), ("Madison", "WI", "537"), ("Raleigh", "NC", "276"), ("Boston", "MA", "021"),
             ("Seattle", "WA", "981"), ("Phoenix", "AZ", "850")]

MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                   "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
                   "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199"]
AREA_CODES = {"010": 8, "021": 8, "022": 8, "023": 8, "020": 8, "024": 8, "025": 8, "027": 8, "028": 8, "029": 8,
              "0755": 8, "0571": 8, "0512": 8, "0532": 8, "0591": 8, "0731": 8, "0871": 8, "0451": 8, "0351": 8,
              "0311": 8, "0898": 8, "0760": 8}
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "hotmail.com",
                 "yahoo.com", "foxmail.com", "company.cn", "mail.example.org", "university.edu"]
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PLATE_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


@cache
def county_codes() -> tuple[str, ...]:
    """Six-digit county-level division codes (GB/T 2260) for resident IDs."""
    path = Path(__file__).resolve().parent.parent / "detectors" / "data" / "zh" / "admin_codes.tsv"
    codes = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            code, _from, to_year, name, *_ = line.split("\t") + [""] * 4
            if len(code) == 6 and code.isdigit() and not code.endswith("00") and not to_year and name != "市辖区":
                codes.append(code)
    # A few well-known codes keep the generator usable if the table moves.
    return tuple(codes) or ("110101", "110105", "310104", "440305", "330106", "510107", "420111", "610113")


# --------------------------------------------------------------------------
# value generators (pure functions of the RNG)


def digits(rng: random.Random, n: int, first_nonzero: bool = False) -> str:
    s = "".join(rng.choice(string.digits) for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = str(rng.randint(1, 9)) + s[1:]
    return s


def luhn_complete(prefix_and_body: str) -> str:
    """Append the Luhn check digit."""
    for d in string.digits:
        if luhn_ok(prefix_and_body + d):
            return prefix_and_body + d
    raise ValueError("unreachable: one digit always completes a Luhn sum")


def resident_id(rng: random.Random) -> str:
    year = rng.randint(1950, 2008)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    first17 = f"{rng.choice(county_codes())}{year:04d}{month:02d}{day:02d}{digits(rng, 3)}"
    return first17 + iso7064_mod11_2_check_char(first17)


def resident_id_bad_check(rng: random.Random) -> str:
    good = resident_id(rng)
    wrong = [c for c in "0123456789X" if c != good[-1]]
    return good[:-1] + rng.choice(wrong)


def unionpay_card(rng: random.Random) -> str:
    length = rng.choice([16, 16, 19])
    return luhn_complete("62" + digits(rng, length - 3))


def credit_card(rng: random.Random) -> str:
    brand = rng.choice(["visa", "visa", "mc", "amex"])
    if brand == "visa":
        return luhn_complete("4" + digits(rng, 14))
    if brand == "mc":
        return luhn_complete(str(rng.randint(51, 55)) + digits(rng, 13))
    return luhn_complete(rng.choice(["34", "37"]) + digits(rng, 12))


def card_bad_luhn(rng: random.Random, card: str) -> str:
    last = int(card[-1])
    return card[:-1] + str((last + rng.randint(1, 9)) % 10)


IBAN_FORMATS = {  # country: BBAN shape (n = digit, a = upper letter)
    "DE": "n" * 18,
    "GB": "aaaa" + "n" * 14,
    "FR": "n" * 23,
    "NL": "aaaa" + "n" * 10,
    "ES": "n" * 20,
    "IT": "a" + "n" * 22,
    "BE": "n" * 12,
    "CH": "n" * 17,
}


def iban(rng: random.Random) -> str:
    country = rng.choice(list(IBAN_FORMATS))
    bban = "".join(rng.choice(string.digits if c == "n" else string.ascii_uppercase) for c in IBAN_FORMATS[country])
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def hk_id(rng: random.Random) -> str:
    letter = rng.choice(string.ascii_uppercase)
    body = digits(rng, 6)
    total = 36 * 9 + (ord(letter) - 55) * 8 + sum(int(d) * w for d, w in zip(body, range(7, 1, -1)))
    check = (11 - total % 11) % 11
    return f"{letter}{body}({'A' if check == 10 else check})"


TW_LETTER_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))


def tw_id(rng: random.Random) -> str:
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVXYWZIO")
    code = TW_LETTER_CODES[letter]
    body = rng.choice("12") + digits(rng, 7)
    total = code // 10 + (code % 10) * 9 + sum(int(d) * w for d, w in zip(body, range(8, 0, -1)))
    check = (10 - total % 10) % 10
    return f"{letter}{body}{check}"


def mo_id(rng: random.Random) -> str:
    return f"{rng.choice('157')}{digits(rng, 6)}({rng.randint(0, 9)})"


def us_ssn(rng: random.Random) -> str:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + digits(rng, 8)


def format_mobile(rng: random.Random, m: str) -> str:
    style = rng.random()
    if style < 0.55:
        body = m
    elif style < 0.7:
        body = f"{m[:3]}-{m[3:7]}-{m[7:]}"
    elif style < 0.85:
        body = f"{m[:3]} {m[3:7]} {m[7:]}"
    else:
        body = m
    r = rng.random()
    if r < 0.12:
        return "+86 " + body
    if r < 0.18:
        return "+86" + body
    if r < 0.22:
        return "0086-" + body
    return body


def landline(rng: random.Random) -> str:
    code = rng.choice(list(AREA_CODES))
    local = str(rng.randint(2, 8)) + digits(rng, AREA_CODES[code] - 1)
    return rng.choice([f"{code}-{local}", f"{code}-{local}", f"({code}){local}", f"{code} {local[:4]} {local[4:]}"])


def intl_phone(rng: random.Random) -> str:
    kind = rng.choice(["us", "uk", "jp", "de", "hk", "sg", "fr"])
    if kind == "us":
        npa = rng.choice(["212", "415", "617", "312", "206", "646", "202", "303", "512", "404"])
        nxx = str(rng.randint(2, 9)) + digits(rng, 2)
        if nxx == "555":
            nxx = "556"
        line = digits(rng, 4)
        return rng.choice([f"+1 {npa}-{nxx}-{line}", f"({npa}) {nxx}-{line}", f"{npa}-{nxx}-{line}", f"+1 ({npa}) {nxx}-{line}"])
    if kind == "uk":
        return f"+44 20 7{digits(rng, 3)} {digits(rng, 4)}"
    if kind == "jp":
        return f"+81 3-{str(rng.randint(3, 6))}{digits(rng, 3)}-{digits(rng, 4)}"
    if kind == "de":
        return f"+49 30 {str(rng.randint(2, 9))}{digits(rng, 7)}"
    if kind == "hk":
        return f"+852 {rng.choice('5692')}{digits(rng, 3)} {digits(rng, 4)}"
    if kind == "sg":
        return f"+65 {rng.choice('89')}{digits(rng, 3)} {digits(rng, 4)}"
    return f"+33 1 {rng.randint(40, 79)} {digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)}"


def us_phone(rng: random.Random) -> str:
    npa = rng.choice(["212", "415", "617", "312", "206", "646", "202", "303", "512", "404"])
    nxx = str(rng.randint(2, 9)) + digits(rng, 2)
    if nxx == "555":
        nxx = "556"
    return rng.choice([f"({npa}) {nxx}-{digits(rng, 4)}", f"{npa}-{nxx}-{digits(rng, 4)}", f"+1 {npa} {nxx} {digits(rng, 4)}"])


PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
          "hu", "guo", "lin", "luo", "song", "tang", "han", "feng", "deng", "cao", "peng", "xiao", "tian", "dong"]


def email(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.35:
        local = f"{rng.choice(PINYIN)}{rng.choice(PINYIN)}{rng.randint(1, 999)}"
    elif style < 0.6:
        local = f"{rng.choice(EN_FIRST).lower()}.{rng.choice(EN_LAST).lower()}"
    elif style < 0.8:
        local = digits(rng, rng.randint(6, 10), first_nonzero=True)
    else:
        local = f"{rng.choice(EN_FIRST)[0].lower()}{rng.choice(EN_LAST).lower()}_{rng.randint(10, 99)}"
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def ipv4(rng: random.Random) -> str:
    return ".".join(str(x) for x in (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)))


def ipv6(rng: random.Random) -> str:
    groups = [f"{rng.randint(0, 0xffff):x}" for _ in range(8)]
    groups[0] = rng.choice(["2001", "2408", "240e", "2a02", "fe80"])
    if rng.random() < 0.5:
        return ":".join(groups[:3]) + "::" + ":".join(groups[6:])
    return ":".join(groups)


def plate(rng: random.Random) -> str:
    """Ordinary plates: five characters, at most two letters (GA 36-2018);
    new-energy plates: D/F then five more (small car) or five digits then D/F."""
    prov, letter = rng.choice(PLATE_PROVINCES), rng.choice(PLATE_LETTERS)
    r = rng.random()
    if r < 0.15:
        tail = rng.choice("DF") + rng.choice(PLATE_ALNUM) + digits(rng, 4)
    elif r < 0.22:
        tail = digits(rng, 5) + rng.choice("DF")
    else:
        chars = [rng.choice(string.digits) for _ in range(5)]
        for pos in rng.sample(range(5), rng.choice([0, 1, 1, 2])):
            chars[pos] = rng.choice(PLATE_LETTERS)
        tail = "".join(chars)
    sep = rng.choice(["", "", "·", " "])
    return f"{prov}{letter}{sep}{tail}"


def qq(rng: random.Random) -> str:
    return digits(rng, rng.randint(6, 10), first_nonzero=True)


def wechat(rng: random.Random) -> str:
    head = rng.choice(string.ascii_lowercase)
    if rng.random() < 0.3:
        return "wxid_" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(12))
    body = rng.choice(PINYIN) + rng.choice(["_", "", "-"]) + str(rng.randint(1, 9999))
    return head + body


def passport(rng: random.Random) -> str:
    """PRC ordinary passports: E + 8 digits, or E + letter + 7 digits; older G + 8."""
    prefix = rng.choice(["E", "G", "EA", "EB", "EC"])
    return prefix + digits(rng, 9 - len(prefix))


def hk_macau_permit(rng: random.Random) -> str:
    return rng.choice(["C", "C", "W"]) + digits(rng, 8)


def taiwan_permit(rng: random.Random) -> str:
    return "L" + digits(rng, 8)


def mtp_number(rng: random.Random) -> str:
    return digits(rng, 8, first_nonzero=True)


def geo(rng: random.Random) -> str:
    lat, lon = rng.uniform(18, 53), rng.uniform(73, 135)
    style = rng.random()
    if style < 0.4:
        return f"{lat:.6f}, {lon:.6f}"
    if style < 0.7:
        return f"{lat:.5f},{lon:.5f}"
    if style < 0.85:
        return f"N{lat:.4f}° E{lon:.4f}°"
    lat, lon = rng.uniform(25, 48), rng.uniform(-123, -71)
    return f"{lat:.5f}, {lon:.5f}"


def zh_name(rng: random.Random) -> str:
    given = "".join(rng.choice(ZH_GIVEN) for _ in range(rng.choice([1, 2, 2])))
    return rng.choice(ZH_SURNAMES) + given


def en_name(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"{rng.choice(EN_FIRST)} {rng.choice(string.ascii_uppercase)}. {rng.choice(EN_LAST)}"
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def zh_address(rng: random.Random) -> str:
    city, districts = rng.choice(ZH_CITIES)
    road = rng.choice(ZH_ROAD_STEMS) + rng.choice(ZH_ROAD_KINDS)
    num = f"{rng.randint(1, 999)}号"
    tail = rng.choice(["", "", f"{rng.randint(1, 30)}栋{rng.randint(1, 30)}0{rng.randint(1, 6)}室",
                       f"{rng.choice(ZH_COMMUNITIES)}{rng.randint(1, 20)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 2802)}",
                       f"{rng.randint(1, 30)}楼"])
    if rng.random() < 0.15:
        city = city.split("省")[-1]
    return f"{city}{rng.choice(districts)}{road}{num}{tail}"


def en_address(rng: random.Random) -> str:
    city, state, zip3 = rng.choice(EN_CITIES)
    street = f"{rng.randint(1, 9999)} {rng.choice(EN_STREETS)} {rng.choice(EN_STREET_KINDS)}"
    unit = rng.choice(["", "", f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}", f", Suite {rng.randint(100, 900)}"])
    return f"{street}{unit}, {city}, {state} {zip3}{digits(rng, 2)}"


# --------------------------------------------------------------------------
# identifier surface variants (normalisation tests)

FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in string.digits}
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff"]
VARIANT_TYPES = {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD", "CREDIT_CARD", "US_SSN", "CN_PASSPORT", "IM_ACCOUNT"}


def spaced_groups(value: str, groups: list[int], sep: str) -> str:
    out, i = [], 0
    for g in groups:
        out.append(value[i:i + g])
        i += g
    if i < len(value):
        out.append(value[i:])
    return sep.join(x for x in out if x)


def variant(rng: random.Random, label: str, value: str, rate: float) -> str:
    """Full-width digits or a zero-width character inside a number."""
    if label not in VARIANT_TYPES or rng.random() >= rate:
        return value
    if rng.random() < 0.5:
        return value.translate(FULLWIDTH)
    pos = rng.randint(2, max(2, len(value) - 2))
    return value[:pos] + rng.choice(ZERO_WIDTH) + value[pos:]


# --------------------------------------------------------------------------
# slots: each returns the pieces it contributes


def _bracketed(phrase: str, label: str) -> list[Piece]:
    """"是[穆斯林]" → literal "是" and a labelled "穆斯林"; no brackets: all labelled."""
    if "[" not in phrase:
        return [(phrase, label)]
    head, rest = phrase.split("[", 1)
    span, tail = rest.split("]", 1)
    return [p for p in ((head, None), (span, label), (tail, None)) if p[0]]


def _cue(label: str, phrases: list[str]) -> Callable[[random.Random], list[Piece]]:
    return lambda rng: _bracketed(rng.choice(phrases), label)


# Brackets mark the cue span when the phrase carries words that reveal
# nothing themselves ("is a", "是"); spec/entities.md examples guide the edges.
HEALTH_ZH = ["确诊为2型糖尿病", "患有高血压", "确诊抑郁症", "被诊断为乳腺癌早期", "HIV检测呈阳性", "患有哮喘",
             "确诊了甲状腺结节", "一直在吃降压药", "查出乙肝大三阳", "患有癫痫", "做过心脏搭桥手术", "确诊焦虑症"]
HEALTH_EN = ["was [diagnosed with type 2 diabetes]", "is [HIV positive]", "was [diagnosed with depression]",
             "has been [taking insulin]", "suffers from epilepsy", "tested positive for hepatitis B",
             "was [diagnosed with breast cancer]", "has [bipolar disorder]"]
SYMPTOM_ZH = ["发热咳嗽三天", "晚上总是咳嗽", "发烧两天了，38度5", "腹泻三天了", "起了一身红疹两天"]
SYMPTOM_EN = ["has a rash", "has had a fever of 39C since Monday", "has been coughing for a week"]
SYMPTOM_MIX = ["fever 39度", "咳嗽 for a week", "rash 两天了"]
RELIGION_ZH = ["是虔诚的[基督徒]", "是[穆斯林]", "是[佛教徒]", "[信仰天主教]", "是[伊斯兰教信徒]"]
RELIGION_EN = ["is a [practicing Buddhist]", "is a [devout Muslim]", "is a [practicing Catholic]",
               "is an [Orthodox Jew]", "is a [born-again Christian]"]
BIO_ZH = ["指纹信息", "人脸信息", "声纹", "虹膜数据", "面部识别数据"]
BIO_EN = ["fingerprint scan", "face template", "voiceprint", "iris scan", "facial recognition data"]
MINOR_ZH_FMT = ["今年{n}岁", "才[{n}岁]", "上小学{g}年级", "今年{n}周岁", "读小学{g}年级"]
MINOR_EN_FMT = ["is [{n} years old]", "is [{n} years old]", "is in [grade {g}]", "[just turned {n}]"]
TRACE_ZH = ["行程轨迹", "实时定位", "出行轨迹", "GPS轨迹", "定位记录"]
TRACE_EN = ["GPS trace", "location history", "real-time location", "movement trail", "check-in history"]
FIN_ZH = ["[征信有逾期记录]", "有三笔[逾期贷款]", "[存款]余额只有两千", "[信用卡欠款]五万", "[征信报告]显示负债很高"]
FIN_EN = ["has a poor [credit report]", "[defaulted on a loan]", "has [overdue credit card debt]",
          "has a [bankruptcy] on file"]
IDENT_ZH = ["有[犯罪记录]", "是[残疾人]", "因盗窃[被判过刑]", "持有[残疾证]", "曾被[行政拘留]"]
IDENT_EN = ["has a [criminal record]", "is [disabled]", "[served time] for fraud", "is registered as [disabled]"]
SEXOR_ZH = ["是[同性恋]", "是[双性恋]", "[出柜]了"]
SEXOR_EN = ["is [gay]", "is [openly lesbian]", "is [bisexual]"]

GENERIC_HEALTH_ZH = ["糖尿病的预防方法", "高血压患者的饮食建议", "这家诊所主要治疗糖尿病", "抑郁症的常见症状有哪些",
                     "流感疫苗的接种时间"]
GENERIC_HEALTH_EN = ["the clinic treats diabetes", "early signs of depression", "how to prevent heart disease",
                     "flu season tips", "the hospital has a new cancer wing"]
NEGATION_ZH = ["没有犯罪记录", "无不良征信记录", "没有任何病史", "不是穆斯林"]
NEGATION_EN = ["has no criminal record", "has never been diagnosed with anything", "no history of illness"]


def _minor(fmts: list[str]) -> Callable[[random.Random], list[Piece]]:
    return lambda rng: _bracketed(rng.choice(fmts).format(n=rng.randint(3, 13), g=rng.randint(1, 6)), "MINOR_INFO")


def _text(options: list[str]) -> Callable[[random.Random], list[Piece]]:
    return lambda rng: [(rng.choice(options), None)]


def _val(label: str | None, make: Callable[[random.Random], str]) -> Callable[[random.Random], list[Piece]]:
    return lambda rng: [(make(rng), label)]


def _rid(rng):
    v = resident_id(rng)
    r = rng.random()
    if r < 0.08:
        v = spaced_groups(v, [6, 8, 4], " ")
    elif r < 0.11:
        v = spaced_groups(v, [6, 8, 4], "-")
    return [(v, "CN_RESIDENT_ID")]


def _bankcard(rng):
    v = unionpay_card(rng)
    if rng.random() < 0.3:
        v = spaced_groups(v, [4, 4, 4, 4], rng.choice([" ", "-"]))
    return [(v, "CN_BANK_CARD")]


def _credit(rng):
    v = credit_card(rng)
    r = rng.random()
    if r < 0.4:
        groups = [4, 6, 5] if len(v) == 15 else [4, 4, 4, 4]
        v = spaced_groups(v, groups, rng.choice([" ", "-"]))
    return [(v, "CREDIT_CARD")]


def _iban(rng):
    v = iban(rng)
    if rng.random() < 0.5:
        v = spaced_groups(v, [4] * 9, " ")
    return [(v, "IBAN_CODE")]


def _ip(rng):
    return [(ipv6(rng) if rng.random() < 0.2 else ipv4(rng), "IP_ADDRESS")]


def _order_no(rng):
    return [(rng.choice(["2023", "2024", "2025"]) + digits(rng, 14), None)]


def _timestamp(rng):
    return [(f"{rng.randint(2019, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
             f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}", None)]


def _isbn(rng):
    body = "978" + "7" + digits(rng, 8)
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    check = (10 - total % 10) % 10
    return [(f"{body[:3]}-{body[3]}-{body[4:7]}-{body[7:12]}-{check}", None)]


def _version(rng):
    return [(rng.choice(["v", "", "V"]) + f"{rng.randint(1, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}", None)]


def _digits19(rng):
    while True:
        v = digits(rng, 19, first_nonzero=True)
        if not luhn_ok(v):
            return [(v, None)]


def _bad_card(rng):
    return [(card_bad_luhn(rng, unionpay_card(rng)), None)]


def _bad_rid(rng):
    return [(resident_id_bad_check(rng), None)]


def _amount(rng):
    return [(f"{rng.randint(10, 99999)}.{rng.randint(0, 99):02d}", None)]


def _hexid(rng):
    return [("".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([16, 32]))), None)]


SLOTS: dict[str, Callable[[random.Random], list[Piece]]] = {
    "zh_name": _val("PERSON", zh_name),
    "en_name": _val("PERSON", en_name),
    "zh_addr": _val("ADDRESS", zh_address),
    "en_addr": _val("ADDRESS", en_address),
    "mobile": lambda rng: [(format_mobile(rng, mobile(rng)), "CN_MOBILE_PHONE")],
    "landline": _val("CN_LANDLINE_PHONE", landline),
    "intl_phone": _val("PHONE_NUMBER", intl_phone),
    "us_phone": _val("PHONE_NUMBER", us_phone),
    "email": _val("EMAIL_ADDRESS", email),
    "ip": _ip,
    "ipv4": _val("IP_ADDRESS", ipv4),
    "plate": _val("CN_LICENSE_PLATE", plate),
    "qq": _val("IM_ACCOUNT", qq),
    "wechat": _val("IM_ACCOUNT", wechat),
    "rid": _rid,
    "passport": _val("CN_PASSPORT", passport),
    "hkm_permit": _val("CN_HK_MACAU_PERMIT", hk_macau_permit),
    "tw_permit": _val("CN_TAIWAN_PERMIT", taiwan_permit),
    "mtp": _val("CN_TAIWAN_PERMIT", mtp_number),
    "hkid": _val("HK_ID", hk_id),
    "moid": _val("MO_ID", mo_id),
    "twid": _val("TW_ID", tw_id),
    "ssn": _val("US_SSN", us_ssn),
    "bankcard": _bankcard,
    "credit": _credit,
    "iban": _iban,
    "geo": _val("GEO_COORDINATES", geo),
    "health_zh": _cue("HEALTH_INFO", HEALTH_ZH),
    # A particular person's current symptom (with a duration, a reading or a
    # habit) is health information (GB/T 35273 Appendix B: 病症, 现病史).
    "symptom_zh": _cue("HEALTH_INFO", SYMPTOM_ZH),
    "symptom_en": _cue("HEALTH_INFO", SYMPTOM_EN),
    "symptom_mix": _cue("HEALTH_INFO", SYMPTOM_MIX),
    "health_en": _cue("HEALTH_INFO", HEALTH_EN),
    "religion_zh": _cue("RELIGION_INFO", RELIGION_ZH),
    "religion_en": _cue("RELIGION_INFO", RELIGION_EN),
    "bio_zh": _cue("BIOMETRIC_INFO", BIO_ZH),
    "bio_en": _cue("BIOMETRIC_INFO", BIO_EN),
    "minor_zh": _minor(MINOR_ZH_FMT),
    "minor_en": _minor(MINOR_EN_FMT),
    "trace_zh": _cue("LOCATION_TRACE", TRACE_ZH),
    "trace_en": _cue("LOCATION_TRACE", TRACE_EN),
    "fin_zh": _cue("FINANCIAL_INFO", FIN_ZH),
    "fin_en": _cue("FINANCIAL_INFO", FIN_EN),
    "ident_zh": _cue("SPECIFIC_IDENTITY_INFO", IDENT_ZH),
    "ident_en": _cue("SPECIFIC_IDENTITY_INFO", IDENT_EN),
    "sexor_zh": _cue("SEXUAL_ORIENTATION_INFO", SEXOR_ZH),
    "sexor_en": _cue("SEXUAL_ORIENTATION_INFO", SEXOR_EN),
    # hard negatives: no label
    "order_no": _order_no,
    "timestamp": _timestamp,
    "isbn": _isbn,
    "version": _version,
    "digits19": _digits19,
    "bad_card": _bad_card,
    "bad_rid": _bad_rid,
    "amount": _amount,
    "hexid": _hexid,
    "generic_health_zh": _text(GENERIC_HEALTH_ZH),
    "generic_health_en": _text(GENERIC_HEALTH_EN),
    "negation_zh": _text(NEGATION_ZH),
    "negation_en": _text(NEGATION_EN),
}

# --------------------------------------------------------------------------
# templates: genre → language → sentences with {slot}s. Records join one to
# four sentences of one genre, so combinations vary far beyond the list.

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "chat": {
        "zh": [
            "{zh_name}，你的快递到了，放在{zh_addr}门卫室，有事打我电话{mobile}。",
            "加我微信{wechat}吧，或者QQ：{qq}也行。",
            "我是{zh_name}，身份证号{rid}，帮我查一下订单{order_no}的进度。",
            "你好，我的银行卡号是{bankcard}，开户人{zh_name}，麻烦尽快打款。",
            "今天陪我爸去医院，医生说他{health_zh}，心情很差。",
            "我儿子{minor_zh}，想报个周末的编程班，有推荐吗？",
            "群里谁有{zh_name}的联系方式？好像是{mobile}。",
            "我的车牌{plate}昨天在{zh_addr}门口被贴了罚单。",
            "我同事{zh_name}{religion_zh}，周五聚餐记得别点猪肉。",
            "系统升级到{version}以后就登不上了，报错时间{timestamp}。",
            "别担心，他{negation_zh}，背调已经过了。",
            "这本书的ISBN是{isbn}，讲{generic_health_zh}的那章写得很好。",
            "刚收到短信说我{fin_zh}，赶紧打了客服电话{landline}。",
            "护照号码{passport}，{zh_name}，下周飞东京，帮忙订一下酒店。",
            "我把今天的{trace_zh}发你了，最后一个点是{geo}。",
            "公司门禁要重新录入{bio_zh}，我有点担心隐私。",
            "听说{zh_name}{sexor_zh}，不过这是人家的私事。",
            "我的港澳通行证{hkm_permit}快过期了，得去出入境续签。",
            "台胞证号码{mtp}，这次回来探亲用的。",
            "我的香港身份证号码是{hkid}，需要做实名认证。",
            "邮箱{email}，简历发这里就行，我是{zh_name}。",
            "转账失败，流水号{digits19}，金额{amount}元。",
            "卡号{bad_card}好像输错了，系统一直提示无效。",
            "我朋友{zh_name}{ident_zh}，找工作很难。",
            "座机{landline}白天有人接，晚上打手机{mobile}。",
            "往来台湾通行证号{tw_permit}，办团队游签注要用。",
            "我的澳门身份证号码是{moid}，在澳门工作。",
            "台湾身份证字号{twid}，表姐让我帮她填表。",
            "老婆的手机号是{mobile}，紧急联系人填她。",
            "孩子{minor_zh}，班主任让家长在群里报一下身份证号{rid}。",
            "今天去体检，查出{health_zh}，医生让我三个月后复查。",
            "我家地址：{zh_addr}，收件人{zh_name}，电话{mobile}。",
        ],
        "en": [
            "Hey, it's {en_name}. Call me at {us_phone} when you land.",
            "My email is {email}, send the contract there.",
            "Just so you know, {en_name} {health_en} last year, so go easy on him.",
            "Package left at {en_addr}, signed by {en_name}.",
            "Her son {minor_en} and already plays chess online.",
            "Can you wire it to {iban}? Reference {order_no}.",
            "My card {credit} got declined again, amount {amount}.",
            "Office line is {intl_phone}, ask for {en_name}.",
            "The server at {ip} keeps timing out since build {version}.",
            "Don't worry, he {negation_en}.",
            "Fun fact: {generic_health_en}.",
            "My neighbour {en_name} {religion_en}, so no party on Saturday.",
            "I shared my {trace_en} with you, last point {geo}.",
            "The new phone stores a {bio_en} for unlock, creepy.",
            "Between us, {en_name} {sexor_en}, keep it quiet.",
            "Heads up: {en_name} {fin_en}, the landlord checked.",
            "He {ident_en}, HR found it in the background check.",
            "SSN for the form is {ssn}, name {en_name}.",
            "Book ISBN {isbn} is the one about {generic_health_en}.",
            "Her Taiwan ID is {twid} and Macau ID card {moid}, both on the visa form.",
            "Ping me on WeChat: {wechat} or QQ {qq}.",
        ],
        "mix": [
            "hi {en_name}，我的微信是{wechat}，add me吧。",
            "明天meeting改到下午，有问题call我{mobile}。",
            "Order {order_no}已发货，收件地址{zh_addr}。",
            "我的email是{email}，resume已经发你了。",
            "这个bug在{version}里修了，log时间戳{timestamp}。",
            "{zh_name}说他{health_zh}，这周不能来上班了，sorry。",
            "card number {bankcard} 是工资卡，别弄错了。",
            "passport护照号：{passport}，name: {zh_name}。",
        ],
    },
    "resume": {
        "zh": [
            "姓名：{zh_name}　性别：女　出生年月：1992年5月",
            "联系电话：{mobile}　电子邮箱：{email}",
            "现居住地：{zh_addr}",
            "身份证号码：{rid}",
            "{zh_name}，男，汉族，本科学历，工程师，曾任某科技公司项目经理。",
            "2016年至2020年就读于某大学计算机学院，导师{zh_name}教授。",
            "工作经历：2020.07—至今 某互联网公司 后端开发，负责订单系统（单号规则如{order_no}）。",
            "自我评价：性格开朗，{negation_zh}，能吃苦耐劳。",
            "健康状况：良好。",
            "紧急联系人：{zh_name}，电话{mobile}。",
            "求职意向：数据分析师，期望薪资面议，QQ：{qq}。",
            "技能：Python、SQL、Spark {version}、Beam。",
            "证书：英语六级，证书编号{timestamp}。",
            "户籍地址：{zh_addr}，政治面貌：群众。",
            "备注：本人{ident_zh}，已如实告知。",
            "工资卡开户行：工商银行，银行卡号：{bankcard}",
            "家庭成员：女儿{minor_zh}。",
            "宗教信仰：{religion_zh}。",
        ],
        "en": [
            "{en_name} | {email} | {us_phone}",
            "Address: {en_addr}",
            "Senior data engineer with 8 years of experience building pipelines in Python and Java.",
            "References available from {en_name}, former manager, at {email}.",
            "Education: B.S. Computer Science, graduated 2014. Thesis advisor: {en_name}.",
            "Skills: Apache Beam, Spark {version}, Kubernetes, SQL.",
            "Volunteer: reading mentor for a student who {minor_en}.",
            "Personal: {negation_en}; clean driving licence.",
            "Phone: {intl_phone} (mobile, WhatsApp)",
            "LinkedIn profile id {hexid}.",
        ],
        "mix": [
            "Name 姓名：{zh_name}　Email：{email}",
            "Tel 电话：{mobile}　Address 地址：{zh_addr}",
            "Skills 技能：Python、Go、Beam {version}",
            "Emergency contact 紧急联系人：{en_name}, {intl_phone}",
            "ID 身份证：{rid}",
            "WeChat 微信：{wechat}",
        ],
    },
    "medical": {
        "zh": [
            "问：医生您好，我{health_zh}三年了，最近血糖一直控制不好怎么办？",
            "答：建议规律饮食，按时复诊，必要时调整用药。",
            "问：{generic_health_zh}？答：注意作息，均衡饮食。",
            "患者{zh_name}，女，{minor_zh}，因{symptom_zh}就诊。",
            "患者{zh_name}，男，52岁，{health_zh}，住院号{order_no}。",
            "家属联系电话{mobile}，家庭住址{zh_addr}。",
            "问：孩子{minor_zh}，{symptom_zh}，需要去医院吗？",
            "就诊卡号关联身份证{rid}，医保已结算{amount}元。",
            "答：{generic_health_zh}可以参考相关指南，这里不能代替面诊。",
            "问：我妈妈{health_zh}，能不能吃保健品？",
            "医院采集了{bio_zh}用于自助挂号机的身份核验。",
            "问：体检报告说我{negation_zh}，那为什么总是头晕？",
            "主治医生{zh_name}，科室电话{landline}。",
            "复查时间：{timestamp}，请携带之前的检查单。",
            "病友群里{zh_name}说自己{health_zh}，想找同样情况的人交流。",
            "问：我是{religion_zh}，住院期间饮食有什么需要提前说明的吗？",
            "问：我{fin_zh}，还能申请大病救助吗？",
        ],
        "en": [
            "Q: My husband {health_en} and his feet are swelling, should we worry?",
            "A: Please see your doctor; swelling can have many causes.",
            "Q: What are {generic_health_en}? A: Sleep, diet and regular checkups matter.",
            "Patient {en_name}, DOB 1961-03-14, {health_en}; contact {us_phone}.",
            "Q: My daughter {minor_en} and {symptom_en}, is it contagious?",
            "Discharge summary sent to {email}; MRN {order_no}.",
            "Q: My wife {health_en} — can she still donate blood?",
            "The clinic stores a {bio_en} at check-in.",
            "Note: patient {negation_en}.",
            "Billing: card on file {credit}, insurance member id {hexid}.",
            "Home address on record: {en_addr}.",
        ],
        "mix": [
            "问：我的HbA1c是7.8，{health_zh}，需要打insulin吗？",
            "Patient {zh_name}，contact {mobile}，{health_zh}。",
            "答：{generic_health_zh}，see the guideline for details。",
            "Q: 孩子{minor_zh}，{symptom_mix}，怎么办？",
        ],
    },
    "log": {
        "zh": [
            "2024-03-05 12:30:45 INFO 用户登录成功 手机号={mobile} IP={ip}",
            "[{timestamp}] 订单{order_no}支付完成，银行卡{bankcard}，金额{amount}",
            "WARN 实名认证失败：身份证{bad_rid}校验位错误",
            "INFO 实名认证通过：姓名={zh_name} 身份证={rid}",
            "DEBUG 定位上报 坐标={geo} 设备={hexid}",
            "INFO 用户{zh_name}更新收货地址为{zh_addr}",
            "ERROR 流水号{digits19}重复提交",
            "INFO 版本{version}发布完成，耗时{amount}秒",
            "INFO 车辆{plate}驶入停车场，时间{timestamp}",
            "INFO 用户开启{trace_zh}上报，最新位置{geo}",
            "WARN 银行卡{bad_card}未通过校验",
            "INFO 采集{bio_zh}成功，用户ID {hexid}",
        ],
        "en": [
            "2024-03-05T12:30:45Z INFO login ok user={email} ip={ip} session={hexid}",
            "[{timestamp}] payment ok order={order_no} card={credit} amount={amount}",
            "GET /api/v2/users?email={email} 200 from {ipv4} build {version}",
            "INFO sepa transfer iban={iban} amount={amount} EUR ref={order_no}",
            "DEBUG geo fix lat,lon={geo} device={hexid}",
            "WARN ssn check failed for request {hexid}",
            "INFO kyc verified name=\"{en_name}\" ssn={ssn}",
            "INFO client {ip} upgraded to {version}",
            "ERROR sequence {digits19} rejected: duplicate",
            "INFO isbn lookup {isbn} ok",
            "INFO sms sent to {intl_phone} template=otp",
            "INFO shipping label created for {en_addr}",
        ],
        "mix": [
            "INFO 用户 user={zh_name} phone={mobile} ip={ip}",
            "INFO kyc 身份证 id_card={rid} status=PASS",
            "DEBUG wechat_id={wechat} 绑定成功",
            "INFO 绑卡 bind_card card_no={bankcard} ts={timestamp}",
            "INFO passport 护照 doc_no={passport} ok",
        ],
    },
    "form": {
        "zh": [
            "姓名：{zh_name}\n身份证号：{rid}\n手机：{mobile}\n住址：{zh_addr}",
            "申请人：{zh_name}\n联系电话：{landline}\n电子邮箱：{email}\n开户银行卡号：{bankcard}",
            "访客登记\n姓名：{zh_name}\n车牌号：{plate}\n来访时间：{timestamp}",
            "入学登记表\n学生姓名：{zh_name}\n年龄：{minor_zh}\n家长：{zh_name}\n家长电话：{mobile}",
            "出境备案\n姓名：{zh_name}\n护照号：{passport}\n港澳通行证：{hkm_permit}",
            "香港居民登记\n姓名：{zh_name}\n香港身份证：{hkid}\n内地手机：{mobile}",
            "澳门居民登记\n姓名：{zh_name}\n澳门身份证：{moid}\n联系邮箱：{email}",
            "台湾居民登记\n姓名：{zh_name}\n台湾身份证：{twid}\n台胞证号码：{mtp}",
            "会员注册\n昵称：小鱼\nQQ号：{qq}\n微信号：{wechat}",
            "贷款申请\n申请人：{zh_name}\n身份证号：{rid}\n说明：本人{fin_zh}",
            "健康申报\n姓名：{zh_name}\n既往病史：{health_zh}\n紧急联系人电话：{mobile}",
            "健康申报\n姓名：{zh_name}\n既往病史：无\n说明：{negation_zh}",
            "退货单\n订单号：{order_no}\n快递单号：{digits19}\n退款金额：{amount}",
            "员工档案\n姓名：{zh_name}\n宗教信仰：{religion_zh}\n工资卡：{bankcard}",
            "门禁授权\n员工：{zh_name}\n采集项目：{bio_zh}\n工号：{hexid}",
            "政审表\n姓名：{zh_name}\n身份证：{rid}\n情况说明：{ident_zh}",
            "出行登记\n姓名：{zh_name}\n近14天{trace_zh}：已上传\n最后位置：{geo}",
            "往来台湾通行证申请\n姓名：{zh_name}\n证件号码：{tw_permit}",
            "无效信息示例\n证件：{bad_rid}\n卡号：{bad_card}\n图书：{isbn}",
        ],
        "en": [
            "Name: {en_name}\nSSN: {ssn}\nPhone: {us_phone}\nAddress: {en_addr}\nEmail: {email}",
            "Payment details\nCardholder: {en_name}\nCard number: {credit}\nBilling address: {en_addr}",
            "Wire transfer\nBeneficiary: {en_name}\nIBAN: {iban}\nReference: {order_no}",
            "Enrollment\nStudent: {en_name}, who {minor_en}\nGuardian: {en_name}\nGuardian phone: {us_phone}",
            "Medical intake\nPatient: {en_name}\nHistory: patient {health_en}\nEmergency contact: {intl_phone}",
            "Medical intake\nPatient: {en_name}\nHistory: none; {negation_en}",
            "Device registration\nOwner: {en_name}\nLast IP: {ip}\nLocation: {geo}",
            "Background check\nCandidate: {en_name}\nFinding: candidate {ident_en}",
            "Access badge\nEmployee: {en_name}\nEnrolled: {bio_en}",
            "Tenant screening\nApplicant: {en_name}\nNote: applicant {fin_en}\nPrevious address: {en_addr}",
            "Return form\nOrder: {order_no}\nTracking: {digits19}\nRefund: {amount}",
            "Release notes for {version}, ISBN {isbn}, build {hexid}",
        ],
        "mix": [
            "Name 姓名：{zh_name}\nMobile 手机：{mobile}\nEmail 邮箱：{email}\nIP：{ip}",
            "Applicant 申请人：{en_name}\nPassport 护照号：{passport}\nHKID 香港身份证：{hkid}",
            "Card 卡号：{credit}\nIBAN：{iban}\nOrder 订单：{order_no}",
            "Guardian 监护人：{zh_name}\nChild age 孩子年龄：{minor_zh}\nAddress 地址：{zh_addr}",
        ],
    },
}

_SLOT_RE = re.compile(r"\{(\w+)\}")


def render(template: str, rng: random.Random, variant_rate: float) -> list[Piece]:
    pieces: list[Piece] = []
    pos = 0
    for m in _SLOT_RE.finditer(template):
        if m.start() > pos:
            pieces.append((template[pos:m.start()], None))
        for surface, label in SLOTS[m.group(1)](rng):
            pieces.append((variant(rng, label, surface, variant_rate) if label else surface, label))
        pos = m.end()
    if pos < len(template):
        pieces.append((template[pos:], None))
    return pieces


def make_record(rng: random.Random, idx: int, variant_rate: float = 0.08) -> dict:
    genre = rng.choices(list(TEMPLATES), weights=[3, 2, 2, 2, 2])[0]
    lang = rng.choices(["zh", "en", "mix"], weights=[5, 3, 2])[0]
    pool = TEMPLATES[genre][lang]
    n = rng.choice([1, 1, 2, 2, 3, 4]) if genre != "form" else 1
    joiner = "\n" if genre in ("log", "form", "resume") else rng.choice(["", " ", "\n"])
    if lang == "en" and joiner == "":
        joiner = " "
    text_parts: list[str] = []
    entities: list[dict] = []
    offset = 0
    for k, template in enumerate(rng.sample(pool, min(n, len(pool)))):
        if k:
            text_parts.append(joiner)
            offset += len(joiner)
        for surface, label in render(template, rng, variant_rate):
            if label:
                entities.append({"start": offset, "end": offset + len(surface), "label": label})
            text_parts.append(surface)
            offset += len(surface)
    text = "".join(text_parts)
    cats = sorted({CATEGORY[e["label"]] for e in entities if e["label"] in CATEGORY})
    return {"id": f"synth-{idx:07d}", "text": text, "source": SOURCES[genre], "entities": entities, "categories": cats}


def generate(n: int, seed: int = 7, variant_rate: float = 0.08) -> Iterator[dict]:
    """``n`` labelled records; the same (n, seed) always gives the same corpus."""
    rng = random.Random(seed)
    for i in range(n):
        yield make_record(rng, i, variant_rate)


def generate_bytes(target_bytes: int, seed: int = 1) -> Iterator[dict]:
    """Records until their text fields total ``target_bytes`` of UTF-8."""
    rng = random.Random(seed)
    total, i = 0, 0
    while total < target_bytes:
        rec = make_record(rng, i)
        total += len(rec["text"].encode("utf-8"))
        i += 1
        yield rec


def write_jsonl(records: Iterator[dict], out: Path, labelled: bool = True) -> tuple[int, int]:
    """Write records; returns (records, text bytes)."""
    n = nbytes = 0
    with Path(out).open("w", encoding="utf-8") as fh:
        for rec in records:
            if not labelled:
                rec = {"id": rec["id"], "text": rec["text"], "source": rec["source"]}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            nbytes += len(rec["text"].encode("utf-8"))
    return n, nbytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.synth_corpus", description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--n", type=int, default=3000, help="number of records")
    size.add_argument("--mb", type=float, help="instead of --n: generate this many MB (10^6 bytes) of text")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--unlabelled", action="store_true", help="write only id, text, source")
    args = ap.parse_args(argv)
    records = generate_bytes(int(args.mb * 1_000_000), args.seed) if args.mb else generate(args.n, args.seed)
    n, nbytes = write_jsonl(records, args.out, labelled=not args.unlabelled)
    print(f"wrote {n} records, {nbytes} bytes of text, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
