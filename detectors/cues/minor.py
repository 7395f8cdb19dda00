"""MINOR_INFO: a person under 14 (PIPL Art. 28 treats all personal
information of children under 14 as sensitive).

Ages and school grades are numbers in context, not lexicon words, so they
are found by small patterns here; the words around them come from the
``minor`` section of ``data/cues/lexicon.yaml``. Ranges and thresholds
("3-6岁", "未满14岁", "ages 8 and up", "children under 13") describe
audiences, not a person, and are dropped.
"""

from __future__ import annotations

import re
from typing import Iterator

from .lexicon import prefix_alternation, word_alternation

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}

# No lookbehind: digit boundaries are checked in Python (see patterns.py).
_ZH_AGE = re.compile(r"([0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3})(?:周)?岁(?:半)?")
_ZH_AGE_FIELD = re.compile(r"年龄\s*[:：]?\s*([0-9]{1,2})(?:\s*岁)?")
_ZH_GRADE = re.compile(
    r"(?:小学|幼儿园|幼稚园|学前班|托儿所)(?:[一二三四五六]年级|大班|中班|小班)?|[一二三四五六]年级"
)
_ZH_GRADE_KEYS = ("年级", "小学", "幼儿园", "幼稚园", "学前班", "托儿所")
_ZH_ENROL = re.compile(r"(?:上|读|在读|就读|念|在|进|升|刚上|还在上|正在上)$")

_EN_AGE = re.compile(
    r"(?<![0-9a-z])([0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)"
    r"(?:[- ]and[- ]a[- ]half)?[- ](?:years?|yrs?|months?)[- ]old(?![a-z])",
    re.IGNORECASE,
)
_EN_AGE_FIELD = re.compile(r"(?<![a-z])age[d]?\s*[:=]?\s*([0-9]{1,2})(?![0-9])", re.IGNORECASE)
_EN_GRADER = re.compile(
    r"(?<![a-z0-9])(?:([1-7])(?:st|nd|rd|th)|(first|second|third|fourth|fifth|sixth|seventh))"
    r"[- ](grader|grade)(?![a-z])",
    re.IGNORECASE,
)
_EN_SCHOOL = re.compile(
    r"(?<![a-z])(kindergartner|kindergartener|kindergarten|preschooler|preschool|pre-k|nursery school|"
    r"elementary school|primary school)(?![a-z])",
    re.IGNORECASE,
)
_EN_ENROL = re.compile(
    r"(?:\bin|\battends|\battending|\bstarts|\bstarted|\bstarting|\bgoes to|\bgoing to|\benrolled in|\bat)"
    r"(?:\s+the)?\s*$",
    re.IGNORECASE,
)
# An age without "years old" after a possessed child: "our daughter just
# turned 9", "my twins are six", "my niece, who is 10". A unit after the
# number ("is 5 feet", "was 3 hours late") or "of" ("is one of") makes it
# something else.
_EN_KIN_AGE = re.compile(
    r"\b(?:my|our|his|her|their|your)\s+(?:[a-z]+\s+)?"
    r"(?:son|daughter|kid|child|boy|girl|twins|triplets|niece|nephew|grandson|granddaughter|baby|youngest|brother|sister|"
    r"eldest|oldest|stepson|stepdaughter)s?(?:,?\s+who)?\s+(?:just\s+)?(?:turned|turns|is|are|was|is now|are now)\s+"
    r"(?:now\s+|only\s+|just\s+)?([0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)"
    r"(?![0-9a-z'\"%])(?![.,][0-9])(?!\s*(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|percent|feet|foot|ft|"
    r"inch|inches|cm|kg|lbs?|pounds|points|dollars|of|out of|times|x|-|am|pm|a\.m|p\.m|o'clock)\b)",
    re.IGNORECASE,
)
_EN_KIN_GATE = ("son", "daughter", "kid", "child", "boy", "girl", "twins", "triplets", "niece", "nephew", "grand", "brother", "sister",
                "baby", "youngest", "eldest", "oldest")

_EN_KIN_GATE_RE = re.compile("|".join(_EN_KIN_GATE))

_EN_PERSON_NOUN_SUFFIX = ("grader", "kindergartner", "kindergartener", "preschooler")


def zh_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        if len(ones) > 1 or len(tens) > 1:
            return None
        t = _ZH_DIGITS.get(tens, None) if tens else 1
        o = _ZH_DIGITS.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(s) == 1:
        return _ZH_DIGITS.get(s)
    return None


class MinorFinder:
    """Finds ages under 14 and primary-school grades with their context."""

    def __init__(self, raw: dict, zh_anchors: re.Pattern, en_anchors: re.Pattern):
        m = raw["minor"]
        self.threshold = int(m["age_threshold"])
        self.zh_anchors = zh_anchors
        self.en_anchors = en_anchors
        self.zh_threshold_before = word_alternation(m["zh_threshold_before"], latin=False)
        self.zh_range_after = prefix_alternation(m["zh_range_after"], latin=False)
        self.en_threshold_before = word_alternation(m["en_threshold_before"], latin=True)
        self.en_range_after = prefix_alternation(m["en_range_after"], latin=True)
        self.zh_person_after = prefix_alternation(m["zh_person_after"], latin=False)
        self.en_person_after = prefix_alternation(m["en_person_after"], latin=True)
        self.zh_grade_generic_after = prefix_alternation(m["zh_grade_generic_after"], latin=False)
        self.en_grade_generic_after = prefix_alternation(m["en_grade_generic_after"], latin=True)

    # -- Chinese -------------------------------------------------------------
    def find_zh(self, norm: str, clause_before, sentence_before) -> Iterator[tuple[int, int, float, str]]:
        # Substring gates: most texts hold no 岁/年级/幼儿园, and `in` is far
        # cheaper than a regex scan.
        if "岁" in norm:
            yield from self._zh_ages(norm, clause_before, sentence_before)
        if "年龄" in norm:
            yield from self._zh_age_fields(norm)
        if any(k in norm for k in _ZH_GRADE_KEYS):
            yield from self._zh_grades(norm, clause_before, sentence_before)

    def _zh_ages(self, norm, clause_before, sentence_before):
        for m in _ZH_AGE.finditer(norm):
            s, e = m.span()
            if s > 0 and norm[s - 1].isdigit():
                continue
            n = zh_number(m.group(1))
            if n is None or n >= self.threshold:
                continue
            clause = clause_before(norm, s, 8)
            after = norm[e:e + 8]
            if (s > 0 and norm[s - 1] in "-~～至到、—") or self.zh_threshold_before.search(clause[-3:]):
                continue
            if self.zh_range_after.match(after):
                continue
            anchored = self.zh_anchors.search(sentence_before(norm, s, 12)) or self.zh_person_after.match(after)
            score = 0.85 if anchored else 0.55
            yield s, e, score, f"age:{n}"

    def _zh_age_fields(self, norm):
        for m in _ZH_AGE_FIELD.finditer(norm):
            s, e = m.span()
            if e < len(norm) and norm[e].isdigit():
                continue
            n = int(m.group(1))
            if n < self.threshold:
                yield s, e, 0.8, f"age:{n}"

    def _zh_grades(self, norm, clause_before, sentence_before):
        for m in _ZH_GRADE.finditer(norm):
            s, e = m.span()
            if s > 0 and norm[s - 1] in "初高大研":
                continue
            after = norm[e:e + 8]
            if self.zh_grade_generic_after.match(after):
                continue
            clause = clause_before(norm, s, 10)
            enrolled = _ZH_ENROL.search(clause[-4:]) is not None
            anchored = self.zh_anchors.search(sentence_before(norm, s, 12)) is not None
            if enrolled and anchored:
                score = 0.85
            elif enrolled or anchored:
                score = 0.7
            else:
                score = 0.4
            yield s, e, score, "grade:" + m.group()

    # -- English -------------------------------------------------------------
    def find_en(self, norm: str, clause_before, sentence_before) -> Iterator[tuple[int, int, float, str]]:
        low = norm.lower()

        def has(*keys: str) -> bool:
            return any(k in low for k in keys)

        if has("old"):
            yield from self._en_ages(norm, clause_before, sentence_before)
        if _EN_KIN_GATE_RE.search(low):
            yield from self._en_kin_ages(norm)
        if has("age"):
            yield from self._en_age_fields(norm, sentence_before)
        if has("grade"):
            yield from self._en_grades(norm, clause_before, sentence_before)
        if has("kinder", "school", "pre-k"):
            yield from self._en_schools(norm, clause_before, sentence_before)

    def _en_ages(self, norm, clause_before, sentence_before):
        for m in _EN_AGE.finditer(norm):
            s, e = m.span()
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else _EN_NUMBERS[word]
            months = "month" in m.group().lower()
            if months:
                n = n // 12
            if n >= self.threshold:
                continue
            clause = clause_before(norm, s, 40)
            after = norm[e:e + 20]
            if self.en_threshold_before.search(clause[-14:]) or self.en_range_after.match(after):
                continue
            if s > 0 and norm[s - 1] in "-~–":
                continue
            anchored = self.en_anchors.search(sentence_before(norm, s, 60)) or self.en_person_after.match(after)
            yield s, e, 0.85 if anchored else 0.45, f"age:{n}"

    def _en_kin_ages(self, norm):
        for m in _EN_KIN_AGE.finditer(norm):
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else _EN_NUMBERS[word]
            if n >= self.threshold:
                continue
            yield m.start(), m.end(), 0.8, f"age:{n}"

    def _en_age_fields(self, norm, sentence_before):
        for m in _EN_AGE_FIELD.finditer(norm):
            s, e = m.span()
            n = int(m.group(1))
            after = norm[e:e + 20]
            if n >= self.threshold or self.en_range_after.match(after):
                continue
            if m.group().lower().startswith("aged") and not self.en_anchors.search(sentence_before(norm, s, 60)):
                continue
            yield s, e, 0.75, f"age:{n}"

    def _en_grades(self, norm, clause_before, sentence_before):
        for m in _EN_GRADER.finditer(norm):
            s, e = m.span()
            after = norm[e:e + 20]
            if self.en_grade_generic_after.match(after):
                continue
            if m.group(3).lower() == "grader":
                yield s, e, 0.8, "grade:" + m.group().lower()
                continue
            clause = clause_before(norm, s, 40)
            enrolled = _EN_ENROL.search(clause) is not None
            anchored = self.en_anchors.search(sentence_before(norm, s, 60)) is not None
            score = 0.85 if enrolled and anchored else 0.7 if enrolled else 0.4
            yield s, e, score, "grade:" + m.group().lower()

    def _en_schools(self, norm, clause_before, sentence_before):
        for m in _EN_SCHOOL.finditer(norm):
            s, e = m.span()
            after = norm[e:e + 20]
            word = m.group(1).lower()
            if self.en_grade_generic_after.match(after):
                continue
            clause = clause_before(norm, s, 40)
            enrolled = _EN_ENROL.search(clause) is not None
            anchored = self.en_anchors.search(sentence_before(norm, s, 60)) is not None
            if word.endswith(_EN_PERSON_NOUN_SUFFIX):
                score = 0.75
            elif enrolled and anchored:
                score = 0.85
            elif enrolled:
                score = 0.55
            else:
                score = 0.35
            yield s, e, score, "school:" + word
