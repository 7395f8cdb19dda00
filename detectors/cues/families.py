"""Families of sensitive expressions that a word list cannot hold.

A lexicon term is one literal string; these are shapes: a reading with its
value ("空腹血糖9.2", "A1C was 8.1"), an allergy with its trigger
("对青霉素过敏"), a test with its outcome ("HPV检测是16型阳性", "biopsy
came back benign"), a biometric enrolment or check with its status
("声纹采集完成", "已开通指纹支付", "Face ID set up"). Each hit is judged by
the detector's usual context rules (negation, topical frames, anchors) with
its kind:

- ``FACT``: asserts by itself but needs a person (an allergy, a reading,
  a result); a drug leaflet saying "对青霉素过敏者禁用" names nobody.
- ``SELF_ASSERTING``: biometric processing is sensitive by kind (PIPL Art.
  28), so a logged enrolment counts without a person, as the lexicon's
  biometric data nouns do.

Patterns are bounded (no nested quantifiers) and gated by a key-word search,
so a text without any key word costs one fast scan per family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .lexicon import FACT, SELF_ASSERTING


@dataclass(frozen=True, slots=True)
class Family:
    entity_type: str
    kind: str
    pattern: re.Pattern
    # The text must contain one of these (lower-cased for Latin) to be searched.
    gate: tuple[str, ...]
    # Characters before the match that make it something else ("SSH host key
    # fingerprint verified").
    veto_before: re.Pattern | None = None


_ZH_BIO = r"(?:指纹|人脸|刷脸|面容|面部|声纹|虹膜|掌纹|掌静脉|指静脉)"
_ZH_BIO_GATE = ("指纹", "人脸", "刷脸", "面容", "面部", "声纹", "虹膜", "掌纹", "静脉")

_ZH_READING = (
    r"(?:空腹血糖|餐后血糖|血糖|糖化血红蛋白|糖化|血压|尿酸|胆固醇|甘油三酯|血脂|转氨酶|肌酐|血红蛋白|血小板|白细胞|"
    r"血氧|心率|眼压|甲胎蛋白|CEA|PSA|TSH)"
)

_EN_BIO = (
    r"(?:face id|touch id|fingerprints?|facial (?:data|scan|template)|face (?:data|template|scan)|voice ?print|"
    r"voice id|iris(?: scan)?|retina(?: scan)?|palm(?: vein)?(?: pattern| print| scan)?|finger vein(?: pattern)?)"
)
_EN_BIO_DONE = (
    r"(?:set up|enrolled|registered|captured|recorded|verified|saved|added|stored|collected|"
    r"enrollment complete|enrolment complete|verification (?:passed|successful|complete))"
)
_EN_READING = (
    r"(?:a1c|hba1c|blood sugar|blood glucose|fasting glucose|glucose|blood pressure|cholesterol|ldl|"
    r"triglycerides|psa|viral load|cd4 count|resting heart rate|oxygen saturation|liver enzymes|uric acid|"
    r"creatinine|hemoglobin|haemoglobin|white (?:blood )?cell count|platelet count|thyroid levels?|"
    r"sugar levels?|sugars)"
)
_EN_ALLERGEN = (
    r"(?:penicillin|amoxicillin|sulfa(?: drugs)?|aspirin|ibuprofen|codeine|morphine|latex|peanuts?|tree nuts|"
    r"nuts|shellfish|seafood|eggs|dairy|gluten|wheat|soy|bee stings?|pollen|dust mites?|antibiotics|iodine|"
    r"contrast dye|nsaids|cats|dogs|mold)"
)

FAMILIES: dict[str, tuple[Family, ...]] = {
    "zh": (
        # 已开通指纹支付 / 开通了刷脸登录 / 已录入人脸
        Family(
            "BIOMETRIC_INFO",
            SELF_ASSERTING,
            re.compile(
                r"(?:(?:已经?|成功)(?:开通|启用|绑定|设置|录入|注册|添加)了?|(?:开通|启用|绑定|设置|录入|注册|添加)了)"
                + _ZH_BIO + r"(?:支付|登录|解锁|识别|验证|认证)?"
            ),
            _ZH_BIO_GATE,
        ),
        # 声纹采集完成 / 刷脸认证通过 / 人脸信息核验成功
        Family(
            "BIOMETRIC_INFO",
            SELF_ASSERTING,
            re.compile(
                _ZH_BIO + r"(?:信息|特征|数据|模板)?(?:采集|录入|注册|认证|验证|核验|比对|登记|绑定|识别)"
                r"(?:已经|已|均)?(?:完成|成功|通过|完毕)"
            ),
            _ZH_BIO_GATE,
        ),
        # 对青霉素过敏 / 对头孢类抗生素过敏 (not 对你过敏, a figure of speech)
        Family(
            "HEALTH_INFO",
            FACT,
            re.compile(r"对(?![你您他她它这那此])[\u4e00-\u9fffA-Za-z0-9]{1,8}?过敏"),
            ("过敏",),
        ),
        # 血糖空腹9.2 / 糖化7.5 / 血压150/95, or a result stated without its
        # value: 血糖偏高 / 血压有点高 / 转氨酶升高了
        Family(
            "HEALTH_INFO",
            FACT,
            re.compile(
                _ZH_READING + r"(?:值|指标|水平)?(?:"
                r"(?:空腹|餐后)?(?:是|为|有|达到|达|只有|高达|在|到了)?\s*[0-9]{1,3}(?:\.[0-9]{1,2})?(?:\s*/\s*[0-9]{2,3})?|"
                r"(?:一直|又|还是|也|都|总是|老是)?(?:有点|有些|有一点|稍微|稍|略|比较|特别|非常|太|很|严重)?"
                r"(?:偏高|偏低|升高|增高|降低|过高|过低|超标|异常|不正常|不稳定|高|低)(?![于压峰温频速]))"
            ),
            ("血", "糖", "尿酸", "胆固醇", "转氨酶", "肌酐", "心率", "眼压", "蛋白", "CEA", "PSA", "TSH"),
        ),
        # HPV检测是16型阳性 / 活检结果是良性 / 幽门螺杆菌阳性
        Family(
            "HEALTH_INFO",
            FACT,
            re.compile(
                r"(?:HPV|HIV|乙肝|丙肝|梅毒|抗原|抗体|幽门螺杆菌|病理|活检|穿刺|化验|筛查|CT|核磁|B超|彩超|胃镜|肠镜)"
                r"[^，。；！？!?,;\n]{0,8}?(?:阳性|恶性|良性)"
            ),
            ("阳性", "恶性", "良性"),
        ),
    ),
    "en": (
        # "Face ID set up for this account", "palm vein pattern registered"
        Family(
            "BIOMETRIC_INFO",
            SELF_ASSERTING,
            re.compile(
                r"\b" + _EN_BIO + r"\s+(?:data\s+|template\s+|profile\s+)?"
                r"(?:was\s+|is\s+|has\s+been\s+|have\s+been\s+|were\s+|successfully\s+)?" + _EN_BIO_DONE + r"\b",
                re.IGNORECASE,
            ),
            ("face", "touch id", "finger", "voice", "iris", "retina", "palm"),
            # key, certificate and file fingerprints are hashes, not people
            re.compile(
                r"(?:key|cert|certificate|host|ssh|tls|ssl|gpg|pgp|browser|device|digital|file|public|server|"
                r"sha[0-9]*|md5|hash|canvas|tls cert)\s*$",
                re.IGNORECASE,
            ),
        ),
        # "I enrolled my fingerprint", "set up Face ID on her phone"
        Family(
            "BIOMETRIC_INFO",
            SELF_ASSERTING,
            re.compile(
                r"\b(?:set up|enrolled|registered|added|scanned)\s+(?:a\s+|my\s+|his\s+|her\s+|their\s+|your\s+)?"
                r"(?:new\s+)?(?:face id|touch id|fingerprints?|voice ?print|palm vein|iris)\b(?!\s+(?:sensor|reader|"
                r"scanner|support|feature|api|key|hash))",
                re.IGNORECASE,
            ),
            ("face id", "touch id", "fingerprint", "voice", "palm vein", "iris"),
        ),
        # "allergic to penicillin", "a peanut allergy"
        Family(
            "HEALTH_INFO",
            FACT,
            re.compile(r"\ballergic\s+to\s+" + _EN_ALLERGEN + r"\b|\b" + _EN_ALLERGEN + r"\s+allergy\b", re.IGNORECASE),
            ("allerg",),
        ),
        # "my A1C was 8.1", "blood pressure of 150/95", or a result without its
        # value: "my blood pressure is high", "her liver enzymes were elevated"
        Family(
            "HEALTH_INFO",
            FACT,
            re.compile(
                r"\b" + _EN_READING + r"(?:\s+(?:level|levels|reading|readings|count))?(?:"
                r"(?:\s+(?:was|is|were|are|of|at|came in at|came back at|hit|reached|went up to|has been))?"
                r"\s*[:=]?\s*[0-9]{1,3}(?:\.[0-9]{1,2})?(?:\s*/\s*[0-9]{2,3})?(?![0-9])|"
                r"\s+(?:is|was|were|are|has been|have been|came back|went|got|is running|was running|keeps running|"
                r"stays|stayed)\s+(?:a (?:bit|little) |slightly |very |really |too |quite |pretty |still |way |"
                r"dangerously |consistently |a little bit )?(?:high|low|elevated|raised|abnormal|borderline|up|"
                r"through the roof)\b)",
                re.IGNORECASE,
            ),
            ("a1c", "blood", "glucose", "cholesterol", "ldl", "triglycerides", "psa", "viral load", "cd4",
             "heart rate", "oxygen", "liver", "uric", "creatinine", "hemoglobin", "haemoglobin", "cell count",
             "platelet", "thyroid", "sugar"),
        ),
        # "my biopsy came back benign", "the scan showed malignant"
        Family(
            "HEALTH_INFO",
            FACT,
            re.compile(
                r"\b(?:biopsy|biopsies|pap smear|mammogram|mri|ct scan|x-ray|bloodwork|blood work|blood tests?|"
                r"test results?|lab results?|labs|tests|culture|screening|scan)\s+(?:came back|was|were|is|returned|"
                r"showed)\s+(?:positive|benign|malignant|abnormal|cancerous|inconclusive)\b",
                re.IGNORECASE,
            ),
            ("positive", "benign", "malignant", "abnormal", "cancerous", "inconclusive"),
        ),
    ),
}

# A time followed closely by a movement: "8点从家出发", "周三在深圳",
# "10点左右都会出现在". One is a schedule; two in a sentence, or one clock
# time with a habit word, trace someone's movements ("我早上8点从家出发，
# 9点到公司"). Like every fact, the trace still needs a person.
_ZH_TIMED_MOVE = re.compile(
    r"(?:[0-9]{1,2}(?:点(?:半|[0-9]{1,2}分?)?|[:：][0-9]{2})|周[一二三四五六日天]|星期[一二三四五六日天])"
    r"(?:左右)?[^，,。；！？!?;\n]{0,4}?(?:从|到了|到|去了|去|在|回|出发|抵达|离开|出现在|进了)"
    # "周一到周五", "10点到16点": a range of times, not a movement
    r"(?![周星0-9一二三四五六日天点])"
)
_ZH_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_ZH_HABIT = re.compile(r"每天|每晚|每周|每个周|经常|总是|都会")


def find_timed_movements(norm: str) -> Iterator[tuple[str, str, int, int]]:
    """LOCATION_TRACE spans covering a sentence's timed movements (zh)."""
    if "点" not in norm and "周" not in norm and "星期" not in norm and ":" not in norm:
        return
    run: list[re.Match] = []
    run_sentence = -1
    ends = [m.start() for m in _ZH_SENTENCE_END.finditer(norm)]

    def sentence_of(pos: int) -> int:
        lo, hi = 0, len(ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if ends[mid] < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def flush():
        if not run:
            return None
        s, e = run[0].start(), run[-1].end()
        sent_start = ends[run_sentence - 1] + 1 if run_sentence > 0 else 0
        # A lone habit needs a clock time to pin someone down: "每晚10点都会出现在"
        # does, "每周日去教堂" is a practice, not a trace.
        clock = run[0].group()[0].isdigit()
        if len(run) >= 2 or (clock and _ZH_HABIT.search(norm, sent_start, e)):
            return "LOCATION_TRACE", FACT, s, e
        return None

    for m in _ZH_TIMED_MOVE.finditer(norm):
        k = sentence_of(m.start())
        if k != run_sentence:
            hit = flush()
            if hit:
                yield hit
            run, run_sentence = [], k
        run.append(m)
    hit = flush()
    if hit:
        yield hit


# Around a reading: thresholds and norms are advice, not someone's value
# ("正常血糖值在3.9到6.1之间", "a normal A1C is below 5.7").
_ZH_NORM_WORDS = re.compile(r"正常|标准|参考|目标|控制在|应该|应当|一般|通常|理想|以上|以下|之间|以内|超过|低于|高于")
_EN_NORM_WORDS = re.compile(
    r"\b(?:normal|target|should|below|above|under|over|less than|more than|aim|goal|healthy|ideal|range|"
    r"typical|average|between)\b",
    re.IGNORECASE,
)


def find(lang: str, norm: str, low: str) -> Iterator[tuple[str, str, int, int]]:
    """(entity_type, kind, start, end) of every family hit in ``norm``."""
    latin = lang == "en"
    if not latin:
        yield from find_timed_movements(norm)
    hay = low if latin else norm
    for fam, gate in _GATES[lang]:
        if gate.search(hay) is None:
            continue
        for m in fam.pattern.finditer(norm):
            s, e = m.span()
            if fam.veto_before is not None and fam.veto_before.search(norm[max(0, s - 24):s]):
                continue
            if fam.kind == FACT and _is_reading(m.group()):
                # A norm or threshold around a value is advice, not a record.
                words = _EN_NORM_WORDS if latin else _ZH_NORM_WORDS
                window = norm[max(0, s - 12):e + 8] if not latin else norm[max(0, s - 30):e + 20]
                if words.search(window):
                    continue
            yield fam.entity_type, fam.kind, s, e


_HAS_DIGIT = re.compile(r"[0-9]")

# One compiled alternation per gate: a C-level search instead of a Python loop of `in` tests.
_GATES = {
    lang: tuple((fam, re.compile("|".join(re.escape(k) for k in fam.gate))) for fam in fams)
    for lang, fams in FAMILIES.items()
}


def _is_reading(text: str) -> bool:
    return _HAS_DIGIT.search(text) is not None
