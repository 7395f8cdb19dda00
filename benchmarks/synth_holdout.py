"""A second, independently written labelled synthetic corpus.

    python -m benchmarks.synth_holdout --n 2000 --seed 101 --out holdout.jsonl
    python -m benchmarks.accuracy --sets synth --synth holdout.jsonl --no-presidio

``benchmarks.synth_corpus`` is the corpus the detectors were tuned on, so its
scores are optimistic. This generator was written without reading that
generator's templates or the detectors' lexicons: its sentence frames, name
lists, number formats and hard negatives are its own, so the gap between the
two scores estimates how much tuning leaked into the figures.

Output is the same JSONL as ``synth_corpus``: ``id``, ``text``, ``source``,
``entities`` (code-point ``start``/``end``, end exclusive, ``label``) and
``categories`` (the record's sensitive PIPL categories). Two extra fields help
error analysis and are ignored by the loader: ``genre`` and ``tags`` (which
hard negatives and cue kinds the record contains).

Labelling conventions (each a choice someone could make differently):

* phone spans include a ``+86``/``0086``/``+1`` prefix and the parentheses
  around an area code; number spans include their inner spaces and hyphens;
* a name followed by a title (张伟先生, Dr. Maya Okafor) is labelled without
  the title; surname-plus-title forms (王先生) are not generated at all;
* an address span runs from the first administrative unit (or house number)
  to the last unit of the street address (室/号/zip code), without the cue;
* IM_ACCOUNT spans hold only the account, never the cue word;
* sensitive cues are labelled at record level only (``categories``); cue spans
  are not labelled, so cue-span precision is not measured here;
* ``categories`` also holds the categories implied by labelled identifiers
  (an ID number makes the record ``specific_identity``, a card
  ``financial_account``, coordinates ``whereabouts``).

Every value is invented; checksummed identifiers are valid and every hard
negative fails its validator (see ``tests/test_synth_holdout.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys

import phonenumbers
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

# --------------------------------------------------------------------------
# categories implied by identifier labels (entities.md)

LABEL_CATEGORY = {
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
}

# --------------------------------------------------------------------------
# check digits, written here rather than imported so the corpus does not share
# code with what it measures; the tests cross-check against detectors.checksums


def id18_check(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(first17, weights))
    return "10X98765432"[total % 11]


def luhn_complete(partial: str) -> str:
    """Append the digit that makes ``partial`` Luhn-valid."""
    total = 0
    for i, c in enumerate(reversed(partial)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _iban_numeric(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def iban_with_check(country: str, bban: str) -> str:
    check = 98 - _iban_numeric(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    return _iban_numeric(s[4:] + s[:4]) % 97 == 1


def hkid_check(letters: str, digits: str) -> str:
    vals = [36] if len(letters) == 1 else []
    vals += [ord(c) - 55 for c in letters]
    total = sum(v * w for v, w in zip(vals + [int(d) for d in digits], range(9, 1, -1)))
    r = (11 - total % 11) % 11
    return "A" if r == 10 else str(r)


TW_LETTER = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18, "K": 19,
    "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29,
    "W": 32, "X": 30, "Y": 31, "Z": 33,
}


def twid_check(letter: str, body8: str) -> str:
    n = TW_LETTER[letter]
    total = n // 10 + (n % 10) * 9 + sum(int(d) * w for d, w in zip(body8, range(8, 0, -1)))
    return str((10 - total % 10) % 10)


def isbn13_complete(first12: str) -> str:
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


# --------------------------------------------------------------------------
# vocabularies (typed for this generator; all people are invented)

REGIONS = ["110101", "110105", "110108", "310104", "310115", "440305", "440106", "510107", "330106",
           "320102", "420111", "610113", "120101", "500103", "210102", "370202", "350203", "430104"]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181",
                   "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"]
UNALLOCATED_MOBILE = ["100", "101", "102", "104", "110", "112", "120", "122", "127", "129"]
AREA_CODES = ["010", "021", "020", "022", "023", "024", "025", "027", "028", "029", "0755", "0571",
              "0512", "0532", "0731", "0591", "0871"]
BANK_PREFIXES = ["622202", "621700", "622848", "621483", "622588", "623058", "621226", "622700"]
PROVINCE_CHARS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
                "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴莫孔汤")
SURNAMES += ["欧阳", "司马", "上官", "诸葛"]
GIVEN_CHARS = list("伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚华建国文辉玲婷雪慧鹏宇浩然欣怡晨思雨泽轩梓萱子涵"
                   "博俊嘉佳琪瑞凯鑫彤悦颖婉曦晗铭睿楠航昊岚琳蕾薇莹婧翔斌亮峰帆露蓉晓梦瑶诗宁远志")
EN_FIRST = ["Olivia", "Liam", "Priya", "Arjun", "Mateo", "Sofia", "Kwame", "Amara", "Hiroshi", "Yuki",
            "Ingrid", "Lars", "Fatima", "Omar", "Chloe", "Ethan", "Nadia", "Dmitri", "Elena", "Tomasz",
            "Aoife", "Siobhan", "Rafael", "Lucia", "Chidi", "Zanele", "Marcus", "Beatriz", "Jonas", "Leila",
            "Declan", "Ruth", "Vikram", "Anika", "Gareth", "Isabelle", "Tariq", "Noor", "Felix", "Camille"]
EN_LAST = ["Okafor", "Lindqvist", "Nakamura", "Fernandez", "Kowalski", "O'Brien", "Patel", "Haddad",
           "Dubois", "Rossi", "Novak", "Andersen", "Mensah", "Silva", "Tanaka", "Ivanova", "Sutherland",
           "McAllister", "Whitaker", "Garrison", "Holloway", "Abernathy", "Castellanos", "Yilmaz",
           "Bergstrom", "Achebe", "Delacroix", "Thornton", "Kaminski", "Rahman", "Ferreira", "Osei"]
CN_PLACES = [("北京市", "朝阳区"), ("北京市", "海淀区"), ("上海市", "浦东新区"), ("上海市", "徐汇区"),
             ("广东省深圳市", "南山区"), ("广东省广州市", "天河区"), ("四川省成都市", "武侯区"),
             ("浙江省杭州市", "西湖区"), ("江苏省南京市", "鼓楼区"), ("湖北省武汉市", "洪山区"),
             ("陕西省西安市", "雁塔区"), ("重庆市", "渝中区"), ("天津市", "和平区"), ("福建省厦门市", "思明区"),
             ("湖南省长沙市", "岳麓区"), ("山东省青岛市", "市南区")]
STREET_STEMS = ["建设", "人民", "解放", "中山", "和平", "新华", "文化", "科技", "创业", "光明", "长江",
                "青年", "学府", "滨河", "友谊", "振兴", "幸福", "望江", "金桥", "枫林"]
STREET_KINDS = ["路", "大道", "街", "东路", "西路", "南街"]
COMPOUNDS = ["阳光花园", "锦绣家园", "翠湖苑", "金色港湾", "绿城小区", "华府名邸", "丽景湾", "长青公寓"]
EN_STREETS = ["Maple", "Oakridge", "Birchwood", "Harbor", "Kingsley", "Willow Creek", "Lakeview", "Chestnut",
              "Juniper", "Meadowbrook", "Sycamore", "Ashford"]
EN_STREET_KINDS = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Court"]
US_CITIES = [("Portland", "OR", "972"), ("Austin", "TX", "787"), ("Madison", "WI", "537"), ("Denver", "CO", "802"),
             ("Raleigh", "NC", "276"), ("Tucson", "AZ", "857"), ("Columbus", "OH", "432"), ("Boise", "ID", "837")]
EMAIL_DOMAINS = ["163.com", "126.com", "qq.com", "gmail.com", "outlook.com", "foxmail.com", "sina.cn",
                 "yahoo.co.uk", "proton.me", "hotmail.com", "mail.tsinghua.edu.cn", "northwind-corp.com"]
PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
          "zhu", "hu", "lin", "luo", "zheng", "xie", "tang"]
PINYIN_GIVEN = ["wei", "fang", "min", "jing", "lei", "jun", "yang", "tao", "ming", "chao", "hui", "peng",
                "yu", "hao", "xin", "yi", "chen", "si", "ze", "rui", "kai", "yue", "ying", "lin", "xiao"]
CHAT_HANDLES = ["🍊橘子汽水", "大白兔", "Lucky🍀", "追风少年", "momo", "深夜食堂", "🐱喵喵", "打工人",
                "summer_rain", "小太阳☀️", "奶茶续命", "Kiki酱", "老铁666", "晴天☁️"]
EMOJI = ["😂", "👍", "🙏", "😭", "🤔", "❤️", "🎉", "😅", "[捂脸]", "[呲牙]", "[OK]", ""]
ORG_NEGATIVES = ["华为技术有限公司", "阿里巴巴集团", "招商银行", "王府井百货", "张家界国家森林公园", "周庄古镇",
                 "李宁体育用品", "海底捞火锅", "武汉长江大桥", "黄山风景区", "高德地图", "程序员客栈"]
EN_ORG_NEGATIVES = ["Johnson & Johnson", "Ford Motor Company", "Morgan Stanley", "Wells Fargo", "Jordan Valley",
                    "Victoria Station", "Washington University", "Lincoln Center", "Marshall Islands"]
ZH_COMMON_NEG = ["谢谢", "高兴", "王者荣耀", "张开嘴", "高明", "程序", "文件夹", "白天", "金色", "马上", "周末",
                 "江山", "黄金周", "林荫道", "方便", "石头", "明天见"]


# --------------------------------------------------------------------------
# record builder


class Record:
    """Accumulates text pieces and the labelled spans among them."""

    def __init__(self, genre: str, source: str):
        self.genre = genre
        self.source = source
        self._parts: list[str] = []
        self._len = 0
        self.entities: list[dict] = []
        self.categories: set[str] = set()
        self.tags: list[str] = []

    def t(self, s: str) -> "Record":
        self._parts.append(s)
        self._len += len(s)
        return self

    def e(self, label: str, s: str) -> "Record":
        self.entities.append({"start": self._len, "end": self._len + len(s), "label": label})
        if label in LABEL_CATEGORY:
            self.categories.add(LABEL_CATEGORY[label])
        return self.t(s)

    def cue(self, category: str, s: str, tag: str) -> "Record":
        self.categories.add(category)
        self.tags.append(tag)
        return self.t(s)

    def neg(self, s: str, tag: str) -> "Record":
        self.tags.append(tag)
        return self.t(s)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def as_dict(self, rid: str) -> dict:
        return {
            "id": rid,
            "text": self.text,
            "source": self.source,
            "genre": self.genre,
            "entities": sorted(self.entities, key=lambda x: x["start"]),
            "categories": sorted(self.categories),
            "tags": sorted(set(self.tags)),
        }


FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


class Values:
    """Fresh invented values, in varied surface forms."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def digits(self, n: int, first: str = "0123456789") -> str:
        return self.r.choice(first) + "".join(self.r.choice("0123456789") for _ in range(n - 1))

    def maybe_fullwidth(self, s: str, p: float = 0.08) -> str:
        return s.translate(FULLWIDTH) if self.r.random() < p else s

    # ---- people and places
    def zh_name(self) -> str:
        given = "".join(self.r.choice(GIVEN_CHARS) for _ in range(self.r.choice([1, 2, 2, 2])))
        return self.r.choice(SURNAMES) + given

    def en_name(self) -> str:
        return f"{self.r.choice(EN_FIRST)} {self.r.choice(EN_LAST)}"

    def zh_address(self) -> str:
        prov_city, district = self.r.choice(CN_PLACES)
        if self.r.random() < 0.25 and "省" in prov_city:
            prov_city = prov_city.split("省", 1)[1]
        form = self.r.random()
        if form < 0.12:
            # Shanghai lane numbering: 路…弄…号
            return f"上海市{self.r.choice(['徐汇区', '静安区', '长宁区'])}{self.r.choice(STREET_STEMS)}路{self.r.randint(10, 999)}弄{self.r.randint(1, 60)}号{self.r.randint(1, 6)}0{self.r.randint(1, 4)}室"
        if form < 0.22:
            # county, town and village: no street at all
            return (f"{self.r.choice(['四川省成都市郫都区', '浙江省湖州市安吉县', '河南省洛阳市伊川县', '江西省赣州市于都县'])}"
                    f"{self.r.choice(['城关', '新店', '白马', '柳溪'])}镇{self.r.choice(['石羊', '桃园', '河口', '前进'])}村{self.r.randint(1, 9)}组{self.r.randint(1, 80)}号")
        if form < 0.32:
            return f"{prov_city}{district}{self.r.choice(STREET_STEMS)}路{self.r.randint(1, 99)}号院{self.r.randint(1, 20)}号楼{self.r.randint(1, 6)}单元{self.r.randint(1, 20)}0{self.r.randint(1, 4)}"
        street = self.r.choice(STREET_STEMS) + self.r.choice(STREET_KINDS) + f"{self.r.randint(1, 999)}号"
        tail = ""
        x = self.r.random()
        if x < 0.4:
            tail = f"{self.r.choice(COMPOUNDS)}{self.r.randint(1, 30)}栋{self.r.randint(1, 6)}单元{self.r.randint(1, 33)}{self.r.randint(1, 4):02d}室"
        elif x < 0.6:
            tail = f"{self.r.choice('ABCD')}座{self.r.randint(2, 28)}{self.r.randint(1, 20):02d}室"
        return prov_city + district + street + tail

    def en_address(self) -> str:
        if self.r.random() < 0.25:
            town, pc = self.r.choice([("Leeds", "LS6 2AB"), ("Bristol", "BS8 1TH"), ("Manchester", "M14 5RQ"),
                                      ("Glasgow", "G12 8QQ"), ("Cardiff", "CF24 4HQ")])
            flat = f"Flat {self.r.randint(1, 12)}, " if self.r.random() < 0.4 else ""
            return f"{flat}{self.r.randint(2, 240)} {self.r.choice(EN_STREETS)} {self.r.choice(['Road', 'Street', 'Crescent', 'Gardens'])}, {town} {pc}"
        num = self.r.randint(12, 9870)
        street = f"{num} {self.r.choice(EN_STREETS)} {self.r.choice(EN_STREET_KINDS)}"
        city, st, zp = self.r.choice(US_CITIES)
        unit = f", Apt {self.r.randint(1, 40)}{self.r.choice('ABCD')}" if self.r.random() < 0.3 else ""
        return f"{street}{unit}, {city}, {st} {zp}{self.r.randint(0, 99):02d}"

    def email(self, name_hint: str | None = None) -> str:
        style = self.r.random()
        if style < 0.3:
            local = self.r.choice(PINYIN) + self.r.choice(["", ".", "_"]) + self.r.choice(PINYIN_GIVEN) + str(self.r.randint(1, 99))
        elif style < 0.5:
            local = self.digits(self.r.randint(6, 10), "123456789")
        elif style < 0.8:
            local = f"{self.r.choice(EN_FIRST).lower()}.{self.r.choice(EN_LAST).lower().replace(chr(39), '')}"
        else:
            local = self.r.choice(["ops", "hr", "kefu", "support", "billing"]) + "-" + self.r.choice(PINYIN)
        return f"{local}@{self.r.choice(EMAIL_DOMAINS)}"

    # ---- mainland identifiers
    def birth(self, lo: int = 1950, hi: int = 2008) -> date:
        start = date(lo, 1, 1)
        return start + timedelta(days=self.r.randint(0, (date(hi, 12, 31) - start).days))

    def resident_id_raw(self) -> str:
        body = self.r.choice(REGIONS) + self.birth().strftime("%Y%m%d") + self.digits(3)
        return body + id18_check(body)

    def resident_id(self) -> str:
        raw = self.resident_id_raw()
        if raw.endswith("X") and self.r.random() < 0.3:
            raw = raw[:-1] + "x"
        x = self.r.random()
        if x < 0.15:
            raw = f"{raw[:6]} {raw[6:14]} {raw[14:]}"
        return self.maybe_fullwidth(raw)

    def legacy_id(self) -> str:
        return self.r.choice(REGIONS) + self.birth(1940, 1980).strftime("%y%m%d") + self.digits(3)

    def mobile_raw(self) -> str:
        return self.r.choice(MOBILE_PREFIXES) + self.digits(8)

    def mobile(self) -> str:
        m = self.mobile_raw()
        x = self.r.random()
        if x < 0.45:
            s = m
        elif x < 0.6:
            s = f"{m[:3]} {m[3:7]} {m[7:]}"
        elif x < 0.7:
            s = f"{m[:3]}-{m[3:7]}-{m[7:]}"
        elif x < 0.8:
            s = f"+86 {m[:3]} {m[3:7]} {m[7:]}"
        elif x < 0.87:
            s = f"+86-{m}"
        elif x < 0.93:
            s = f"0086 {m}"
        else:
            s = f"(+86){m}"
        return self.maybe_fullwidth(s)

    def landline(self) -> str:
        code = self.r.choice(AREA_CODES)
        # the listed cities all dial eight-digit local numbers; a seven-digit
        # one after 0571 or 0755 would be an invalid number, not a hard case
        local = self.digits(8, "2345678")
        x = self.r.random()
        if x < 0.45:
            s = f"{code}-{local}"
        elif x < 0.65:
            s = f"({code}){local}"
        elif x < 0.8:
            s = f"{code} {local[:4]} {local[4:]}"
        elif x < 0.9:
            s = f"{code}{local}"
        else:
            s = f"+86 {code[1:]} {local}"
        return self.maybe_fullwidth(s, 0.05)

    def intl_phone(self) -> str:
        # only numbers libphonenumber calls valid are labelled, so a miss is
        # the detector's and not an unallocated range the generator made up
        while True:
            s = self._intl_phone_shape()
            if phonenumbers.is_valid_number(phonenumbers.parse(s, None)):
                return s

    def hk_phone(self) -> str:
        while True:
            s = f"+852 {self.r.choice('5679')}{self.digits(3)} {self.digits(4)}"
            if phonenumbers.is_valid_number(phonenumbers.parse(s, None)):
                return s

    def _intl_phone_shape(self) -> str:
        return self.r.choice([
            lambda: f"+1 ({self.r.choice(['212', '415', '617', '206', '312'])}) {self.digits(3, '23456789')}-{self.digits(4)}",
            lambda: f"+1-{self.r.choice(['503', '512', '720', '919'])}-{self.digits(3, '23456789')}-{self.digits(4)}",
            lambda: f"+44 7{self.digits(3, '45789')} {self.digits(6)}",
            lambda: f"+44 20 7{self.digits(3)} {self.digits(4)}",
            lambda: f"+49 30 {self.digits(8, '123456789')}",
            lambda: f"+81 3-{self.digits(4, '123456789')}-{self.digits(4)}",
            lambda: f"+65 9{self.digits(3)} {self.digits(4)}",
            lambda: f"+852 9{self.digits(3)} {self.digits(4)}",
            lambda: f"+61 4{self.digits(2)} {self.digits(3)} {self.digits(3)}",
            lambda: f"+33 6 {self.digits(2)} {self.digits(2)} {self.digits(2)} {self.digits(2)}",
            lambda: f"+1 {self.r.choice(['646', '408', '773'])}.{self.digits(3, '23456789')}.{self.digits(4)}",
            lambda: f"+91 9{self.digits(4)} {self.digits(5)}",
            lambda: f"+82 10-{self.digits(4, '23456789')}-{self.digits(4)}",
        ])()

    def bank_card_raw(self) -> str:
        n = self.r.choice([16, 16, 16, 19, 19, 19, 17, 18])
        return luhn_complete(self.r.choice(BANK_PREFIXES) + self.digits(n - 7))

    def group4(self, raw: str) -> str:
        return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))

    def bank_card(self) -> str:
        raw = self.bank_card_raw()
        x = self.r.random()
        s = raw if x < 0.55 else self.group4(raw) if x < 0.9 else "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))
        return self.maybe_fullwidth(s, 0.05)

    def credit_card_raw(self) -> str:
        kind = self.r.random()
        if kind < 0.4:
            return luhn_complete("4" + self.digits(14))
        if kind < 0.75:
            return luhn_complete(str(self.r.randint(51, 55)) + self.digits(13))
        return luhn_complete(self.r.choice(["34", "37"]) + self.digits(12))

    def credit_card(self) -> str:
        raw = self.credit_card_raw()
        if len(raw) == 15:
            return f"{raw[:4]} {raw[4:10]} {raw[10:]}" if self.r.random() < 0.6 else raw
        return self.group4(raw) if self.r.random() < 0.6 else raw if self.r.random() < 0.7 else "-".join(
            raw[i:i + 4] for i in range(0, 16, 4))

    def iban_raw(self) -> str:
        country = self.r.choice(["DE", "GB", "FR", "NL", "ES", "IT"])
        if country == "DE":
            bban = self.digits(18)
        elif country == "GB":
            bban = self.r.choice(["NWBK", "BARC", "LOYD", "HBUK"]) + self.digits(14)
        elif country == "FR":
            bban = self.digits(10) + "".join(self.r.choice("ABCDEFGHJK0123456789") for _ in range(11)) + self.digits(2)
        elif country == "NL":
            bban = self.r.choice(["ABNA", "RABO", "INGB"]) + self.digits(10)
        elif country == "ES":
            bban = self.digits(20)
        else:
            bban = self.r.choice("ABCDEFGHJK") + self.digits(10) + self.digits(12)
        return iban_with_check(country, bban)

    def iban(self) -> str:
        raw = self.iban_raw()
        return self.group4(raw) if self.r.random() < 0.6 else raw

    def passport(self) -> str:
        return self.r.choice([lambda: "E" + self.digits(8), lambda: "E" + self.r.choice("ABCDEFGH") + self.digits(7),
                              lambda: "G" + self.digits(8)])()

    def hk_macau_permit(self) -> str:
        return self.r.choice([lambda: "C" + self.digits(8), lambda: "C" + self.r.choice("ABCDEFGH") + self.digits(7),
                              lambda: "W" + self.digits(8)])()

    def taiwan_permit(self) -> str:
        return "L" + self.digits(8)

    def hk_id(self) -> str:
        letters = self.r.choice(PLATE_LETTERS) if self.r.random() < 0.9 else self.r.choice("AWX") + self.r.choice(PLATE_LETTERS)
        digits = self.digits(6)
        check = hkid_check(letters, digits)
        return f"{letters}{digits}({check})" if self.r.random() < 0.75 else f"{letters}{digits}{check}"

    def tw_id(self) -> str:
        letter = self.r.choice("ABCDEFGHJKLMNPQRSTUVXYWZ")
        body = self.r.choice("12") + self.digits(7)
        return letter + body + twid_check(letter, body)

    def mo_id(self) -> str:
        return f"{self.r.choice('157')}{self.digits(6)}({self.digits(1)})"

    def ssn(self) -> str:
        while True:
            area = self.r.randint(1, 899)
            if area != 666:
                break
        return f"{area:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"

    def plate(self) -> str:
        prov = self.r.choice(PROVINCE_CHARS)
        city = self.r.choice(PLATE_LETTERS)
        x = self.r.random()
        if x < 0.3:
            body = self.r.choice("DF") + self.digits(5)  # small new-energy car
        else:
            # an ordinary serial holds at most two letters (GA 36-2018)
            chars = [self.r.choice("0123456789") for _ in range(5)]
            for i in self.r.sample(range(5), self.r.choice([0, 1, 1, 2])):
                chars[i] = self.r.choice(PLATE_LETTERS)
            body = "".join(chars)
        sep = self.r.choice(["", "", "·", " "])
        return f"{prov}{city}{sep}{body}"

    def qq(self) -> str:
        return self.digits(self.r.randint(6, 10), "123456789")

    def wechat(self) -> str:
        stem = self.r.choice(PINYIN) + self.r.choice(["_", "", "-"]) + self.r.choice(PINYIN_GIVEN)
        return stem + str(self.r.randint(10, 9999))

    def ipv4(self) -> str:
        x = self.r.random()
        if x < 0.3:
            return f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        if x < 0.45:
            return f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        return ".".join(str(self.r.randint(1, 223)) for _ in range(1)) + "".join(
            f".{self.r.randint(0, 255)}" for _ in range(3))

    def ipv6(self) -> str:
        groups = [f"{self.r.randint(0, 0xFFFF):x}" for _ in range(8)]
        x = self.r.random()
        if x < 0.4:
            return "2001:db8::" + ":".join(groups[:2])
        if x < 0.6:
            return "fe80::" + ":".join(groups[:4])
        return "240e:" + ":".join(groups[:7])

    def coords(self) -> str:
        lat = self.r.uniform(18.5, 45.5)
        lon = self.r.uniform(98.0, 125.0)
        return self.r.choice([
            lambda: f"{lat:.6f},{lon:.6f}",
            lambda: f"{lat:.4f}, {lon:.4f}",
            lambda: f"{lat:.5f}°N, {lon:.5f}°E",
            lambda: f"N{lat:.4f} E{lon:.4f}",
        ])()

    # ---- hard negatives (each fails the rule that would make it PI)
    def bad_check_id(self) -> str:
        raw = self.resident_id_raw()
        wrong = self.r.choice([c for c in "0123456789X" if c != raw[-1]])
        return raw[:-1] + wrong

    def impossible_date_id(self) -> str:
        body = self.r.choice(REGIONS) + self.r.choice(["19901332", "20011245", "19870230", "19000229",
                                                        "20990615"]) + self.digits(3)
        return body + id18_check(body)

    def bad_region_id(self) -> str:
        body = self.r.choice(["990101", "000000", "960321", "800512"]) + self.birth().strftime("%Y%m%d") + self.digits(3)
        return body + id18_check(body)

    def luhn_invalid_card(self) -> str:
        raw = self.r.choice([self.bank_card_raw, lambda: luhn_complete("4" + self.digits(14))])()
        last = str((int(raw[-1]) + self.r.randint(1, 9)) % 10)
        return raw[:-1] + last

    def unallocated_mobile(self) -> str:
        return self.r.choice(UNALLOCATED_MOBILE) + self.digits(8)

    def bad_hkid(self) -> str:
        letter = self.r.choice(PLATE_LETTERS)
        digits = self.digits(6)
        good = hkid_check(letter, digits)
        wrong = self.r.choice([c for c in "0123456789A" if c != good])
        return f"{letter}{digits}({wrong})"

    def bad_twid(self) -> str:
        letter = self.r.choice("ABCDEFGHJKLMNPQRSTUVXYWZ")
        body = self.r.choice("12") + self.digits(7)
        good = twid_check(letter, body)
        return letter + body + str((int(good) + self.r.randint(1, 9)) % 10)

    def bad_iban(self) -> str:
        raw = self.iban_raw()
        # shifting the check digits by one moves the mod-97 remainder off 1
        return raw[:2] + f"{(int(raw[2:4]) + 1) % 100:02d}" + raw[4:]

    def bad_ssn(self) -> str:
        return self.r.choice([lambda: f"000-{self.r.randint(10, 99)}-{self.digits(4, '123456789')}",
                              lambda: f"666-{self.r.randint(10, 99)}-{self.digits(4, '123456789')}",
                              lambda: f"9{self.digits(2)}-{self.r.randint(10, 99)}-{self.digits(4, '123456789')}",
                              lambda: f"{self.r.randint(100, 665)}-00-{self.digits(4, '123456789')}"])()

    def isbn(self) -> str:
        raw = isbn13_complete("9787" + self.r.choice(["111", "302", "115", "508"]) + self.digits(5))
        return self.r.choice([raw, f"{raw[:3]}-{raw[3]}-{raw[4:7]}-{raw[7:12]}-{raw[12]}"])

    def order_no(self) -> str:
        return self.r.choice([
            lambda: "2023" + f"{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}" + self.digits(10),
            lambda: f"DD{self.digits(14)}",
            lambda: f"A{self.digits(4)}-{self.digits(5)}",
            lambda: f"{self.r.randint(2020, 2024)}{self.digits(8)}",
        ])()

    def tracking_no(self) -> str:
        return self.r.choice([lambda: "SF" + self.digits(13), lambda: "YT" + self.digits(13),
                              lambda: "JT" + self.digits(13), lambda: "1Z" + "".join(self.r.choice("0123456789ABCDEFGHJKLMNPRSTVWXY") for _ in range(16))])()

    def timestamp(self) -> str:
        d = self.birth(2019, 2024)
        return self.r.choice([
            f"{d.isoformat()} {self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}",
            f"{d.isoformat()}T{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}.{self.digits(3)}Z",
            str(self.r.randint(1_550_000_000, 1_720_000_000)),
            str(self.r.randint(1_550_000_000_000, 1_720_000_000_000)),
            d.strftime("%Y%m%d") + f"{self.r.randint(0, 23):02d}{self.r.randint(0, 59):02d}{self.r.randint(0, 59):02d}",
        ])

    def version(self) -> str:
        return self.r.choice([f"v{self.r.randint(0, 9)}.{self.r.randint(0, 30)}.{self.r.randint(0, 99)}",
                              f"{self.r.randint(1, 4)}.{self.r.randint(0, 12)}.{self.r.randint(0, 9)}-rc{self.r.randint(1, 5)}",
                              f"build {self.r.randint(1000, 99999)}"])

    def hexhash(self) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(self.r.choice([32, 40, 64])))

    def fingerprint(self) -> str:
        """A colon-separated SHA-1/SHA-256 digest, as certificate tools print
        it; at 20 or 32 groups it cannot be read as an 8-group IPv6 address."""
        return ":".join(f"{self.r.randint(0, 255):02X}" for _ in range(self.r.choice([20, 32])))

    def uuid(self) -> str:
        h = "".join(self.r.choice("0123456789abcdef") for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"


# --------------------------------------------------------------------------
# sensitive statements about a person (record-level categories) and texts that
# merely mention the topic (no category)

ZH_HEALTH = ["我上个月确诊了甲状腺结节，心情很差", "我妈高血压十几年了，一直在吃降压药", "体检报告说我有轻度脂肪肝",
             "我老公去年查出2型糖尿病，现在每天打胰岛素", "我有焦虑症，晚上总睡不着", "本人乙肝小三阳，能献血吗",
             "我爸上周做了心脏搭桥手术", "我怀孕12周了，最近孕吐很厉害", "我得了带状疱疹，疼得厉害",
             "我去年做过阑尾切除", "我对青霉素过敏，上次打针差点休克", "医生说我是双相情感障碍，让我按时吃碳酸锂",
             "我爷爷老年痴呆越来越严重了", "我肺部CT有个8毫米的磨玻璃结节", "我同事小刘住院了，听说是急性胰腺炎",
             "我血糖空腹9.2，糖化7.5", "我痛风又犯了，脚趾肿得走不了路", "我刚做完化疗第三个疗程",
             "我舅舅肝癌晚期，医生说还有半年", "我HPV检测是16型阳性", "我有哮喘，随身带着沙丁胺醇喷雾",
             "我一直在吃舍曲林，抗抑郁的"]
EN_HEALTH = ["I was diagnosed with type 1 diabetes when I was twenty", "my wife is on chemotherapy for breast cancer",
             "I've been taking sertraline for depression since March", "my HIV test came back positive last week",
             "my dad has early-stage Parkinson's", "I had a miscarriage in June",
             "I'm allergic to penicillin, found out the hard way", "my A1C was 8.1 at my last checkup",
             "my brother was hospitalised with pneumonia", "I've had migraines with aura for years",
             "my mom just started dialysis three times a week", "I have ADHD and take Adderall",
             "my biopsy came back benign, thank god", "she has stage 2 ovarian cancer"]
ZH_HEALTH_GENERIC = ["糖尿病的预防方法有哪些？", "流感高发季节要注意勤洗手", "高血压患者饮食上要少盐",
                     "抑郁症是一种常见的心理疾病，需要及时就医", "本院心内科周二周四有专家门诊",
                     "带状疱疹疫苗适合50岁以上人群接种", "过敏性鼻炎在春季比较常见", "如何区分普通感冒和流感？",
                     "胰岛素需要冷藏保存", "乙肝病毒主要通过血液和母婴传播"]
EN_HEALTH_GENERIC = ["the clinic treats diabetes and hypertension", "Flu season usually peaks in January.",
                     "Depression is treatable; talk to a professional.", "Our pharmacy stocks insulin pens.",
                     "Asthma symptoms often worsen in cold air.", "What are the early signs of Parkinson's disease?",
                     "Chemotherapy side effects vary by drug."]
ZH_NEGATED = ["我没有任何过敏史", "检查结果一切正常，医生说没问题", "我不是患者，是帮朋友问的，他想了解一般的预防知识"]
ZH_RELIGION = ["我是基督徒，周日要去教堂做礼拜", "我奶奶信佛几十年了，每天吃素念经", "我是穆斯林，不吃猪肉哈",
               "他是天主教徒，每周都去望弥撒", "我妈是虔诚的佛教徒，初一十五都去烧香", "我已经受洗三年了",
               "我们家信伊斯兰教，斋月期间白天不吃东西", "我老婆信耶稣，每天读圣经", "我皈依了藏传佛教"]
EN_RELIGION = ["I'm a practicing Muslim so I'll skip the lunch", "she converted to Judaism last year",
               "as a devout Catholic he goes to mass daily", "I'm fasting for Ramadan this month",
               "my family are Jehovah's Witnesses", "I was baptised Orthodox as a child and still go to liturgy",
               "he's a Sikh and wears a turban"]
ZH_RELIGION_GENERIC = ["这座寺庙建于唐代，香火很旺", "圣诞节快到了，商场都在打折", "清真寺周五人很多", "佛教在汉代传入中国"]
ZH_BIOMETRIC = ["已成功录入您的指纹信息", "您的人脸信息已上传用于刷脸支付", "声纹采集完成，下次可语音登录",
                "请本人到柜台采集虹膜", "您已开通指纹支付", "刷脸认证通过，欢迎回来", "门禁系统已登记您的掌静脉",
                "已采集本人面部特征用于实名认证", "请录入右手食指指纹"]
EN_BIOMETRIC = ["your fingerprint has been enrolled on the new device", "face template stored for user verification",
                "voiceprint enrollment complete", "Face ID set up for this account", "retina scan matched employee record",
                "palm vein pattern registered at the gym entrance"]
BIOMETRIC_NEG = ["TLS cert fingerprint SHA256:", "browser fingerprint hash ", "SSH host key fingerprint "]
ZH_MINOR = ["我儿子今年8岁，上小学二年级", "我家闺女才6岁，刚上一年级", "孩子今年10岁，四年级", "我女儿5岁半，在上幼儿园大班",
            "我侄子12岁，刚上初一", "我家老二3周岁了，还不太会说话", "娃今年上三年级了", "我儿子9岁，在实验小学读书",
            "我女儿刚满7周岁"]
EN_MINOR = ["my son is 7 years old and in second grade", "our daughter just turned 9", "my 11-year-old keeps asking for a phone",
            "my kid is in 4th grade at Lincoln Elementary", "my twins are six", "my niece, who is 10, wants a tablet"]
ZH_TRACE = ["我早上8点从家出发，9点到公司，晚上7点去了健身房", "昨天下午3点在万达广场，5点又去了火车站",
            "行程轨迹：7月3日 上海虹桥站→7月4日 杭州东站→7月5日 宁波", "我这周一去了广州，周三在深圳，周五回北京",
            "他每天晚上10点左右都会出现在小区门口的便利店", "共享单车记录：08:12 科技园站 开锁，08:31 深大站 关锁",
            "打卡记录：9:02 到岗，12:10 外出，13:30 返回"]
EN_TRACE = ["checked in at Gate 12 at 07:40, then the downtown hotel at 11:15", "location history: home 08:02, gym 18:30, bar 22:10",
            "she left the office at 6 and was at the station by 6:20", "ride log: pickup 21:04 Elm St, dropoff 21:37 airport T2"]
ZH_FINANCE = ["我征信上有两笔逾期，还能贷款吗", "我银行存款还有十二万", "上个月信用卡逾期了三千多", "我的房贷还欠四十万",
              "我月薪税后一万二", "我在招行的理财亏了八万", "我网贷借了五个平台，现在还不上了", "他的股票账户里有两百多万",
              "我公积金余额三万六"]
EN_FINANCE = ["my credit report shows two late payments", "I have about $40k in savings", "I'm three months behind on my mortgage",
              "my credit score dropped to 580", "I owe $12,000 on my student loans", "my salary is 85k before tax"]
ZH_IDENTITY = ["我有犯罪前科，找工作处处碰壁", "本人持有残疾证，肢体二级", "他是维吾尔族，老家在喀什",
               "我弟弟刚刑满释放", "我是听障人士，只能打字沟通", "她是藏族，在拉萨长大"]
EN_IDENTITY = ["I have a felony conviction from 2015", "he uses a wheelchair after his spinal injury",
               "I served two years in prison", "I'm legally blind"]
ZH_ORIENT = ["其实我是同性恋，还没跟家里说", "我男朋友和我都是gay，在一起三年了", "我是双性恋", "她出柜了，女朋友是我同学"]
EN_ORIENT = ["I came out as bisexual to my parents", "my partner and I are a lesbian couple", "I'm gay and my family knows"]
ZH_MINOR_NEG = ["我今年28岁，想换工作", "这款空调保修8年", "公司成立10年了", "我在深圳待了6年", "这本书适合8岁以上儿童阅读",
                "小学三年级数学题怎么讲"]

CUES = {
    "medical_health": (ZH_HEALTH, EN_HEALTH),
    "religious_belief": (ZH_RELIGION, EN_RELIGION),
    "biometric": (ZH_BIOMETRIC, EN_BIOMETRIC),
    "minor": (ZH_MINOR, EN_MINOR),
    "whereabouts": (ZH_TRACE, EN_TRACE),
    "financial_account": (ZH_FINANCE, EN_FINANCE),
    "specific_identity": (ZH_IDENTITY + ZH_ORIENT, EN_IDENTITY + EN_ORIENT),
}
CUE_WEIGHTS = {"medical_health": 4, "religious_belief": 3, "biometric": 2, "minor": 2, "whereabouts": 2,
               "financial_account": 2, "specific_identity": 2}


class HoldoutGenerator:
    """One record per call to :meth:`record`, reproducible from the seed."""

    GENRES = ("chat", "resume", "medical_qa", "app_log", "service_form", "delivery", "kyc")
    SOURCES = {"chat": "im_export", "resume": "job_board_crawl", "medical_qa": "health_forum_qa",
               "app_log": "app_server_logs", "service_form": "crm_tickets", "delivery": "ecommerce_orders",
               "kyc": "bank_onboarding"}

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.v = Values(self.r)

    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def cue(self, rec: Record, lang: str, cat: str | None = None) -> None:
        cat = cat or self.r.choices(list(CUE_WEIGHTS), weights=list(CUE_WEIGHTS.values()))[0]
        zh, en = CUES[cat]
        rec.cue(cat, self.pick(zh if lang == "zh" else en), f"cue:{cat}")

    def negative(self, rec: Record, lang: str) -> None:
        """One hard negative sentence; none of it is PI or a sensitive fact."""
        v = self.v
        kind = self.pick(["order", "tracking", "timestamp", "isbn", "version", "hash", "uuid", "bad_id",
                          "bad_date_id", "bad_region_id", "bad_card", "bad_mobile", "health_generic", "org",
                          "common", "bad_hkid", "bad_twid", "bad_iban", "bad_ssn", "minor_neg", "religion_generic",
                          "bio_neg", "bad_ip"])
        zh = lang == "zh"
        t = {
            "order": lambda: ("订单号：" if zh else "Order no. ") + v.order_no(),
            "tracking": lambda: ("快递单号 " if zh else "tracking number ") + v.tracking_no(),
            "timestamp": lambda: ("下单时间 " if zh else "created at ") + v.timestamp(),
            "isbn": lambda: ("书号 ISBN " if zh else "ISBN ") + v.isbn(),
            "version": lambda: ("客户端版本 " if zh else "client version ") + v.version(),
            "hash": lambda: ("文件校验值 " if zh else "sha digest ") + v.hexhash(),
            "uuid": lambda: "request_id=" + v.uuid(),
            "bad_id": lambda: ("流水号" if zh else "ref ") + v.bad_check_id(),
            "bad_date_id": lambda: ("批次号" if zh else "batch ") + v.impossible_date_id(),
            "bad_region_id": lambda: ("单据编号" if zh else "voucher ") + v.bad_region_id(),
            "bad_card": lambda: ("商品条码" if zh else "item code ") + v.luhn_invalid_card(),
            "bad_mobile": lambda: ("工单编码" if zh else "case ") + v.unallocated_mobile(),
            "health_generic": lambda: self.pick(ZH_HEALTH_GENERIC if zh else EN_HEALTH_GENERIC),
            "org": lambda: (f"我们和{self.pick(ORG_NEGATIVES)}有合作" if zh else f"we partner with {self.pick(EN_ORG_NEGATIVES)}"),
            "common": lambda: self.pick(ZH_COMMON_NEG) if zh else self.pick(["thanks a lot", "see you Monday", "Happy New Year"]),
            "bad_hkid": lambda: ("型号 " if zh else "model ") + v.bad_hkid(),
            "bad_twid": lambda: ("序列号 " if zh else "serial ") + v.bad_twid(),
            "bad_iban": lambda: ("测试账户 " if zh else "test account ") + v.bad_iban(),
            "bad_ssn": lambda: ("编号 " if zh else "form ") + v.bad_ssn(),
            "minor_neg": lambda: self.pick(ZH_MINOR_NEG) if zh else self.pick(["I am 34 years old", "the warranty lasts 8 years"]),
            "religion_generic": lambda: self.pick(ZH_RELIGION_GENERIC) if zh else "the cathedral was built in 1420",
            "bio_neg": lambda: self.pick(BIOMETRIC_NEG) + v.fingerprint(),
            "bad_ip": lambda: ("版本 " if zh else "node ") + f"{v.r.randint(256, 999)}.{v.r.randint(0, 255)}.{v.r.randint(0, 255)}.{v.r.randint(0, 255)}",
        }[kind]()
        rec.neg(t, f"neg:{kind}")

    # ---------------------------------------------------------------- genres

    def chat(self, rec: Record) -> None:
        lang = self.pick(["zh", "zh", "en", "mixed"])
        handles = self.r.sample(CHAT_HANDLES, 2)
        n = self.r.randint(2, 5)
        hour = self.r.randint(7, 22)
        for i in range(n):
            handle = handles[i % 2]
            stamp = self.pick([f"[{hour}:{self.r.randint(10, 59)}] ", f"{hour}:{self.r.randint(10, 59)} ", ""])
            rec.t(f"{stamp}{handle}{'：' if lang != 'en' else ': '}")
            self.chat_line(rec, lang)
            rec.t(self.pick(EMOJI) + "\n")

    def chat_line(self, rec: Record, lang: str) -> None:
        v = self.v
        kind = self.pick(["phone", "im", "addr", "name", "name2", "id", "card", "cue", "cue", "neg", "neg",
                          "plate", "email", "coords", "landline", "en_name"])
        if lang == "en" or (lang == "mixed" and self.chance(0.4)):
            self.chat_line_en(rec, kind)
            return
        if kind == "phone":
            rec.t(self.pick(["我电话", "手机号：", "打这个号", "我的号码是 "])).e("CN_MOBILE_PHONE", v.mobile()).t(self.pick(["，到了打我", "", "。", " 有事call我"]))
        elif kind == "im":
            if self.chance(0.5):
                rec.t(self.pick(["加我微信吧，微信号：", "vx：", "wx ", "我微信是"])).e("IM_ACCOUNT", v.wechat()).t(self.pick(["", "，备注一下名字", "～"]))
            else:
                rec.t(self.pick(["我QQ是", "QQ：", "扣扣号 ", "加群找我，QQ号"])).e("IM_ACCOUNT", v.qq()).t(self.pick(["", "。", "，晚上在线"]))
        elif kind == "addr":
            rec.t(self.pick(["寄到", "地址：", "我搬家了，新地址是", "送到"])).e("ADDRESS", v.zh_address()).t(self.pick(["就行", "", "，谢谢", "。"]))
        elif kind == "name":
            a, b = self.pick([("今天", "请假了吗？"), ("帮我跟", "说一声"), ("", "说周五开会"), ("刚才", "来找过你"),
                               ("我跟", "吵架了"), ("", "明天去上海出差"), ("听说", "要结婚了"), ("我和", "是大学同学"),
                               ("文件已经发给", "了"), ("让", "下班前把报表发我"), ("", "老师布置的作业写完没"),
                               ("昨天在食堂碰到", "，聊了半天")])
            rec.t(a).e("PERSON", v.zh_name()).t(b)
        elif kind == "name2":
            rec.t(self.pick(["联系人：", "负责人是", "找", "对接人 "])).e("PERSON", v.zh_name()).t(self.pick(["先生", "女士", "老师", "", "经理", "医生"]) + "，")
            rec.t("电话").e("CN_MOBILE_PHONE", v.mobile())
        elif kind == "id":
            rec.t(self.pick(["身份证号发你了：", "身份证：", "证件号 "])).e("CN_RESIDENT_ID", v.resident_id())
        elif kind == "card":
            rec.t(self.pick(["工资卡号", "卡号：", "转到这张卡 "])).e("CN_BANK_CARD", v.bank_card()).t(self.pick(["，转账备注一下", "", "（工行）"]))
        elif kind == "cue":
            self.cue(rec, "zh")
        elif kind == "neg":
            self.negative(rec, "zh")
        elif kind == "plate":
            rec.t(self.pick(["我车牌", "车牌号是", "挪一下车，"])).e("CN_LICENSE_PLATE", v.plate()).t(self.pick(["，停在B2了", "", "挡住了"]))
        elif kind == "email":
            rec.t(self.pick(["简历发我邮箱", "邮箱：", "发到 "])).e("EMAIL_ADDRESS", v.email()).t(self.pick(["", "吧", " 谢啦"]))
        elif kind == "coords":
            rec.t(self.pick(["位置发你了：", "我在这儿 ", "定位 "])).e("GEO_COORDINATES", v.coords())
        elif kind == "landline":
            rec.t(self.pick(["公司座机", "办公室电话：", "打前台 "])).e("CN_LANDLINE_PHONE", v.landline())
        else:
            rec.t(self.pick(["下午和", "请", "记得cc "])).e("PERSON", v.en_name()).t(self.pick(["开会", "确认一下", "一下"]))

    def chat_line_en(self, rec: Record, kind: str) -> None:
        v = self.v
        if kind in ("phone", "landline"):
            if self.chance(0.5):
                rec.t(self.pick(["call me at ", "my cell: ", "text "])).e("PHONE_NUMBER", v.intl_phone())
            else:
                rec.t(self.pick(["my China number is ", "reach me on "])).e("CN_MOBILE_PHONE", v.mobile())
        elif kind == "im":
            rec.t(self.pick(["add me on WeChat: ", "my wechat id is ", "QQ "])).e("IM_ACCOUNT", v.wechat() if self.chance(0.6) else v.qq())
        elif kind == "addr":
            rec.t(self.pick(["ship it to ", "I moved to ", "address: "])).e("ADDRESS", v.en_address())
        elif kind in ("name", "name2", "en_name"):
            a, b = self.pick([("", " said the deploy is done"), ("ask ", " about it"), ("meeting with ", " at 3"),
                               ("thanks ", "!"), ("cc ", " please"), ("Dear ", ","), ("per Dr. ", "'s note"),
                               ("I ran into ", " at the airport"), ("Regards, ", "")])
            rec.t(a).e("PERSON", v.en_name()).t(b)
        elif kind == "id":
            rec.t("SSN ").e("US_SSN", v.ssn()).t(" for the tax form")
        elif kind == "card":
            rec.t(self.pick(["card ending... no wait full number ", "use my card "])).e("CREDIT_CARD", v.credit_card())
        elif kind == "cue":
            self.cue(rec, "en")
        elif kind == "neg":
            self.negative(rec, "en")
        elif kind == "plate":
            rec.t("the plate was ").e("CN_LICENSE_PLATE", v.plate())
        elif kind == "email":
            rec.t(self.pick(["email me at ", "send to ", "my email "])).e("EMAIL_ADDRESS", v.email())
        else:
            rec.t(self.pick(["I'm at ", "pin: ", "location "])).e("GEO_COORDINATES", v.coords())

    def resume(self, rec: Record) -> None:
        v = self.v
        if self.chance(0.6):
            sep = self.pick(["：", ": ", "：", " "])
            rec.t(f"个人简历\n姓名{sep}").e("PERSON", v.zh_name())
            rec.t(f"\n性别{sep}{self.pick(['男', '女'])}\n出生日期{sep}{v.birth(1975, 2002).strftime(self.pick(['%Y年%m月%d日', '%Y-%m-%d', '%Y.%m']))}\n")
            rec.t(f"手机{sep}").e("CN_MOBILE_PHONE", v.mobile()).t(self.pick(["\n", "  "]))
            rec.t(f"邮箱{sep}").e("EMAIL_ADDRESS", v.email()).t("\n")
            if self.chance(0.6):
                rec.t(f"现居住地{sep}").e("ADDRESS", v.zh_address()).t("\n")
            if self.chance(0.3):
                rec.t(f"身份证号{sep}").e("CN_RESIDENT_ID", v.resident_id()).t("\n")
            if self.chance(0.2):
                rec.t(f"微信{sep}").e("IM_ACCOUNT", v.wechat()).t("\n")
            rec.t(f"工作经历{sep}{v.birth(2010, 2018).year}-{v.birth(2019, 2023).year} {self.pick(ORG_NEGATIVES)} 高级工程师\n")
            if self.chance(0.4):
                ref = v.zh_name()
                rec.t("证明人：").e("PERSON", ref).t("（前主管），电话 ")
                if self.chance(0.4):
                    rec.e("CN_LANDLINE_PHONE", v.landline())
                else:
                    rec.e("CN_MOBILE_PHONE", v.mobile())
                rec.t("\n")
            if self.chance(0.3):
                self.negative(rec, "zh")
                rec.t("\n")
            if self.chance(0.15):
                self.cue(rec, "zh", self.pick(["medical_health", "specific_identity"]))
        else:
            rec.t("CURRICULUM VITAE\nName: ").e("PERSON", v.en_name()).t("\n")
            rec.t("Phone: ").e("PHONE_NUMBER", v.intl_phone()).t(" | Email: ").e("EMAIL_ADDRESS", v.email()).t("\n")
            if self.chance(0.6):
                rec.t("Address: ").e("ADDRESS", v.en_address()).t("\n")
            rec.t(f"Experience: Data Engineer, {self.pick(EN_ORG_NEGATIVES)} ({v.birth(2012, 2018).year}–{v.birth(2019, 2023).year})\n")
            if self.chance(0.4):
                rec.t("References: Dr. ").e("PERSON", v.en_name()).t(", ").e("EMAIL_ADDRESS", v.email()).t("\n")
            if self.chance(0.3):
                rec.t("Mobile (China): ").e("CN_MOBILE_PHONE", v.mobile()).t("\n")
            if self.chance(0.3):
                self.negative(rec, "en")
                rec.t("\n")

    def medical_qa(self, rec: Record) -> None:
        v = self.v
        lang = self.pick(["zh", "zh", "en"])
        if lang == "zh":
            rec.t(self.pick(["问：", "【提问】", "患者提问："]))
            if self.chance(0.7):
                rec.t(self.pick(["医生您好，", "大夫，", ""]))
                self.cue(rec, "zh", self.pick(["medical_health", "medical_health", "minor"]))
                if "cue:minor" in rec.tags:
                    # a symptom of a named child: health information about
                    # that person, though no diagnosis is named
                    rec.cue("medical_health", "，发烧三天了，38度5", "cue:symptom")
                rec.t(self.pick(["，该怎么办？", "，需要住院吗？", "，严重吗？"]))
                if self.chance(0.3):
                    rec.t("我叫").e("PERSON", v.zh_name()).t("，电话").e("CN_MOBILE_PHONE", v.mobile())
            else:
                rec.t(self.pick(ZH_HEALTH_GENERIC))
                rec.tags.append("neg:health_generic")
                if self.chance(0.3):
                    rec.neg(self.pick(ZH_NEGATED), "neg:health_negated")
            rec.t("\n答：" + self.pick(ZH_HEALTH_GENERIC))
            if self.chance(0.3):
                rec.t(" 主治医师 ").e("PERSON", v.zh_name())
        else:
            rec.t("Q: ")
            if self.chance(0.7):
                self.cue(rec, "en", self.pick(["medical_health", "medical_health", "minor"]))
                if "cue:minor" in rec.tags:
                    rec.cue("medical_health", "; the child has had a fever of 39C since Monday", "cue:symptom")
                rec.t(". What should we do?")
                if self.chance(0.3):
                    rec.t(" — ").e("PERSON", v.en_name())
            else:
                rec.neg(self.pick(EN_HEALTH_GENERIC), "neg:health_generic")
            rec.t("\nA: " + self.pick(EN_HEALTH_GENERIC))

    def app_log(self, rec: Record) -> None:
        v = self.v
        for _ in range(self.r.randint(2, 4)):
            style = self.pick(["json", "kv", "trace", "nginx"])
            ts = v.timestamp()
            if style == "json":
                rec.t('{"ts":"' + ts + '","level":"INFO","uid":' + str(self.r.randint(10000, 999999)) + ',"email":"')
                rec.e("EMAIL_ADDRESS", v.email()).t('","ip":"').e("IP_ADDRESS", v.ipv4() if self.chance(0.8) else v.ipv6())
                rec.t('","trace":"' + v.uuid() + '"}\n')
                rec.tags.append("neg:uuid")
            elif style == "kv":
                rec.t(f"{ts} WARN auth.login failed user_id={self.r.randint(1000, 99999)} phone=")
                rec.e("CN_MOBILE_PHONE", v.mobile_raw()).t(" src=").e("IP_ADDRESS", v.ipv4()).t(f" ver={v.version().replace(' ', '_')}\n")
            elif style == "trace":
                rec.t("Traceback (most recent call last):\n  File \"/srv/app/users.py\", line " + str(self.r.randint(10, 900)) + ", in lookup\n")
                rec.t("ValueError: no account for ").e("EMAIL_ADDRESS", v.email()).t(" from ").e("IP_ADDRESS", v.ipv4()).t("\n")
            else:
                rec.e("IP_ADDRESS", v.ipv4()).t(f' - - [{ts}] "GET /api/v2/orders/{v.order_no()} HTTP/1.1" 200 {self.r.randint(200, 9000)}\n')
                rec.tags.append("neg:order")
        if self.chance(0.2):
            rec.t(f"{v.timestamp()} INFO biometric ").cue("biometric", self.pick(EN_BIOMETRIC), "cue:biometric").t("\n")
        if self.chance(0.2):
            rec.t(f"{v.timestamp()} DEBUG ").neg(self.pick(BIOMETRIC_NEG) + v.fingerprint(), "neg:bio_neg").t("\n")
        if self.chance(0.25):
            rec.t(f"{v.timestamp()} INFO gps ping uid={self.r.randint(1000, 99999)} loc=").e("GEO_COORDINATES", v.coords()).t("\n")
        if self.chance(0.4):
            rec.t(f"{v.timestamp()} DEBUG ")
            self.negative(rec, "en")
            rec.t("\n")

    def service_form(self, rec: Record) -> None:
        v = self.v
        if self.chance(0.7):
            rec.t(f"工单编号：{v.order_no()}\n").tags.append("neg:order")
            rec.t("客户姓名：").e("PERSON", v.zh_name()).t("\n")
            rec.t("联系电话：")
            if self.chance(0.7):
                rec.e("CN_MOBILE_PHONE", v.mobile())
            else:
                rec.e("CN_LANDLINE_PHONE", v.landline())
            rec.t("\n")
            if self.chance(0.4):
                rec.t("QQ：").e("IM_ACCOUNT", v.qq()).t("\n")
            rec.t("问题描述：")
            x = self.r.random()
            if x < 0.3:
                self.cue(rec, "zh", self.pick(["financial_account", "biometric", "medical_health"]))
            elif x < 0.6:
                rec.t("快递一直没到，")
                self.negative(rec, "zh")
            else:
                rec.t(f"APP {v.version()} 闪退，登录IP ").e("IP_ADDRESS", v.ipv4())
            rec.t(f"\n受理时间：{v.timestamp()}")
            rec.tags.append("neg:timestamp")
        else:
            rec.t(f"Ticket #{self.r.randint(100000, 999999)}\nCustomer: ").e("PERSON", v.en_name())
            rec.t("\nPhone: ").e("PHONE_NUMBER", v.intl_phone()).t("\nEmail: ").e("EMAIL_ADDRESS", v.email())
            rec.t("\nIssue: ")
            if self.chance(0.4):
                self.cue(rec, "en", self.pick(["financial_account", "medical_health", "biometric"]))
            else:
                self.negative(rec, "en")
            rec.t(f"\nOpened: {v.timestamp()}")
            rec.tags.append("neg:timestamp")

    def delivery(self, rec: Record) -> None:
        v = self.v
        sep = self.pick(["：", ":", " "])
        rec.t(f"订单号{sep}{v.order_no()}\n").tags.append("neg:order")
        rec.t(f"收件人{sep}").e("PERSON", v.zh_name()).t(self.pick(["\n", "  "]))
        rec.t(f"电话{sep}").e("CN_MOBILE_PHONE", v.mobile()).t("\n")
        rec.t(self.pick(["收货地址", "配送地址", "地址"]) + sep).e("ADDRESS", v.zh_address()).t("\n")
        rec.t(f"快递单号{sep}{v.tracking_no()}\n").tags.append("neg:tracking")
        if self.chance(0.3):
            rec.t(f"下单时间{sep}{v.timestamp()}\n")
            rec.tags.append("neg:timestamp")
        if self.chance(0.3):
            rec.t("备注：" + self.pick(["放门口就行，谢谢", "工作日送货", "到了打电话", "周末不在家"]))
        if self.chance(0.15):
            rec.t(f"\n商品：《{self.pick(['深度学习入门', '数据结构', '家常菜谱'])}》ISBN {v.isbn()}")
            rec.tags.append("neg:isbn")

    def kyc(self, rec: Record) -> None:
        v = self.v
        kind = self.pick(["cn", "cn", "hk", "tw", "mo", "intl", "us"])
        if kind == "cn":
            rec.t("开户申请表\n客户姓名：").e("PERSON", v.zh_name()).t("\n证件类型：居民身份证\n证件号码：")
            rec.e("CN_RESIDENT_ID", v.resident_id() if self.chance(0.85) else v.legacy_id()).t("\n")
            rec.t("手机号码：").e("CN_MOBILE_PHONE", v.mobile()).t("\n")
            rec.t("银行卡号：").e("CN_BANK_CARD", v.bank_card()).t("\n")
            if self.chance(0.2):
                rec.t("信用卡（VISA/万事达）：").e("CREDIT_CARD", v.credit_card()).t("\n")
            if self.chance(0.4):
                rec.t("联系地址：").e("ADDRESS", v.zh_address()).t("\n")
            if self.chance(0.3):
                rec.t("护照号码：").e("CN_PASSPORT", v.passport()).t("\n")
            if self.chance(0.3):
                rec.t("往来港澳通行证：").e("CN_HK_MACAU_PERMIT", v.hk_macau_permit()).t("\n")
            if self.chance(0.2):
                rec.t("往来台湾通行证号码 ").e("CN_TAIWAN_PERMIT", v.taiwan_permit()).t("\n")
            if self.chance(0.25):
                rec.t("车牌号码：").e("CN_LICENSE_PLATE", v.plate()).t("\n")
            if self.chance(0.3):
                rec.t("风险提示：")
                self.cue(rec, "zh", self.pick(["financial_account", "biometric"]))
                rec.t("\n")
            if self.chance(0.3):
                self.negative(rec, "zh")
        elif kind == "hk":
            rec.t("香港客戶資料\n姓名：").e("PERSON", v.zh_name()).t("\n香港身份證號碼：").e("HK_ID", v.hk_id())
            rec.t("\n電話：").e("PHONE_NUMBER", v.hk_phone()).t("\n")
        elif kind == "tw":
            rec.t("台灣客戶\n姓名：").e("PERSON", v.zh_name()).t("\n身分證字號：").e("TW_ID", v.tw_id())
            if self.chance(0.5):
                rec.t("\n台胞证号码：").e("CN_TAIWAN_PERMIT", v.digits(8))
            rec.t("\n")
        elif kind == "mo":
            rec.t("澳門居民\n姓名：").e("PERSON", v.zh_name()).t("\n澳門身份證編號：").e("MO_ID", v.mo_id()).t("\n")
        elif kind == "intl":
            rec.t("Account holder: ").e("PERSON", v.en_name()).t("\nIBAN: ").e("IBAN_CODE", v.iban())
            rec.t("\nCard: ").e("CREDIT_CARD", v.credit_card()).t("\n")
            if self.chance(0.5):
                rec.t("Home: ").e("ADDRESS", v.en_address()).t("\n")
            if self.chance(0.4):
                self.negative(rec, "en")
        else:
            rec.t("W-9 intake\nName: ").e("PERSON", v.en_name()).t("\nSSN: ").e("US_SSN", v.ssn())
            rec.t("\nPhone: ").e("PHONE_NUMBER", v.intl_phone()).t("\n")
            if self.chance(0.5):
                rec.t("Notes: ")
                self.negative(rec, "en")

    def record(self, rid: str) -> dict:
        genre = self.r.choices(self.GENRES, weights=[4, 2, 2, 2, 2, 2, 2])[0]
        rec = Record(genre, self.SOURCES[genre])
        getattr(self, genre)(rec)
        return rec.as_dict(rid)


def generate(n: int, seed: int = 101) -> Iterator[dict]:
    gen = HoldoutGenerator(seed)
    for i in range(n):
        yield gen.record(f"holdout-{seed}-{i:07d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.synth_holdout", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="number of records")
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    args = ap.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as f:
        for rec in generate(args.n, args.seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} records to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
