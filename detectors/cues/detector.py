"""The sensitive-information cue detector (PIPL Art. 28, GB/T 35273 App. B).

A cue is a sensitive term (a disease, a religion, "指纹", "征信"…) that the
text states about a person. Lookup is one trie-shaped pattern per language
over every category's terms (``data/cues/lexicon.yaml``); only the few
dozen characters around each hit are examined afterwards, which keeps the
detector within its throughput budget.

Around a hit, in the same sentence:
- a negation in the same clause just before it ("没有犯罪记录", "not
  diagnosed with") makes it a non-finding;
- an informational frame right next to it ("如何治疗抑郁症", "糖尿病的预防",
  "symptoms of", "the clinic treats") makes it a topic, not a fact;
- a person anchor (我/他/患者/妈妈, my/she/patient) and an assertion word
  (确诊/患有/是, diagnosed with/is/has) make it a fact about a person.

Anchored assertions score ≥ 0.7; bare mentions < 0.5, so the engine's
default ``min_score`` of 0.5 keeps only the former.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..base import Detector
from ..catalogue import cue_types
from ..text import ScanText
from . import families
from .lexicon import BLOCKER, FACT, SELF_ASSERTING, SYMPTOM, CategoryFrames, LanguageLexicon, build_language, load_raw
from .minor import MinorFinder

_ZH_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_ZH_CLAUSE_END = re.compile(r"[。！？!?；;\n，,]|但是|但|不过|可是|而且|然而")
_EN_SENTENCE_END = re.compile(r"[!?;\n]|\.(?:\s|$)")
_EN_CLAUSE_END = re.compile(r"[!?;\n,]|\.(?:\s|$)|\b(?:but|although|though|however|whereas)\b", re.IGNORECASE)
_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")

# Evidence that a trajectory or a financial term is about concrete facts.
_TIME = re.compile(
    r"[0-9]{1,2}\s*[:：][0-9]{2}|[0-9]{1,2}\s*点|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号]|"
    r"[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}|(?<![a-z])(?:am|pm)(?![a-z])|"
    r"(?<![a-z])(?:yesterday|last night|this morning|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)(?![a-z])|"
    r"昨天|昨晚|前天|今天上午|今天下午|凌晨|上午|下午|晚上",
    re.IGNORECASE,
)
# "一百多万", "十几万", "3000多": an approximate amount keeps its 多/几/余.
_AMOUNT = re.compile(
    r"[0-9][0-9,.]*\s*(?:多|余|来)?\s*(?:万|千|元|块|k\b|w\b|万元|亿|美元|人民币|rmb|yuan|usd|dollars|bucks|grand)|"
    r"[¥￥$€£]\s*[0-9]|[0-9]+\s*(?:个月|期)|[一二三四五六七八九十两几百千]+\s*(?:多|余|来)?\s*(?:万|千|块|亿)|"
    r"[0-9]{3,}\s*(?:多|出头)",
    re.IGNORECASE,
)
# A bare number right after a money word is its amount: "工资3000", "余额才
# 1200". Years, dates, percentages and counts are not.
_ZH_AMOUNT_RIGHT_AFTER = re.compile(
    r"[才只仅就有是为约大概不到刚每月]{0,3}\s*[0-9]{3,}(?:\.[0-9]+)?(?![0-9.]|\s*(?:年|月|日|号|%|天|次|个|人|件|米|分|岁))"
)
# A negating character right before a term that starts with its own verb
# ("不" + "是同性恋", "没" + "有前科").
_ZH_NEGATING_CHARS = frozenset("不没无未非")

_BOOSTED = {"LOCATION_TRACE": _TIME, "FINANCIAL_INFO": _AMOUNT}

# A person named in English before the term: a capitalised word (optionally
# a middle initial and a surname) followed by a verb of state ("Priya is
# Hindu", "Tom has type 1 diabetes", "Mary B. Allen is"). Sentence-initial
# function words are excluded; the term itself is never inside the
# sentence-before window, so "Diabetes is…" does not anchor itself.
_EN_NAME_ANCHOR = re.compile(
    r"(?<![A-Za-z])(?!(?:The|This|That|These|Those|It|Its|There|Here|What|Which|Who|When|Where|Why|How|A|An|"
    r"Our|Each|Every|Some|Any|All|No|None|If|In|On|At|For|And|But|Or|So|Then|Today|Yesterday|Everyone|"
    r"Someone|Nobody|Anyone|Everybody|Somebody|One|Nothing|Something|Everything|Life|Being)\b)"
    r"[A-Z][a-z]{1,15}(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]{1,15})?\s+(?:is|was|has|had|became|follows|practices|got)\b"
)
# The most common surnames.
_ZH_SURNAME = (
    r"[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    r"魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    r"莫孔向汤]"
)
# "老王", "小李": a surname after 老/小 is how Chinese chat names a person.
_ZH_KIN_ANCHOR = re.compile(r"[老小]" + _ZH_SURNAME + r"(?![\u4e00-\u9fff]{0,1}(?:家|区|店|路|街|楼|村|镇|市))")
# 某 stands for a person after a surname ("王某", "张某某") or before a word
# for one ("某某", "某男"); before anything else it is "a certain"
# ("某银行信贷部", "某公司").
_ZH_MOU_AFTER_SURNAME = re.compile(_ZH_SURNAME + "某")
_ZH_MOU_PERSON = re.compile(r"某(?:某|男|女|人|先生|女士|小姐|同学|同事|患者|员工|客户|甲|乙)")

# The rest of a form label after an anchor: "患者" + "提问：".
_ZH_LABEL_TAIL = re.compile(r"[\u4e00-\u9fff]{0,4}[:：]")
# Chinese drops the subject of a narrative; a time counted back from the
# speaker ("上个月信用卡逾期了三千多") then stands for "I" — but only with an
# assertion, never as an anchor on its own.
_ZH_SPEAKER_PAST = re.compile(r"上个月|上周|上星期|去年|前年|昨天|前天|上次|前几天|前阵子|刚才|最近|这几天|这两天|近来")
_EN_ABOUT_AMOUNT = re.compile(r"\b(?:about|around)(?=\s*[$€£¥]?\s*[0-9])", re.IGNORECASE)


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


# Something concrete about a symptom: how long, how high, a visit, a habit.
_ZH_SYMPTOM_EVIDENCE = re.compile(
    r"[0-9一二两三四五六七八九十几半]+\s*个?多?(?:天|周|星期|月|小时|晚|夜)|[0-9]{2}(?:\.[0-9])?\s*(?:度|℃)|"
    r"3[5-9]度|体温|就诊|看医生|看病|去医院|吃药|退烧|反复|一直|总是|老是|持续|好几天|好久|^了|"
    # the wording of a history of present illness: "无明显诱因出现胸痛，伴大汗"
    r"诱因|^[，,]\s*伴"
)
_EN_SYMPTOM_EVIDENCE = re.compile(
    r"\bsince\b|\bfor (?:[0-9]+|a|an|two|three|four|five|several|a few|the past|the last|over a) "
    r"(?:days?|weeks?|nights?|hours?|months?)\b|\b[0-9]{2}(?:\.[0-9])?\s*°?\s*[cf]\b|"
    r"\b[0-9]{2}(?:\.[0-9])?\s*degrees\b|\btemperature\b|\ball night\b|\bevery night\b|\bkeeps?\b|"
    r"\bwon't stop\b|\bstill\b|\bhas had\b|\bhave had\b|\bhad a\b|\bhas a\b|\brunning a\b|\bgot a\b|"
    r"\bdeveloped\b|\bbroke out in\b|\b(?:has|had|have|got)\s*$",
    re.IGNORECASE,
)

# How far back a record's field label may open the sentence of a term
# ("入院诊断：1.社区获得性肺炎 2.高血压病3级").
_LABEL_WINDOW = 48
_CLAUSE_COMMA = re.compile(r"[，,]")
# How close after a Latin record label a term counts without other record
# wording ("Assessment: 54yo M with type 2 diabetes"), and how far around
# the label that wording is looked for.
_LABEL_NOTE_GAP = 24
_RECORD_EVIDENCE_WINDOW = 160
# How far into the next clause its subject may start ("，他昨晚…", ", she was…").
_NEXT_SUBJECT_WINDOW = 3
# How far after a term the words of its surroundings (a job ad) are looked for.
_NEXT_WINDOW = 24

NEGATED_SCORE = 0.15
GENERIC_SCORE = 0.3
ANCHORED_ASSERTION_SCORE = 0.85
SELF_ASSERTING_SCORE = 0.75
ASSERTION_ONLY_SCORE = {"zh": 0.7, "en": 0.65}
SENTENCE_GENERIC_PENALTY = 0.15
SYMPTOM_SCORE = 0.7


def _tail_after_last(pattern: re.Pattern, text: str) -> str:
    last = None
    for last in pattern.finditer(text):
        pass
    return text if last is None else text[last.end():]


def _head_before_first(pattern: re.Pattern, text: str) -> str:
    m = pattern.search(text)
    return text if m is None else text[:m.start()]


class SensitiveCueDetector(Detector):
    """Cues of PIPL Art. 28 sensitive personal information, zh and en."""

    NAME = "sensitive_cues"
    VERSION = "0.4.1"
    ENTITIES = tuple(sorted(cue_types()))
    NEEDS = "any"

    def __init__(self, **options):
        super().__init__(**options)
        raw = load_raw()
        self.zh: LanguageLexicon = build_language(raw, "zh")
        self.en: LanguageLexicon = build_language(raw, "en")
        self.minor = MinorFinder(raw, self.zh.anchors, self.en.anchors, self.zh.anchor_blockers)

    # -- context windows ------------------------------------------------------
    @staticmethod
    def _zh_sentence_before(norm: str, s: int, window: int) -> str:
        return _tail_after_last(_ZH_SENTENCE_END, norm[max(0, s - window):s])

    @staticmethod
    def _zh_clause_before(norm: str, s: int, window: int) -> str:
        return _tail_after_last(_ZH_CLAUSE_END, norm[max(0, s - window):s])

    @staticmethod
    def _en_sentence_before(norm: str, s: int, window: int) -> str:
        return _tail_after_last(_EN_SENTENCE_END, norm[max(0, s - window):s])

    @staticmethod
    def _en_clause_before(norm: str, s: int, window: int) -> str:
        return _tail_after_last(_EN_CLAUSE_END, norm[max(0, s - window):s])

    # -- judging one lexicon hit ---------------------------------------------
    def _anchors(self, lex: LanguageLexicon, sentence: str) -> tuple[bool, bool]:
        """(anchored, personally anchored) for the sentence before a hit.

        A role anchor inside a form label ("患者提问：", "客户反馈：") names
        the form's field, not the subject of what follows the colon.
        """
        anchor = personal = False
        for m in lex.anchors.finditer(sentence):
            word = m.group().lower()
            if word in lex.anchor_blockers:
                continue
            if word == "某" and not (
                _ZH_MOU_PERSON.match(sentence, m.start())
                or (m.start() > 0 and _ZH_MOU_AFTER_SURNAME.match(sentence, m.start() - 1))
            ):
                continue
            role = word in lex.role_anchors
            if role and not lex.latin and _ZH_LABEL_TAIL.match(sentence, m.end()):
                continue
            anchor = True
            if not role:
                personal = True
                break
        if not anchor:
            anchor = (_EN_NAME_ANCHOR if lex.latin else _ZH_KIN_ANCHOR).search(sentence) is not None
            personal = anchor
        return anchor, personal

    @staticmethod
    def _first(pattern: re.Pattern, blockers: frozenset[str], text: str) -> int | None:
        """Start of the first match of ``pattern`` in ``text`` that is not a blocker word."""
        for m in pattern.finditer(text):
            if m.group().lower() not in blockers:
                return m.start()
        return None

    def _negated(self, lex: LanguageLexicon, clause: str, window: int) -> bool:
        """Whether a negation in the last ``window`` characters of ``clause`` reaches the term after it.

        The last negation counts ("没想到他没有糖尿病"). Its reach ends at a
        connective or a factive verb ("还没结婚就查出了不孕", "doesn't know
        I have") or at a new subject ("没想到我爸查出了肺癌", "can't work
        because he has epilepsy"), unless a verb of finding or saying comes
        first and carries it on ("未发现他有", "don't think I have"). A
        negation that takes a clause of its own carries it on by itself
        ("否认患者有", "ruled out that she has"). Saying to someone is telling
        ("没跟家里说我是"): it carries nothing.
        """
        floor = len(clause) - window
        last = None
        for m in lex.negations.finditer(clause):
            # A list carries its negation past the window: "否认高血压、糖尿病、冠心病病史".
            if (m.start() >= floor or "、" in clause[m.end():]) and m.group().lower() not in lex.negation_blockers:
                last = m
        if last is None:
            return False
        if last.group().lower() in lex.scope_carrying:
            return True
        between = clause[last.end():]
        cuts = [
            self._first(lex.scope_breakers, lex.scope_breaker_blockers, between),
            self._first(lex.scope_subjects, frozenset(), between) if lex.scope_subjects is not None
            else self._first(lex.anchors, lex.anchor_blockers, between),
        ]
        cut = min((c for c in cuts if c is not None), default=None)
        if cut is None:
            return True
        for carrier in lex.scope_carriers.finditer(between, 0, cut):
            if (carrier.group().lower() in lex.scope_saying
                    and lex.scope_addressees.search(between, 0, carrier.start()) is not None):
                continue
            return True
        return False

    @staticmethod
    def _resolved_after(lex: LanguageLexicon, after: str) -> bool:
        """Whether words after a negated term say when the fact began ("wasn't diagnosed with X until 30")."""
        m = lex.scope_resolvers.search(after)
        return m is not None and m.group().lower() not in lex.scope_resolver_blockers

    def _under_record_label(self, lex: LanguageLexicon, frames: CategoryFrames, norm: str, s: int, e: int) -> bool:
        window = norm[max(0, s - _LABEL_WINDOW):s]
        if ":" not in window and "：" not in window and "】" not in window:
            return False
        sentence = (self._en_sentence_before if lex.latin else self._zh_sentence_before)(norm, s, _LABEL_WINDOW)
        label = frames.record_label
        # The label opens the sentence or one of its clauses ("否认吸烟，既往史：高血压").
        m = label.match(sentence)
        if m is None:
            m = next((lm for c in _CLAUSE_COMMA.finditer(sentence) if (lm := label.match(sentence, c.end()))), None)
        if m is None:
            return False
        if frames.record_evidence is None:
            return True
        # Latin labels also head reviews and repair notes: the term must
        # follow closely in note shape, or record wording must be near.
        gap = sentence[m.end():]
        if len(gap) <= _LABEL_NOTE_GAP and (
            frames.record_prose_opener is None or frames.record_prose_opener.match(gap) is None
        ):
            return True
        base = s - len(sentence)
        lo, hi = max(0, base + m.start() - _RECORD_EVIDENCE_WINDOW), min(len(norm), e + _RECORD_EVIDENCE_WINDOW)
        return (frames.record_evidence.search(norm, lo, base + m.start()) is not None
                or frames.record_evidence.search(norm, base + m.end(), hi) is not None)

    def _judge(self, lex: LanguageLexicon, norm: str, s: int, e: int, entity_type: str, kind: str):
        """(score, span start) for a term hit at [s, e)."""
        zh = not lex.latin
        if zh:
            sentence = self._zh_sentence_before(norm, s, 32 if kind == SYMPTOM else 16)
            clause = _tail_after_last(_ZH_CLAUSE_END, sentence)
            after = _head_before_first(_ZH_SENTENCE_END, norm[e:e + 12])
            after_clause = _head_before_first(_ZH_CLAUSE_END, after)
            neg_window, assert_zone, near_zone = 10, clause[-7:], clause[-6:]
        else:
            sentence = self._en_sentence_before(norm, s, 80)
            clause = _tail_after_last(_EN_CLAUSE_END, sentence)
            after = _head_before_first(_EN_SENTENCE_END, norm[e:e + 40])
            after_clause = _head_before_first(_EN_CLAUSE_END, after)
            neg_window, assert_zone, near_zone = 40, clause[-40:], clause[-28:]
            # "about $40k" approximates an amount; it is not "a talk about".
            near_zone = _EN_ABOUT_AMOUNT.sub(_blank, near_zone)
        # A form label before the colon ("问题描述：", "Issue:") is not a
        # topical frame for what follows it.
        near_zone = near_zone[max(near_zone.rfind("："), near_zone.rfind(":")) + 1:]
        frames = lex.frames[entity_type]
        if (self._negated(lex, clause, neg_window) or (zh and clause[-1:] in _ZH_NEGATING_CHARS)) and not (
            self._resolved_after(lex, after if zh else after_clause)
        ):
            return NEGATED_SCORE, s
        self_asserting = kind == SELF_ASSERTING
        anchor, personal = self._anchors(lex, sentence)
        near_before = frames.generic_near_before or lex.generic_near_before
        generic_before = near_before.search(near_zone) is not None
        if not generic_before and frames.generic_before is not None:
            m = frames.generic_before.search(near_zone)
            # "我银行存款", "我在银行的存款": the person right before the
            # institution word owns what it qualifies; in "我负责公司的贷款"
            # the person does a job for it.
            generic_before = m is not None and not (
                personal and self._anchors(lex, near_zone[max(0, m.start() - 2):m.start()])[1]
            )
        generic_after = frames.generic_after is not None and frames.generic_after.match(after) is not None
        start = s
        asserted = kind == FACT
        strong = False
        last_strong = None
        for assertion in frames.assertion.finditer(assert_zone):
            asserted = True
            # "的", "is", "has": too common to assert anything without a
            # person; a strong word anywhere in the zone still counts
            # ("宗教信仰：是穆斯林": the field label, then a weak 是).
            if " ".join(assertion.group().lower().split()) not in lex.weak_assertions:
                strong = True
                last_strong = assertion
        if last_strong is not None:
            gap = len(assert_zone) - last_strong.end()
            if gap <= (1 if zh else 2):
                start = s - (len(assert_zone) - last_strong.start())
                # A strong assertion right before the term outweighs a
                # topical word right after it: "被诊断为乳腺癌早期" is a
                # diagnosis, "乳腺癌早期症状" a topic.
                generic_after = False
        # A record's field label ("主诉：", "Assessment:") opening the
        # sentence names its patient and asserts what follows it.
        labelled = frames.record_label is not None and self._under_record_label(lex, frames, norm, s, e)
        if labelled:
            anchor = asserted = strong = True
        if not asserted and frames.assertion_after is not None:
            asserted = frames.assertion_after.match(after_clause) is not None
        if frames.role_after is not None and frames.role_after.match(after) is not None:
            # "高血压患者饮食上要少盐" is about a group; "我妈是高血压患者" is not.
            generic_after = generic_after or not (anchor and asserted)
        generic_near = generic_before or generic_after
        if not personal and not generic_near:
            # News about cases in general ("最近确诊病例大幅增加"), a job ad's pay.
            generic_near = (
                lex.population.search(clause) is not None
                or lex.population.search(after_clause) is not None
                or (frames.generic_window is not None and frames.generic_window.search(
                    norm, max(0, s - _LABEL_WINDOW), min(len(norm), e + _NEXT_WINDOW)) is not None)
            )
        boost = _BOOSTED.get(entity_type)
        if not asserted and boost is not None:
            # A time or an amount supports a trajectory or a balance, weakly.
            asserted = boost.search(sentence) is not None or boost.search(after) is not None
            if not asserted and zh and entity_type == "FINANCIAL_INFO":
                asserted = _ZH_AMOUNT_RIGHT_AFTER.match(after_clause) is not None
            if asserted and not anchor:
                # "根据手机定位，他昨晚11点还在酒吧": the subject opens the next
                # clause, whose time or amount is the evidence.
                rest = after[len(after_clause) + 1:]
                if rest and boost.search(rest):
                    anchor, personal = self._anchors(lex, rest[:_NEXT_SUBJECT_WINDOW])
        if generic_near:
            # An anchored fact survives a topical word next to it only when
            # the term asserts by itself ("出柜", "HIV阳性").
            return (0.55 if (anchor and self_asserting) else GENERIC_SCORE), start
        if kind == SYMPTOM:
            # A symptom is someone's health only with a subject and something
            # concrete: "我女儿发烧三天了", "has had a fever of 39C".
            evidence = _ZH_SYMPTOM_EVIDENCE if zh else _EN_SYMPTOM_EVIDENCE
            concrete = labelled or evidence.search(sentence[-12:] if zh else sentence[-40:]) or evidence.search(after)
            score = SYMPTOM_SCORE if (anchor and concrete) else GENERIC_SCORE
        elif (anchor or (zh and asserted and _ZH_SPEAKER_PAST.search(sentence))) and (asserted or self_asserting):
            score = ANCHORED_ASSERTION_SCORE
        elif self_asserting:
            score = SELF_ASSERTING_SCORE
        elif strong:
            score = ASSERTION_ONLY_SCORE["zh" if zh else "en"]
        elif anchor:
            score = frames.anchor_only_score
        else:
            score = frames.bare_score
        # A question or a how-to in the sentence makes a mention topical,
        # except around a particular person, whose own question states the
        # fact all the same ("我得了带状疱疹，疼得厉害，严重吗？"): then only
        # the term's own clause counts.
        if personal:
            generic_sentence = lex.generic_sentence.search(clause) or lex.generic_sentence.search(after_clause)
        else:
            generic_sentence = lex.generic_sentence.search(sentence) or lex.generic_sentence.search(after)
        if generic_sentence:
            score -= SENTENCE_GENERIC_PENALTY
        return score, start

    def _lexicon_hits(self, lex: LanguageLexicon, norm: str) -> Iterator[tuple[str, int, int, float, str]]:
        for m in lex.terms.finditer(norm):
            s, e = m.span()
            word = m.group()
            key = word.lower()
            if lex.latin:
                key = " ".join(key.split())
            else:
                # zh terms with Latin letters ("HIV", "gay") must not sit inside a Latin word.
                if _LATIN_CHAR.match(word[0]) and s > 0 and _LATIN_CHAR.match(norm[s - 1]):
                    continue
                if _LATIN_CHAR.match(word[-1]) and e < len(norm) and _LATIN_CHAR.match(norm[e]):
                    continue
            entry = lex.index.get(key)
            if entry is None or entry[1] == BLOCKER:
                continue
            entity_type, kind = entry
            score, start = self._judge(lex, norm, s, e, entity_type, kind)
            yield entity_type, start, e, round(max(0.0, min(1.0, score)), 3), f"{entity_type}:{key}"

    def _family_hits(self, lex: LanguageLexicon, lang: str, norm: str, low: str):
        for entity_type, kind, s, e in families.find(lang, norm, low):
            score, start = self._judge(lex, norm, s, e, entity_type, kind)
            key = " ".join(norm[s:e].lower().split())
            yield entity_type, start, e, round(max(0.0, min(1.0, score)), 3), f"{entity_type}:{key}"

    def find_normalised(self, doc: ScanText) -> Iterable[tuple[str, int, int, float, str]]:
        norm = doc.norm
        out: list[tuple[str, int, int, float, str]] = []
        if doc.has_cjk:
            out.extend(self._lexicon_hits(self.zh, norm))
            out.extend(self._family_hits(self.zh, "zh", norm, norm))
            for s, e, score, value in self.minor.find_zh(norm, self._zh_clause_before, self._zh_sentence_before):
                out.append(("MINOR_INFO", s, e, score, value))
        if doc.has_latin:
            out.extend(self._lexicon_hits(self.en, norm))
            out.extend(self._family_hits(self.en, "en", norm, norm.lower()))
            for s, e, score, value in self.minor.find_en(norm, self._en_clause_before, self._en_sentence_before):
                out.append(("MINOR_INFO", s, e, score, value))
        return out
