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

from .lexicon import prefix_alternation, trie_regex, word_alternation

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}

# No lookbehind: digit boundaries are checked in Python (see patterns.py).
_ZH_AGE = re.compile(r"([0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3})(?:周)?岁(?:半)?")
_ZH_NUMBER = r"([0-9]{1,3}|[零〇一二两三四五六七八九十]{1,3})"
# An infant's age ends the phrase or is followed by 大/了 ("宝宝5个月，老是吐
# 奶", "三个月大"); "孩子3个月没回家" is a duration.
_ZH_MONTHS_END = re.compile(r"[大了啦，,。！!？?；;的半\s]|$")
# Entries of ``zh_person_after`` that close an age without naming anyone.
_ZH_NOT_A_NOUN = frozenset(("了", "啦", "半了"))
_ZH_AGE_FIELD = re.compile(r"年龄\s*[:：]?\s*([0-9]{1,2})(?:\s*岁)?")
_ZH_GRADE = re.compile(
    r"(?:小学|幼儿园|幼稚园|学前班|托儿所)(?:[一二三四五六]年级|大班|中班|小班)?|[一二三四五六]年级"
)
_ZH_GRADE_KEYS = ("年级", "小学", "幼儿园", "幼稚园", "学前班", "托儿所")
_ZH_ENROL = re.compile(r"(?:上|读|在读|就读|念|在|进|升|刚上|还在上|正在上)$")

_EN_AGE = re.compile(
    r"(?<![0-9a-z])([0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)"
    r"(?:[- ]and[- ]a[- ]half)?[- ](years?|yrs?|months?|weeks?|days?)[- ]old(?![a-z])",
    re.IGNORECASE,
)
# "10 y/o", "6yo", "7 y.o.": the scan looks for the literal "y" (fast on
# digit-heavy text, where a leading digit class is not); the number before
# it is read in Python.
_EN_YO = re.compile(r"y(?:/o|\.o\.|o)(?![A-Za-z0-9])")
_EN_YO_NUMBER = re.compile(r"(?<![0-9A-Za-z.,$])([0-9]{1,2}) ?$")
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

    def __init__(self, raw: dict, zh_anchors: re.Pattern, en_anchors: re.Pattern,
                 zh_anchor_blockers: frozenset[str] = frozenset()):
        m = raw["minor"]
        self.threshold = int(m["age_threshold"])
        self.zh_anchors = zh_anchors
        self.zh_anchor_blockers = zh_anchor_blockers
        self.en_anchors = en_anchors
        nouns = trie_regex(sorted(set(m["zh_infant_nouns"]), key=len, reverse=True))
        filler = trie_regex(sorted(set(m["zh_infant_filler"]), key=len, reverse=True))
        # "我儿子5个月", "宝宝出生42天": the child noun, a few filler words, the age.
        self._zh_infant_before = re.compile(
            "(?:" + nouns + ")((?:" + filler + "){0,2})" + _ZH_NUMBER + r"(个半?多?月|天|周)(大)?"
        )
        # "三个月大的宝宝", "10个月的孩子", "5个月宝宝"
        self._zh_infant_after = re.compile(_ZH_NUMBER + r"个半?多?月(?:大)?的?(?:" + nouns + ")")
        self.zh_nonperson_before = word_alternation(m["zh_nonperson_before"], latin=False)
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
        if "个月" in norm or "天大" in norm or "周大" in norm or ("出生" in norm and "天" in norm):
            yield from self._zh_infant_ages(norm)
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
            person_after = self.zh_person_after.match(after)
            names_person = person_after is not None and person_after.group() not in _ZH_NOT_A_NOUN
            if not names_person and self._nonperson_subject(sentence_before(norm, s, 16)):
                continue
            anchored = self._zh_anchored(sentence_before(norm, s, 12)) or person_after
            score = 0.85 if anchored else 0.55
            yield s, e, score, f"age:{n}"

    def _zh_anchored(self, text: str) -> bool:
        return any(m.group() not in self.zh_anchor_blockers for m in self.zh_anchors.finditer(text))

    def _nonperson_subject(self, sentence: str) -> bool:
        """A company, a pet or a thing is the subject nearest before the age."""
        last = None
        for last in self.zh_nonperson_before.finditer(sentence):
            pass
        return last is not None and not self._zh_anchored(sentence[last.end():])

    def _zh_infant_ages(self, norm):
        seen = set()
        for m in self._zh_infant_before.finditer(norm):
            s, e = m.start(2), m.end(3) if m.group(4) is None else m.end(4)
            unit = m.group(3)
            if unit in ("天", "周"):
                # "孩子3天没吃饭" is a duration; "出生42天", "42天大" is an age.
                if "出生" not in m.group(1) and m.group(4) is None:
                    continue
                n = 0
            else:
                if m.group(4) is None and not _ZH_MONTHS_END.match(norm, m.end(3)):
                    continue
                months = zh_number(m.group(2))
                if months is None:
                    continue
                n = months // 12
            if n >= self.threshold or self.zh_range_after.match(norm[e:e + 8]) or norm[e:e + 1] == "内":
                continue
            seen.add(s)
            yield s, e, 0.85, f"age:{n}"
        for m in self._zh_infant_after.finditer(norm):
            s = m.start()
            if s in seen or (s > 0 and norm[s - 1].isdigit()):
                continue
            months = zh_number(m.group(1))
            if months is None or months // 12 >= self.threshold:
                continue
            yield s, m.end(), 0.85, f"age:{months // 12}"

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
        # No substring gate: "yo" is inside "you"; the pattern starts with a digit class.
        yield from self._en_yo_ages(norm, clause_before, sentence_before)
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
            unit = m.group(2).lower()
            if unit.startswith("month"):
                n = n // 12
            elif unit.startswith(("week", "day")):
                n = 0
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

    def _en_yo_ages(self, norm, clause_before, sentence_before):
        for m in _EN_YO.finditer(norm):
            e = m.end()
            lo = max(0, m.start() - 4)
            num = _EN_YO_NUMBER.search(norm[lo:m.start()])
            if num is None or (num.start() == 0 and lo > 0 and (norm[lo - 1].isalnum() or norm[lo - 1] in ".,$")):
                continue
            s = lo + num.start()
            n = int(num.group(1))
            if n >= self.threshold:
                continue
            clause = clause_before(norm, s, 40)
            if self.en_threshold_before.search(clause[-14:]) or (s > 0 and norm[s - 1] in "-~–"):
                continue
            if self.en_range_after.match(norm[e:e + 20]):
                continue
            anchored = self.en_anchors.search(sentence_before(norm, s, 60)) or self.en_person_after.match(norm[e:e + 20])
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
