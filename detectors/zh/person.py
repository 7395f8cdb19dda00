"""Chinese personal names (PERSON) in Chinese text.

Why not jieba's part-of-speech tagger: ``posseg`` runs at about 0.23 MB/s and
tags only about half of real names ``nr``, so it is both too slow for the scan
budget and too weak. Instead candidates are anchored on surnames (a data file
with compound surnames such as 欧阳, 司马) and judged by:

* cue words just before (姓名：, 联系人, 患者, 经理…) or just after (先生,
  女士, 老师, 说…) the candidate, and résumé/form layouts ("张三，男，");
* given-name characters (a hand-collected table of common ones and a list of
  function characters that never occur in names);
* jieba's dictionary, read once, to reject ordinary words that start with a
  surname character (高兴, 文化, 明天, 方法…) and to cut given names before a
  verb or time word (王强调 → 王强 is not chosen over 王强调's word reading).

A bare surname with an honorific is reported with it (江小姐, 邓先生), as
Weibo NER and CLUENER annotate it, except in résumé biographies (顾|先生…任).

A name that appeared with a cue is found again anywhere else in the same text,
and names listed with "、" next to a cued name are taken as names too. Guesses
without any cue are scored below the engine's 0.5 threshold except for
three-character names whose given-name characters are all common ones.

A small character CRF (``person_crf.model``, trained on Weibo NER train by
``benchmarks/train_zh_person.py``; see MODEL_CARD.md) adds uncued names:
celebrities, nicknames, repeated names. It only tags short windows around
candidates (common surname characters outside ordinary words, rule guesses
below 0.5, @mentions, 小X/阿X, X哥, doubled characters, the character after
a linking word or opening mark such as 和/给/感谢/【/“, two characters before
说/君), about a fifth of the characters of ordinary Chinese text. Besides
characters, bigrams and the rules' own findings it sees how much likelier
each character is inside a given name than inside an ordinary word (counted
from jieba's dictionary). Tagging every stretch that held a
surname (version 0.2) ran nine times slower for about 0.015 more F1
(5-fold cross-validation on Weibo train). Rule findings >= 0.5 stay
authoritative; the model's spans are scored from their tag marginals and
pass through the rules' dictionary vetoes.

Transliterated foreign names (伯南克, 维克多·贝尔曼托夫) have no surname:
they are read from a table of transliteration characters, as dotted runs
anywhere or as single runs in a person slot (a role word before, a reporting
verb after), never when the run is an ordinary dictionary word such as a
country. News text also brings shapes the Weibo-trained model never saw:
titles in 《》, a word plus a locative (丛林中), companies (…银行), places
and estates (…广场, …村), clubs in match reports (…主场, vs…); these are
vetoed, and a three-character span whose last character starts the next
word (王立|发自) is cut to two (see MODEL_CARD.md for figures).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Iterable

import yaml

from ..base import Detector
from ..text import ScanText

_DATA = "data/zh_names"

# Characters that may stand right before a name without being part of it:
# punctuation is handled separately; these are function words.
_FUNCTION_CHARS = frozenset("的和与及是为由向给对把被让请叫找跟同或了在等、将从于像替帮令使叫")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# jieba tags of words that are not name-like: verbs, adverbs, prepositions,
# conjunctions, particles, pronouns, numerals, measure, time and direction words.
_FUNCTION_TAGS = ("v", "d", "p", "c", "u", "r", "m", "q", "t", "f", "y", "e", "o", "a")

# Scores (see the module docstring; the engine keeps findings >= 0.5).
SCORE_TITLE = 0.9
SCORE_BEFORE = 0.9
SCORE_FORM = 0.88
SCORE_SPEECH = 0.8
SCORE_REPEAT = 0.8
SCORE_LIST = 0.75
SCORE_MENTION = 0.7
SCORE_LEAD = 0.7
SCORE_GUESS_STRONG = 0.6
SCORE_GUESS_WEAK = 0.4
SCORE_GUESS_2 = 0.55
SCORE_HANDLE = 0.55
# A surname + common given characters in a chat slot (cues.yaml ``slots``).
SCORE_SLOT = 0.52
# Last characters of organisation handles (@财经网, @好特会, @新闻社).
_HANDLE_ORG_END = frozenset("网会社报刊台站馆店局部院所厅团")

# Honorifics after which a bare surname is a reference to a person (马先生).
# Characters before 任 that make it the verb "to serve as".
_SERVE_PREFIX = frozenset("曾现出兼担历并调改升后再继续聘转")
# A title cue followed by one of these is part of an organisation name
# (金杜律师事务所, 会计师事务所), not an honorific after a name.
_ORG_AFTER_TITLE = frozenset("事所院处局厅委办协学")

# Weibo NER and CLUENER annotate a bare surname with its honorific as one
# name (江小姐, 邓先生, 范老师, 季总, 何爷爷) but keep the honorific outside a
# full name (王晶|老师, 周建华|先生); the span follows that convention, and
# "江小姐" is also the span that identifies the person.
_SURNAME_ONLY_TITLES = frozenset(
    ["先生", "女士", "小姐", "老师", "师傅", "总", "经理", "医生", "大夫", "教授", "爷爷", "奶奶", "阿姨"]
)
# Honorifics that only follow a bare surname: after anything longer they are
# ordinary words (总是, 总会; 王明爷爷 is 王明 plus a kinship word).
_BARE_SURNAME_CUES = frozenset(["总", "爷爷", "奶奶", "阿姨"])
# Words of a career biography after "X先生" (see _biography_follows).
_BIOGRAPHY = re.compile(
    r"曾|任|出生|国籍|学历|毕业|董事|监事|经理|总裁|公司|工作|\d{4}年|年\d{1,2}月|博士|硕士|学位|精通|教授"
    r"|工程师|现为|会员|会计|负责|管理|先后|研究员|一九|方面"
)
# What follows the adverb 曾 "once" (曾任, 曾于, 曾获, 曾荣获, 曾用名).
_AFTER_ONCE = frozenset("任于获荣为在用经是参担当选历先被")
_SENTENCE_END = re.compile(r"[。；;\n！!？?]")

# Transliterated foreign names (伯南克, 维克多·贝尔曼托夫) ---------------
# They have no surname to anchor on; their characters come from a closed set
# (translit_chars.txt). Two or more runs joined by a name dot are a name on
# their own; a single run needs a person slot: a role word right before it or
# a reporting verb or honorific right after it, and it must not be an
# ordinary dictionary word (阿根廷, 加利福尼亚) or part of one (新西兰).
SCORE_TRANSLIT_DOTTED = 0.9
SCORE_TRANSLIT_SLOT = 0.8
# Name dots as they appear in the normalised text (full-width ． is folded to
# "."): middle dot, bullet, hyphenation point, katakana and half-width dots.
_NAME_DOTS = "·•‧・･."
_TRANSLIT_ROLES = (
    "总统", "副总统", "总理", "首相", "主席", "部长", "外长", "国务卿", "大使", "议员", "参议员",
    "众议员", "州长", "市长", "国王", "女王", "王子", "王妃", "公主", "发言人", "导演", "演员",
    "影星", "歌星", "球星", "明星", "歌手", "主演", "编剧", "制片人", "作家", "诗人", "画家",
    "作者", "记者", "主持人", "模特", "球员", "前锋", "中锋", "边锋", "中场", "后卫", "门将",
    "守门员", "教练", "主帅", "选手", "车手", "队长", "老将", "名将", "小将", "新援", "外援",
    "大将", "射手", "CEO", "总裁", "创始人", "董事长", "经理", "行长", "主管", "教授", "博士",
    "科学家", "经济学家", "分析师", "哲学家", "设计师", "首席执行官", "核心", "国脚", "中卫",
    "检察长", "大亨", "男星", "女星", "巨星", "将军", "上校", "大师",
)
_TRANSLIT_AFTER = (
    "说", "表示", "称", "指出", "认为", "透露", "介绍", "先生", "女士", "小姐", "夫人", "夫妇",
    "教授", "博士", "强调", "解释", "坦言", "承认", "宣布", "告诉", "回应", "直言", "执导", "主演",
    "将军", "上校", "宣称", "声称", "停赛", "复出", "上任",
    # News verbs of a person acting (0.7.0; designed on CLUENER rows 3000+,
    # see MODEL_CARD.md): 卡萨维诺执教, 卡萨维诺加盟, 布兰迪克梅开二度.
    "执教", "率领", "率队", "加盟", "出任", "入选", "破门", "首发", "签约", "当选", "访华",
    "会见", "梅开二度", "回忆", "笑称", "直呼", "感叹", "辞职", "辞去", "去世", "逝世",
)
# A transliteration followed by its original spelling in brackets, as news
# text gives foreign names: 维特尔（David…).
_ORIGINAL_SPELLING = re.compile(r"[（(][A-Za-z]")
# What follows a place, team or company rather than a person (巴塞罗那队,
# 加利福尼亚州, 韩亚银行): a run with a role word before it is still not a
# name when one of these comes right after it.
_PLACE_ORG_CHARS = frozenset("州市省国队城县镇村河山岛港湾湖江海区族语军党宫堡")
_ORG_AFTER = (
    "银行", "公司", "集团", "证券", "基金", "保险", "控股", "股份", "俱乐部", "大学", "学院", "酒店",
    # Places and estates named like people (0.7.0): 布兰迪克广场, 卡萨维诺森林公园,
    # 王某故居, 李某地产, 里奥萨国际艺术村.
    "广场", "公园", "故居", "地产", "国际", "信托", "大厦", "花园", "博物馆", "剧院", "平原",
    "铁塔", "一日游", "山脉", "雪山",
)
_ORG_AFTER_RE = re.compile("(?:" + "|".join(_ORG_AFTER) + ")")
# A sports team, not a person, in match reports: the name is followed by
# 主场/客场/vs/队 or comes right after vs/对阵 (卡萨维诺主场…, 05卡萨维诺vs布兰迪克,
# 对阵里奥萨). Uncued spans only. Not 上轮/本赛季: players are said to score
# "本赛季" as often as clubs are.
_TEAM_AFTER_RE = re.compile(r"(?:主场|客场|[vV][sS]|队)")
_TEAM_BEFORE = ("vs", "VS", "Vs", "对阵")
# A three-character name whose last character starts a frequent word with
# what follows is a two-character name (王立|发自上海, 孙梅|昨日, 赵宁|打电话):
# news text runs the next word straight on after short names.
_BOUND_TAIL_FREQ = 200
# After a role cue, a two-character word is still a name when the slot is
# closed right after it (记者高明）, 研究员舒畅指出) and the word is not very
# common (舒畅 yes, 高兴 no: it is in not_names, and frequent words are out).
_CLOSED_AFTER = re.compile(r"表示|认为|称|说|指出|透露|介绍|告诉|强调|坦言|发自|报道")
_CLOSED_WORD_FREQ = 3000
# A model span ending in one of these is a word plus a locative or particle
# (丛林中, 周中, 路上), not a name: no PER.NAM mention of Weibo train ends so.
_LOCATIVE_END = frozenset("中上下内外的了着")
# After a name's last character, these make it a verb (刘洋通|完电话).
_ASPECT_AFTER_VERB = frozenset("完")
# 来/去 right after a slot name: the verb only before these (王芳来了); else the
# character may end a three-character name (周清来交代).
_AFTER_COME_GO = frozenset("了过的吧吗呢啊呀，。！？ ,.!?")
# A slot name is not taken where a dictionary entry this frequent reads better.
_SLOT_ENTRY_FREQ = 20
# Adverbs and conjunctions that may stand right before a name and its verb
# (而伯南克表示, 则希拉里称).
_LEFT_EDGE = frozenset("而但也则却并又还更曾已就便即均都亦")
# A model span ending in one of these, three characters or longer, is a place
# (杜尔湖, 伍迪岛, 马坡镇).
_PLACE_END = frozenset("湖岛镇港湾州省县宫")
# A model span followed by one of these is a team or a place (某某队,
# 王柳村, 王柳路口, 李某庙): 0 of Weibo train's names, 11 of the model's
# false hits on CLUENER rows 3000+ (0.7.0; see MODEL_CARD.md).
_MODEL_PLACE_AFTER = frozenset("队城村镇乡庄路街巷桥庙祠苑岛湾港峡楼园")
# A model span whose last character starts a word at least this frequent
# with the next one is a fragment (武侠小|说); no Weibo train name does so.
_FRAGMENT_FREQ = 300
# Four-character dictionary words at least this frequent veto the model spans
# that overlap them; one PER.NAM mention of Weibo train overlaps one (独孤求败,
# a fictional name that is itself an idiom).
_IDIOM_FREQ = 20


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _read_data(name: str) -> str:
    return resources.files("detectors").joinpath(f"{_DATA}/{name}").read_text("utf-8")


def load_surnames() -> tuple[dict[str, int], dict[str, int]]:
    """(single-character surnames, compound surnames) mapped to their tier."""
    single: dict[str, int] = {}
    compound: dict[str, int] = {}
    for line in _read_data("surnames.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, tier = line.partition("\t")
        (single if len(name) == 1 else compound)[name] = int(tier or 3)
    return single, compound


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[tuple[tuple[str, int, str], ...], tuple[tuple[str, int, str], ...]]:
    """(word, frequency, tag) of the entries of the dictionary file shipped
    with jieba, read once per process and split by length: two to four
    characters (three tables below are built from them) and five or six
    (place names such as 加利福尼亚, for the transliteration check only).
    Splitting the 350k-line file is the costly part of a worker's start-up."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    short, long_ = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2 or not 2 <= len(parts[0]) <= 6:
                continue
            try:
                f = int(parts[1])
            except ValueError:
                continue
            (short if len(parts[0]) <= 4 else long_).append((parts[0], f, parts[2] if len(parts) > 2 else ""))
    return tuple(short), tuple(long_)


def _jieba_entries() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of every two- to four-character entry."""
    return _jieba_dictionary()[0]


@lru_cache(maxsize=4)
def _ordinary_words(letters: frozenset[str]) -> frozenset[str]:
    """Ordinary dictionary words (2-6 characters) that a run of
    transliteration characters may be, start or end: place names (阿根廷,
    加利福尼亚, 新西兰), clubs, brands, everyday words. Entries tagged as
    names (nr, nrt, nrfg: 伯南克, 布什) are kept out unless very frequent,
    which are mostly mis-tagged (阿根廷 nr 964). Only words holding at least
    one transliteration character are kept: the others can never matter."""
    short, long_ = _jieba_dictionary()
    out = set()
    for w, f, tag in short + long_:
        if f < 3 or (tag.startswith("nr") and f < 800):
            continue
        if not letters.isdisjoint(w):
            out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1)
def _jieba_words() -> tuple[dict[str, int], frozenset[str]]:
    """Frequencies of two- and three-character words in jieba's dictionary and
    the two-character words whose tag is not name-like (verbs, time words…).

    Read straight from the dictionary file shipped with jieba: no download,
    no cache file, and tags are kept (``Tokenizer.FREQ`` drops them)."""
    freq: dict[str, int] = {}
    functional = set()
    for w, f, tag in _jieba_entries():
        if len(w) > 3 or f < 3:
            continue
        # Names in jieba's dictionary carry nr*; keep them out of the
        # "ordinary word" table, except very frequent ones, which are
        # mostly mis-tagged words (谢谢 nr 1089).
        if tag.startswith("nr") and f < 800:
            continue
        freq[w] = f
        if len(w) == 2 and f >= 50 and tag.startswith(_FUNCTION_TAGS):
            functional.add(w)
    return freq, frozenset(functional)


@lru_cache(maxsize=1)
def _jieba_person_words() -> frozenset[str]:
    """Two- to four-character words that jieba's dictionary tags as personal
    names (nr, nrt, nrfg): celebrities, historical and fictional names. A
    feature of the sequence model, not a verdict (the tag is noisy)."""
    return frozenset(w for w, _, tag in _jieba_entries() if tag.startswith("nr"))


# Verbs, adverbs and prepositions at least this frequent close a chat slot.
_SLOT_VERB_FREQ = 100
# Compound surnames that are as often a city or a title (濮阳 the city,
# 轩辕剑 the game): not read as names without a cue.
_COMPOUND_ALSO_WORDS = frozenset(("濮阳", "轩辕"))
# Verbs of one character that close a name before them (慕容雪|演的公主,
# 司马光|砸缸, 诸葛亮|借东风) when they are no common given character.
_ONE_CHAR_VERBS = frozenset("说写演唱借砸打吃喝看买卖送拿给去来到在是有跟把被让叫请问找带做当拍发用开讲教读骑跑走坐住哭笑骂夸要想能会也都又还就已刚曾将")
# A compound surname is not read after a character that ends a word this
# frequent with its first character (公司|马, not 主攻|上官).
_COMPOUND_BOUND_FREQ = 2000
# Characters that end places named after a family (张家口, 李家庄, 杨家坪).
_FAMILY_PLACE_END = frozenset("坪汇庄屯山祠湾村沟口桥岭坡河营寨堡店园巷嘴坝角港集镇铺坊窑墩岗洼峪台湖峡寺")


@lru_cache(maxsize=1)
def _slot_verb_words() -> frozenset[str]:
    """Two- and three-character verbs, adverbs and prepositions of jieba's
    dictionary (tags v, d, p, not verbal nouns such as 投资; frequency >=
    100): what follows a name in a subject slot (王芳|确认, 段飞|处理)."""
    return frozenset(
        w for w, f, tag in _jieba_entries()
        if 2 <= len(w) <= 3 and f >= _SLOT_VERB_FREQ and tag in ("v", "d", "p")
    )


@lru_cache(maxsize=1)
def _jieba_frequent_entries() -> frozenset[str]:
    """Two- to four-character dictionary entries of any tag with frequency
    >= 20, mis-tagged "names" included (祝寿 nr 123, 金灿灿 nr 56): a name
    without a cue is not taken where one of these reads better. Invented and
    ordinary people's names are rarer in the dictionary than that."""
    return frozenset(w for w, f, _ in _jieba_entries() if 2 <= len(w) <= 4 and f >= _SLOT_ENTRY_FREQ)


@lru_cache(maxsize=4)
def _given_name_prior(surnames: frozenset[str]) -> dict[str, str]:
    """Character -> bucket (0-5) of how much likelier it is inside a given
    name than inside an ordinary word, read from jieba's dictionary: the
    log ratio of its share of the given-name characters of name-tagged words
    that start with a surname (2-3 characters) to its share of the
    characters of untagged 2-4 character words. 伟, 丽, 芳 land high; 的, 了,
    说 low. Counts are per dictionary entry, not frequency-weighted, so a few
    very frequent words do not dominate. A sequence-model feature: the hand
    table of common given characters covers a few hundred characters, this
    covers every character jieba knows (5-fold F1 on Weibo train 0.547 ->
    0.579 together with the wider candidate triggers; see MODEL_CARD.md)."""
    import math

    given: dict[str, int] = {}
    other: dict[str, int] = {}
    for w, _, tag in _jieba_entries():
        if not tag:
            continue
        if tag.startswith("nr"):
            if len(w) <= 3 and w[0] in surnames:
                for c in w[1:]:
                    given[c] = given.get(c, 0) + 1
        else:
            for c in w:
                other[c] = other.get(c, 0) + 1
    n_given = sum(given.values()) or 1
    n_other = sum(other.values()) or 1
    out = {}
    for c in given.keys() | other.keys():
        r = math.log((given.get(c, 0) + 0.5) / n_given) - math.log((other.get(c, 0) + 0.5) / n_other)
        out[c] = "0" if r < -2 else "1" if r < -1 else "2" if r < 0 else "3" if r < 1 else "4" if r < 2 else "5"
    return out


def _first_chars(words: Iterable[str]) -> str:
    """A lookahead admitting only the first characters of ``words``."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "])"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Sequence model ------------------------------------------------------------
# The model tags short windows around places where a name may start (a
# common surname character that is not part of an ordinary word, a rule
# guess the cues could not confirm), never whole texts: feature extraction is
# Python and costs microseconds per character, so tagging only a few per cent
# of the characters is what keeps zh_person inside its throughput budget.
# Features may look outside the window (two characters each side).
MODEL_FILE = "person_crf.model"
# The opt-in variant (option ``lac: true``): the same recipe with Baidu LAC's
# tags of each window as one more feature (``detectors.zh.lac``; round 8 in
# MODEL_CARD.md), and its own threshold.
MODEL_FILE_LAC = "person_crf_lac.model"
# A name proposed by the model is reported at >= 0.5 when the probability of
# its tag sequence reaches this value: chosen by 5-fold cross-validation on
# Weibo train (with c1 0.3, c2 0.05): among the settings at least 0.75
# precise, the most precise of those within 0.005 F1 of the best; 0.608 at
# P 0.766 (best 0.611 at threshold 0.3, P 0.751; see MODEL_CARD.md).
CRF_THRESHOLD = 0.5
# LAC variant: at 0.5 its cross-validated precision was 0.708; by the rule set
# before the run, the best F1 among thresholds at least as precise as 0.7.0
# (0.743): 0.65, P 0.751, F1 0.612 (0.7.0: 0.599; MODEL_CARD.md, round 8).
CRF_THRESHOLD_LAC = 0.65
CRF_MIN_PROB = 0.2
# Window around a candidate start: characters tagged before and after it.
# Wider windows than a name needs give the transitions some context: 5-fold
# F1 on Weibo train 0.508 at (1, 5), 0.528 at (2, 6), 0.531 at (3, 7); no
# gain beyond (see MODEL_CARD.md).
WINDOW_BEFORE = 3
WINDOW_AFTER = 7
# A surname character starting or ending a dictionary word at least this
# frequent is read as part of that word (文化, 方法, 高度), not as a candidate.
CANDIDATE_WORD_FREQ = 50
_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")
# Extra places where a name may start (see ``crf_windows``): right after a
# linking word or an opening mark, or two characters before 说/君.
_CUE_BEFORE_NAME = "和跟给叫对与让找陪谢等#【“《"
_CUE_AFTER_NAME = "说君"
_CUE_TRIGGER = re.compile("[" + re.escape(_CUE_BEFORE_NAME + _CUE_AFTER_NAME) + "]")
# Characters a name never spans: windows stop at them.
_BREAKS = frozenset(" \n\t\r，。！？!?,;；：:、…~～“”\"'‘’（）()【】[]《》<>#/|「」『』．.·—-=+*&%$^{}@")
_PAD = "\x02\x02"
_PAD_END = "\x03\x03"


def _freq_bucket(f: int) -> str:
    if f < 5:
        return ""
    if f < 100:
        return "1"
    if f < 2000:
        return "2"
    return "3"


class _CharClasses(dict):
    """Character -> class tag; characters outside the tables are classed on
    first sight and remembered (the lookup is then one dict access)."""

    def __missing__(self, ch: str) -> str:
        if "a" <= ch.lower() <= "z":
            cls = "L"
        elif ch.isdigit():
            cls = "D"
        elif _is_cjk(ch):
            cls = "H"
        else:
            cls = "O"
        self[ch] = cls
        return cls


class CrfFeatures:
    """Per-character features of the name tagger. Shared by the detector and
    the training script (benchmarks/train_zh_person.py) so both see exactly
    the same input.

    Everything per character is a dict or set look-up in tables built here;
    a window's features come from one comprehension (no per-character
    function calls)."""

    def __init__(self, det: "ChinesePersonDetector"):
        cls = _CharClasses()
        for c in det.never_given:
            cls[c] = "N"
        for c in det.common_given:
            cls[c] = "G"
        for c in det.compound_first:
            cls[c] = "S4g" if c in det.common_given else "S4"
        for c, tier in det.single.items():
            cls[c] = "S%d%s" % (tier, "g" if c in det.common_given else "")
        cls["\x02"] = "B"
        cls["\x03"] = "E"
        self.cls = cls
        self.word2 = {w: _freq_bucket(f) for w, f in det.word_freq.items() if len(w) == 2 and f >= 5}
        self.names = det.person_words
        self.name_heads = frozenset(w[:2] for w in det.person_words)
        self.given_prior = _given_name_prior(frozenset(det.single))

    def window(
        self, padded: str, a: int, b: int, rule_tags: list[str], lac_tags: list[str] | None = None
    ) -> list[tuple[str, ...]]:
        """Features of characters ``a``..``b-1`` of a text; ``padded`` is the
        text with two pad characters on each side (see ``pad``).

        Per character: the character, the bigrams it ends and starts, its own
        and its neighbours' classes, the jieba frequency buckets of those
        bigrams, the rules' finding and the jieba name word it is part of;
        in the LAC variant also LAC's tag (``lac_tags``, one per character
        of the window).
        Left out after 5-fold ablations on Weibo train (each changed F1 by
        less than 0.01 while costing time): characters at +-1/+-2 on their
        own (the bigrams carry them) and three-character dictionary words."""
        cls = self.cls
        w2 = self.word2
        seg = padded[a:b + 4]  # seg[x] is text[a + x - 2]
        K = [cls[c] for c in seg]
        G = [seg[x:x + 2] for x in range(len(seg) - 1)]
        W = [w2.get(g, "0") for g in G]
        nr = self._name_tags(padded, a, b)
        gp = self.given_prior
        feats = [
            (
                "c" + seg[x], "b" + G[x - 1], "f" + G[x],
                "k" + K[x], "pk" + K[x - 1], "nk" + K[x + 1], "ppk" + K[x - 2] + K[x - 1],
                "wl" + W[x - 1], "wr" + W[x],
                rule_tags[x - 2], nr[x - 2], "g" + gp.get(seg[x], "x"),
            )
            for x in range(2, b - a + 2)
        ]
        if lac_tags is None:
            return feats
        return [f + (t,) for f, t in zip(feats, lac_tags, strict=True)]

    def _name_tags(self, T: str, a: int, b: int) -> list[str]:
        """Position in a jieba name-tagged word (nrB/nrI/nrE) of each
        character, the longest word starting from the left winning."""
        names = self.names
        heads = self.name_heads
        tags = ["nr"] * (b - a)
        i = max(a - 3, 0) + 2
        end = b + 2
        while i < end:
            # Most positions start no name word: one look-up of the first
            # two characters rules out all three lengths.
            if T[i:i + 2] not in heads:
                i += 1
                continue
            for length in (4, 3, 2):
                if T[i:i + length] in names:
                    for k in range(max(i, a + 2), min(i + length, end)):
                        tags[k - a - 2] = "nrI"
                    if i >= a + 2:
                        tags[i - a - 2] = "nrB"
                    if i + length - 1 < end:
                        tags[i + length - 1 - a - 2] = "nrE"
                    i += length - 1
                    break
            i += 1
        return tags


def pad(text: str) -> str:
    return _PAD + text + _PAD_END


def rule_tags(a: int, b: int, spans: list[tuple[int, int, float]]) -> list[str]:
    """Rule findings over ``a``..``b-1`` as per-character features: rB/rI
    with h(igh)/l(ow) score, "r" elsewhere."""
    tags = ["r"] * (b - a)
    for s, e, sc in spans:
        if e <= a or s >= b:
            continue
        strength = "h" if sc >= 0.5 else "l"
        for k in range(max(s, a), min(e, b)):
            tags[k - a] = ("rB" if k == s else "rI") + strength
    return tags


def crf_segments(text: str):
    """(start, end) of the stretches between breaks that hold Chinese text
    (training on whole stretches; see benchmarks/train_zh_person.py)."""
    n = len(text)
    i = 0
    while i < n:
        while i < n and text[i] in _BREAKS:
            i += 1
        j = i
        while j < n and text[j] not in _BREAKS:
            j += 1
        if j - i >= 2 and _CJK_RE.search(text, i, j):
            yield i, j
        i = j



class ChinesePersonDetector(Detector):
    """Chinese personal names, anchored on surnames and judged by cue words."""

    NAME = "zh_person"
    VERSION = "0.7.6"
    ENTITIES = ("PERSON",)
    NEEDS = "cjk"
    OPTIONS = {"lac": bool}

    def __init__(self, **options):
        # use_model and use_lac are for the training script and tests, not
        # for a configuration file (whose check does not skip them).
        self.check_options({k: v for k, v in options.items() if k not in ("use_model", "use_lac")})
        lac = options.get("lac", False)
        # Findings and the summary say which variant produced them.
        self.VERSION = self.version_for(options)
        super().__init__(**options)
        self.single, self.compound = load_surnames()
        given = yaml.safe_load(_read_data("given_chars.yaml"))
        self.common_given = frozenset(given["common"].replace(" ", ""))
        self.never_given = frozenset(given["never"].replace(" ", "")) - self.common_given
        cues = yaml.safe_load(_read_data("cues.yaml"))
        self.not_names = frozenset(cues["not_names"])
        self.before_cues = frozenset(cues["before"]["strong"])
        self.title_cues = frozenset(cues["after"]["title"])
        self.speech_cues = frozenset(cues["after"]["speech"])
        self.form_cues = frozenset(cues["after"]["form"])
        slots = cues["slots"]
        self.time_words = frozenset(slots["time_words"])
        self.slot_before_chars = frozenset(slots["before_chars"])
        self.slot_before_words = frozenset(slots["before_words"]) | self.time_words
        self.slot_after_chars = frozenset(slots["after_chars"])
        self.slot_after_words = frozenset(slots["after_words"]) | self.time_words
        self.word_freq, self.functional_words = _jieba_words()
        # The lookaheads on first characters let the regex engine skip the
        # long alternations at most positions (same matches, several times
        # faster on ordinary text).
        self._before_re = re.compile(
            _first_chars(self.before_cues) + r"(?:" + _alternation(self.before_cues) + r")[:：]?[ ]?"
        )
        self._after_re = re.compile(
            _first_chars(self.title_cues | self.speech_cues | _BARE_SURNAME_CUES)
            + "(?:" + _alternation(self.title_cues | self.speech_cues | _BARE_SURNAME_CUES) + ")"
        )
        self._after_kind = {w: "speech" for w in self.speech_cues}
        self._after_kind.update({w: "title" for w in self.title_cues | _BARE_SURNAME_CUES})
        self._form_re = re.compile(
            r"(?:^|(?<=[\n。；;！!？?]))[ ]*([\u4e00-\u9fff]{1,4})(?:[，,：:（( ]{1,2})(?:"
            + _alternation(self.form_cues)
            + r"|1[89]\d\d|20\d\d)"
        )
        # A résumé entry or list line that opens with a name: "袁秀琴（监事…".
        self._lead_re = re.compile(r"(?:^|(?<=[\n。；;]))[ ]*([\u4e00-\u9fff]{2,4})(?=[，,：:（(])")
        self._mention_re = re.compile(r"@([\u4e00-\u9fff]{2,4})(?=[:：\s@/\[，,。！!？?]|$)")
        lead = set(self.single) | {c[0] for c in self.compound}
        lead_strong = {s for s, t in self.single.items() if t <= 2} | {
            c[0] for c, t in self.compound.items() if t <= 2
        }
        self._lead = frozenset(lead)
        self._guess_re = re.compile("[" + "".join(sorted(lead_strong)) + "]")
        self._trigger_re = re.compile("[" + "".join(sorted(lead_strong | set("@小阿老哥姐"))) + "]")
        self.compound_first = frozenset(c[0] for c in self.compound)
        # Compound surnames that anchor a name without a cue (_compound_names).
        self._compound_re = re.compile("|".join(sorted(
            c for c, t in self.compound.items() if t == 1 and c not in _COMPOUND_ALSO_WORDS)))
        self.translit = frozenset(
            "".join(
                line.replace(" ", "")
                for line in _read_data("translit_chars.txt").splitlines()
                if line.strip() and not line.startswith("#")
            )
        )
        self.translit_ordinary = _ordinary_words(self.translit)
        components = sorted(
            {w for line in _read_data("minority_names.txt").splitlines()
             if line.strip() and not line.startswith("#") for w in line.split()},
            key=len, reverse=True)
        # Runs of minority-name components, joined directly or by a name dot.
        self._minority_re = re.compile(
            "(?:%s)(?:[%s]?(?:%s))*" % ("|".join(components), re.escape(_NAME_DOTS), "|".join(components)))
        self._minority_part = re.compile("|".join(components))
        letters = "".join(sorted(self.translit))
        dots = re.escape(_NAME_DOTS)
        self._dotted_re = re.compile("[%s]{1,8}(?:[%s][%s]{1,8})+" % (letters, dots, letters))
        self._dot_split = re.compile("[%s]" % dots)
        # A quick test before the dotted-name regex: most texts hold no dot
        # at all, and "." counts only between two Chinese characters.
        self._dot_any = re.compile("[" + re.escape(_NAME_DOTS[:-1]) + r"]|[\u4e00-\u9fff]\.[\u4e00-\u9fff]")
        self._role_re = re.compile(_first_chars(_TRANSLIT_ROLES) + "(?:" + _alternation(_TRANSLIT_ROLES) + ")")
        self._translit_after_re = re.compile(
            _first_chars(_TRANSLIT_AFTER) + "(?:" + _alternation(_TRANSLIT_AFTER) + ")"
        )
        self.person_words = _jieba_person_words()
        self.frequent_entries = _jieba_frequent_entries()
        self.slot_verbs = _slot_verb_words()
        # Four-character dictionary words (idioms such as 力不从心, 万绿丛中,
        # 何德何能): a model span cutting into one is a fragment of it.
        self.words4 = frozenset(
            w for w, f, tag in _jieba_entries() if len(w) == 4 and f >= _IDIOM_FREQ and not tag.startswith("nr")
        )
        # Four-character entries jieba tags as names that are idioms or
        # phrases (何德何能, 万绿丛中): a model span that cuts into one is a
        # piece of it; a span that is the whole entry is left alone.
        self.nr_words4 = frozenset(
            w for w, f, tag in _jieba_entries() if len(w) == 4 and f >= 3 and tag.startswith("nr")
        )
        self.features = CrfFeatures(self)
        # LAC's tags (``lac: true``; the training script asks for them with
        # ``use_lac`` while it builds the detector without a model).
        self.lac = None
        if lac or options.get("use_lac", False):
            from .lac import LacTagger

            self.lac = LacTagger()
        # Per-thread results of find_batch's first pass (see there).
        self._batch = threading.local()
        loaded = _load_tagger(MODEL_FILE_LAC if lac else MODEL_FILE) if options.get("use_model", True) else None
        self.tagger, self._model_bytes = loaded if loaded is not None else (None, None)

    @classmethod
    def version_for(cls, options: dict) -> str:
        if options.get("lac", False):
            from .lac import VERSION as LAC_VERSION

            return f"{cls.VERSION}+lac{LAC_VERSION}"
        return cls.VERSION

    @classmethod
    def check_options(cls, options: dict) -> None:
        """Reject unusable options before a scan starts (one-line ValueError)."""
        if set(options) - {"lac"}:
            super().check_options({k: v for k, v in options.items() if k != "lac"})
        lac = options.get("lac", False)
        if not isinstance(lac, bool):
            raise ValueError(f"zh_person option lac must be true or false, got {lac!r}")
        if lac:
            from .lac import check_installed

            check_installed()

    # Sequence model --------------------------------------------------------
    def crf_windows(self, text: str, rules: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
        """(start, end) of the windows the model tags: around each rule guess
        below 0.5 and each common surname character that is neither inside a
        name the rules already vouch for nor the start or end of a frequent
        dictionary word; clipped at breaks, overlapping windows merged."""
        taken = set()
        starts = []
        for s, e, sc in rules:
            if sc >= 0.5:
                taken.update(range(s, e))
            else:
                starts.append(s)
        wf = self.word_freq
        limit = CANDIDATE_WORD_FREQ
        n = len(text)
        # One character-class scan finds common surnames and the cues of
        # names without a surname: @mentions, 小X/阿X/老X, X哥/X姐.
        for m in self._trigger_re.finditer(text):
            i = m.start()
            ch = text[i]
            if ch == "@":
                i += 1
            elif ch in "哥姐":
                if i == 0 or wf.get(text[i - 1:i + 1], 0) >= limit:
                    continue
                i -= 2
            elif wf.get(text[i:i + 2], 0) >= limit or (i and ch not in "小阿老" and wf.get(text[i - 1:i + 1], 0) >= limit):
                continue
            if 0 <= i < n and i not in taken:
                starts.append(i)
        # Names without a surname character are mostly nicknames and foreign
        # names right after a linking word or an opening mark (和X, 给X, 感谢X,
        # 【X, “X, #X#) or two characters before 说/君 (X说, X君). 5-fold F1
        # on Weibo train: 0.547 with these triggers alone, 0.555 with the
        # given-name prior feature alone, 0.579 with both (the model has to
        # tell names from words here); 22 % of the characters tagged, not 17 %.
        for m in _CUE_TRIGGER.finditer(text):
            ch = m.group(0)
            i = m.end() if ch in _CUE_BEFORE_NAME else m.start() - 2
            if i < 0 or i >= n or not _is_cjk(text[i]) or (ch in _CUE_AFTER_NAME and not _is_cjk(text[i + 1])):
                continue
            if wf.get(text[i:i + 2], 0) < limit and i not in taken:
                starts.append(i)
        # Doubled characters (敏敏, 圆圆) that are not ordinary words (天天).
        for m in _DOUBLED.finditer(text):
            i = m.start()
            if i not in taken and wf.get(m.group(0), 0) < limit:
                starts.append(i)
        if not starts:
            return []
        starts.sort()
        n = len(text)
        out: list[list[int]] = []
        for i in starts:
            a = i
            lo = max(i - WINDOW_BEFORE, 0)
            while a > lo and text[a - 1] not in _BREAKS:
                a -= 1
            b = i
            hi = min(i + WINDOW_AFTER, n)
            while b < hi and text[b] not in _BREAKS:
                b += 1
            if b - a < 2:
                continue
            if out and a <= out[-1][1]:
                if b > out[-1][1]:
                    out[-1][1] = b
            else:
                out.append([a, b])
        return [(a, b) for a, b in out]

    def _combine(
        self, text: str, rules: list[tuple[int, int, float]], windows: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int, float]]:
        """Rule findings plus names proposed by the sequence model.

        Rules at >= 0.5 are authoritative (cue words vouch for them); the
        model adds names elsewhere and replaces the rules' low guesses where
        it proposes a name of its own."""
        if self.tagger is None:
            return rules
        if windows is None:
            windows = self.crf_windows(text, rules)
        if not windows:
            return rules
        strong = [r for r in rules if r[2] >= 0.5]
        taken = {i for s, e, _ in strong for i in range(s, e)}
        model: list[tuple[int, int, float]] = []
        padded = pad(text)
        titles = _title_ranges(text)
        window = self.features.window
        tagger = self.tagger
        lac = self._lac_tags if self.lac is not None else None
        threshold = CRF_THRESHOLD_LAC if lac is not None else CRF_THRESHOLD
        for a, b in windows:
            tagger.set(window(padded, a, b, rule_tags(a, b, rules), lac(text[a:b]) if lac else None))
            labels = tagger.tag()
            if "B" not in labels:
                continue
            for s, e, prob in _names_in(tagger, labels):
                s += a
                e += a
                if prob < CRF_MIN_PROB or not taken.isdisjoint(range(s, e)):
                    continue
                e = self._trim_bound_tail(text, s, e)
                if not self._model_span_ok(text, s, e, titles):
                    continue
                model.append((s, e, _crf_score(prob, threshold)))
        if not model:
            return rules
        # Other mentions of a name the model is sure of (the same nickname is
        # often repeated in one post, sometimes in a context the model misses).
        sure = {text[s:e]: sc for s, e, sc in model if sc >= 0.5 and e - s >= 2}
        for name, sc in sure.items():
            i = text.find(name)
            while i != -1:
                if taken.isdisjoint(range(i, i + len(name))):
                    model.append((i, i + len(name), sc))
                i = text.find(name, i + len(name))
        # Low rule guesses give way to model spans that overlap them.
        spans = strong + model
        busy = {i for s, e, _ in model for i in range(s, e)}
        spans += [r for r in rules if r[2] < 0.5 and busy.isdisjoint(range(r[0], r[1]))]
        return _non_overlapping(spans)

    def _lac_tags(self, piece: str) -> list[str]:
        known = getattr(self._batch, "lac", None)
        got = known.get(piece) if known else None
        return got if got is not None else self.lac.tags(piece)

    def _model_span_ok(self, text: str, s: int, e: int, titles: list[tuple[int, int]]) -> bool:
        """The rules' vetoes, applied to the model's proposals: ordinary
        dictionary words and 任 read as "to serve as" (曾任, 现任…); and
        shapes the model was never shown in social-media text: a word plus a
        locative or particle (丛林中), a word cut before its last character
        (武侠小|说), a place (杜尔湖), a team or company (桑德兰队, 韩亚银行),
        a piece of a longer transliteration (阿尔卑|斯山), a title in 《》."""
        cand = text[s:e]
        if cand in self.not_names:
            return False
        wf = self.word_freq
        if cand not in self.person_words and wf.get(cand, 0) >= 50:
            return False
        last = cand[-1]
        T = self.translit
        if last in _LOCATIVE_END or (last == "里" and not T.issuperset(cand)):
            return False
        if (len(cand) >= 3 and last in _PLACE_END) or wf.get(text[e - 1:e + 1], 0) >= _FRAGMENT_FREQ:
            return False
        if e < len(text) and (text[e] in _MODEL_PLACE_AFTER or _ORG_AFTER_RE.match(text, e)):
            return False
        prev = text[s - 1] if s > 0 else ""
        if (
            prev in T and cand[0] in T and cand[1:2] in T and len(cand) >= 2 and cand not in self.person_words
            and prev not in self.common_given and self.single.get(prev, 3) > 2
            and wf.get(text[s - 1:s + 1], 0) < 50
        ):
            return False
        if titles and _in_title(titles, s, e):
            return False
        words4 = self.words4
        nr4 = self.nr_words4
        for k in range(max(s - 3, 0), e):
            w4 = text[k:k + 4]
            if w4 in words4 or (w4 in nr4 and (k, k + 4) != (s, e) and not (s <= k and k + 4 <= e)):
                return False  # 都|力不从心, 万绿|丛中, 顾影自|怜, 何德何|能
        for k in range(s, e):
            if text[k] == "任" and k > 0 and text[k - 1] in _SERVE_PREFIX:
                return False
        return True

    # Transliterated names -------------------------------------------------
    def _translit_ok(self, text: str, s: int, e: int, titles: list[tuple[int, int]], check_after: bool) -> bool:
        """Is the run ``text[s:e]`` of transliteration characters a name
        rather than an ordinary word, a piece of one, or a place or team?"""
        if not 2 <= e - s <= 6 or _in_title(titles, s, e):
            return False
        ordinary = self.translit_ordinary
        if text[s:e] in ordinary:
            return False
        n = len(text)
        for k in (1, 2):
            if (s >= k and text[s - k:e] in ordinary) or (e + k <= n and text[s:e + k] in ordinary):
                return False
        if check_after and e < n and (text[e] in _PLACE_ORG_CHARS or _ORG_AFTER_RE.match(text, e)):
            return False
        return True

    def _translit_run_after(self, text: str, s: int) -> int:
        """End of the run of transliteration characters (and name dots
        between them) starting at ``s``."""
        T = self.translit
        n = len(text)
        e = s
        while e < n and (text[e] in T or (text[e] in _NAME_DOTS and e > s and e + 1 < n and text[e + 1] in T)):
            e += 1
        return e

    def _transliterated(self, text: str, titles: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
        """Transliterated foreign names: dotted runs anywhere, single runs in a
        person slot, and runs listed next to either (雷维埃、克莱尔、…)."""
        T = self.translit
        n = len(text)
        wf = self.word_freq
        found: list[tuple[int, int, float]] = []
        if ("·" in text or "•" in text or "." in text or "‧" in text or "・" in text or "･" in text) and self._dot_any.search(text):
            ordinary = self.translit_ordinary
            for m in self._dotted_re.finditer(text):
                s, e = m.span()
                parts = self._dot_split.split(m.group(0))
                if e - s - len(parts) + 1 < 3 or _in_title(titles, s, e):
                    continue
                # A one-character part must end at a boundary (西恩·潘，), not
                # inside a longer word (东亚·瑞|晶苑).
                if len(parts[-1]) == 1 and e < n and _is_cjk(text[e]) and text[e] not in _FUNCTION_CHARS:
                    continue
                if len(parts[0]) == 1 and s > 0 and _is_cjk(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS:
                    continue
                if all(p in ordinary for p in parts):
                    continue  # 东亚·巴西: places joined by a dot
                # The first or last character may bind to the word next to it
                # (主|席安德烈亚斯, 模|特卡米拉, 哈桑|赛后).
                if len(parts[0]) >= 2 and s > 0 and wf.get(text[s - 1:s + 1], 0) >= 100:
                    s += 1
                if len(parts[-1]) >= 2 and e < n and wf.get(text[e - 1:e + 1], 0) >= 100:
                    e -= 1
                found.append((s, e, SCORE_TRANSLIT_DOTTED))
        for m in self._role_re.finditer(text):
            s = m.end()
            if s >= n or text[s] not in T:
                continue
            if m.start() and wf.get(text[m.start() - 1:m.start() + 1], 0) >= 200:
                continue  # 第一部|长达: the role word is split between two words
            e = s
            while e < n and e - s <= 6 and text[e] in T:
                e += 1
            if e - s > 6 or (e + 1 < n and text[e] in _NAME_DOTS and text[e + 1] in T):
                continue  # longer, or the first part of a dotted name
            # The last character may bind to the next one (里皮特|别).
            if e < n and e - s > 2 and wf.get(text[e - 1:e + 1], 0) >= 100:
                e -= 1
            if self._translit_ok(text, s, e, titles, check_after=True):
                found.append((s, e, SCORE_TRANSLIT_SLOT))
        for m in self._translit_after_re.finditer(text):
            e = m.start()
            if e < 2 or text[e - 1] not in T or wf.get(text[e - 1:m.end()], 0) >= 20:
                continue  # 据说, 宣称: the cue is part of a word
            s = e
            while s > 0 and e - s <= 6 and text[s - 1] in T:
                s -= 1
            if e - s > 6:
                continue
            # The first character may bind to the previous one (德|国).
            if s > 0 and e - s > 2 and wf.get(text[s - 1:s + 1], 0) >= 100:
                s += 1
            # Without a role word the run needs a clean left edge: 黄|文波介绍
            # is a Chinese name whose given name happens to be in the table.
            if s > 0 and _is_cjk(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS and (
                text[s - 1] not in _LEFT_EDGE and wf.get(text[s - 2:s], 0) < 50
            ):
                continue
            if self._translit_ok(text, s, e, titles, check_after=False):
                found.append((s, e, SCORE_TRANSLIT_SLOT))
        if "(" in text or "（" in text:
            for m in _ORIGINAL_SPELLING.finditer(text):
                e = m.start()
                s = e
                while s > 0 and e - s <= 6 and text[s - 1] in T:
                    s -= 1
                if e - s > 6 or (s > 0 and text[s - 1] in _NAME_DOTS):
                    continue
                if s > 0 and e - s > 2 and wf.get(text[s - 1:s + 1], 0) >= 100:
                    s += 1
                if self._translit_ok(text, s, e, titles, check_after=False):
                    found.append((s, e, SCORE_TRANSLIT_SLOT))
        if not found:
            return found
        return found + self._translit_listed(text, found, titles)

    def _translit_listed(
        self, text: str, found: list[tuple[int, int, float]], titles: list[tuple[int, int]]
    ) -> list[tuple[int, int, float]]:
        """Transliterated names listed with 、/和/与/及 next to the names in
        ``found`` (雷维埃、克莱尔、…)."""
        T = self.translit
        n = len(text)
        listed = []
        for s, e, _ in found:
            p = e
            while p < n - 2 and text[p] in "、和与及":
                q = p + 1
                r = self._translit_run_after(text, q)
                if r < n and _is_cjk(text[r]) and text[r] not in "、和与及等":
                    break
                dotted = r - q > 2 and self._dot_split.search(text, q, r) is not None
                if not dotted and not self._translit_ok(text, q, r, titles, check_after=False):
                    break
                listed.append((q, r, SCORE_LIST))
                p = r
            p = s
            while p > 2 and text[p - 1] in "、和与及":
                r = p - 1
                q = r
                while q > 0 and r - q <= 8 and (
                    text[q - 1] in T or (text[q - 1] in _NAME_DOTS and q >= 2 and text[q - 2] in T)
                ):
                    q -= 1
                if q > 0 and _is_cjk(text[q - 1]) and text[q - 1] not in _FUNCTION_CHARS:
                    break
                if not self._translit_ok(text, q, r, titles, check_after=False):
                    break
                listed.append((q, r, SCORE_LIST))
                p = q
        return listed

    # Candidate checks ------------------------------------------------------
    def _surname_at(self, text: str, i: int) -> tuple[int, int]:
        """(length, tier) of the surname starting at ``i``, or (0, 0)."""
        two = text[i:i + 2]
        if len(two) == 2 and two in self.compound:
            return 2, self.compound[two]
        t = self.single.get(text[i:i + 1])
        return (1, t) if t else (0, 0)

    def _is_word(self, w: str, min_freq: int) -> bool:
        return w in self.not_names or self.word_freq.get(w, 0) >= min_freq

    def _given_penalty(self, given: str) -> float | None:
        """None when the given name is impossible, else a penalty >= 0."""
        pen = 0.0
        for ch in given:
            if not _is_cjk(ch) or ch in self.never_given:
                return None
            if ch not in self.common_given:
                pen += 0.75
        return pen

    def _boundary_before(self, text: str, start: int) -> bool:
        if start == 0:
            return True
        prev = text[start - 1]
        if not _is_cjk(prev) or prev in _FUNCTION_CHARS:
            return True
        cues = self.before_cues
        for k in range(1, min(start, 6) + 1):
            if text[start - k:start] in cues:
                return True
        # A dictionary word ends right before the candidate (转告|王先生) and the
        # candidate's first character does not bind to its left neighbour.
        return (
            start >= 2
            and self.word_freq.get(text[start - 2:start], 0) >= 50
            and self.word_freq.get(text[start - 1:start + 1], 0) < 5
        )

    def _boundary_after(self, text: str, end: int) -> bool:
        if end >= len(text):
            return True
        nxt = text[end]
        if not _is_cjk(nxt) or nxt in _FUNCTION_CHARS or nxt in self.never_given:
            return True
        two = text[end:end + 2]
        return two in self._after_kind or two in self.form_cues or text[end] in "说称"

    def _plausible(
        self, text: str, start: int, end: int, sl: int, cued: bool, titled: bool = False
    ) -> float | None:
        """Penalty for ``text[start:end]`` as a name (None: not a name).

        ``titled``: an honorific follows, which vouches for the end of the
        name, so a given name that is also a verb (刘建立先生) is allowed."""
        cand = text[start:end]
        if cand in self.not_names:
            return None
        words4 = self.words4
        for k in range(max(start - 3, 0), end):
            if (k < start or k + 4 > end) and text[k:k + 4] in words4:
                return None  # 朋友|都力|不从心, 叫做|万绿|丛中: a piece of an idiom
        given = cand[sl:]
        if not given:
            return 0.0
        pen = self._given_penalty(given)
        if pen is None:
            return None
        if start > 0 and text[start] == "任" and text[start - 1] in _SERVE_PREFIX:
            return None  # 曾任, 现任, 兼任…: "to serve as", not the surname
        if len(cand) == 2 and self._is_word(cand, 30 if cued else 20):
            return None
        if len(cand) == 3:
            if self._is_word(cand[:2], 300 if cued else 50) or self._is_word(cand, 50):
                return None
            if sl == 1:
                if not titled and cand[1:] in self.functional_words:
                    return None
                # 任广东省…, 任财务经理: a frequent word after the surname
                # character means the character is not a surname here.
                limit = 300 if self.single.get(cand[0], 3) >= 2 or cand[0] == "任" else 5000
                if self.word_freq.get(cand[1:], 0) >= limit:
                    return None
        return pen

    # Anchored candidates ---------------------------------------------------
    def _name_from(self, text: str, p: int) -> tuple[int, float] | None:
        """Best name starting at ``p`` (after a before-cue): (end, penalty)."""
        sl, tier = self._surname_at(text, p)
        if not sl:
            return None
        best = None
        for g in (2, 1):
            end = p + sl + g
            if end > len(text):
                continue
            pen = self._plausible(text, p, end, sl, cued=True)
            if pen is None or (tier == 3 and pen > 0):
                continue
            s = (2.0 if self._boundary_after(text, end) else 0.0) - pen + (0.5 if g == 2 else 0.3)
            if g == 2 and sl == 1 and self._trim_bound_tail(text, p, end) < end:
                # 记者王立|发自上海, 律师孙梅|昨日: the next word starts earlier, and
                # the "boundary" after the third character (日) is inside it.
                s -= 2.5
            if best is None or s > best[0]:
                best = (s, end, pen)
        if best is None:
            return None
        return best[1], best[2]

    def _name_before(self, text: str, q: int, title: bool, surname_only: bool) -> tuple[int, float] | None:
        """Best name ending at ``q`` (before an after-cue): (start, quality)."""
        best = None
        for length in (4, 3, 2, 1):
            start = q - length
            if start < 0:
                continue
            sl, tier = self._surname_at(text, start)
            if not sl or sl > length:
                continue
            if length - sl > 2 or (length == sl and not (surname_only and sl == 1)):
                continue
            pen = self._plausible(text, start, q, sl, cued=True, titled=title)
            if pen is None:
                continue
            bounded = self._boundary_before(text, start)
            if length == sl and not bounded:
                continue  # a bare surname needs a clean left edge (责任教授)
            if tier == 3 and pen > 0:
                continue
            s = (2.0 if bounded else 0.0) - pen
            s += {1: 1.0, 2: 0.5}.get(tier, 0.0)
            s += {1: 0.0, 2: 0.3}.get(length - sl, 0.5)
            if text[start] in _FUNCTION_CHARS:
                s -= 2.0
            if best is None or s > best[0]:
                best = (s, start)
        if best is None:
            return None
        return best[1], best[0]

    def find_batch(self, docs: list[ScanText]) -> list[list]:
        """With LAC: a first pass over the batch finds every text's rule
        spans and windows, and LAC tags all the windows in a few calls (each
        call to its network costs more than a short window's own work);
        then each text is judged as alone, with the same results."""
        if self.lac is None or self.tagger is None:
            return super().find_batch(docs)
        first: dict[str, tuple[list, list]] = {}
        for d in docs:
            text = d.norm
            if self.wants(d) and text not in first:
                rules = self.rule_spans(text)
                first[text] = (rules, self.crf_windows(text, rules))
        pieces = [text[a:b] for text, (_, windows) in first.items() for a, b in windows]
        self._batch.first, self._batch.lac = first, self.lac.tags_many(pieces)
        try:
            return super().find_batch(docs)
        finally:
            self._batch.first = self._batch.lac = None

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        n = len(text)
        found = []
        teams = set()
        rules, windows = (getattr(self._batch, "first", None) or {}).get(text) or (self.rule_spans(text), None)
        for s, e, score in self._with_slot_names(text, self._combine(text, rules, windows)):
            if score < SCORE_BEFORE:
                e = self._trim_bound_tail(text, s, e)
                if _team_context(text, s, e):
                    teams.add(text[s:e])  # 卡萨维诺主场…, vs里奥萨: a club in a match report
                    continue
            found.append((s, e, score))
        for s, e, score in found:
            if score < SCORE_BEFORE and text[s:e] in teams:
                continue  # the same club mentioned again in the report
            if e < n and _ORG_AFTER_RE.match(text, e):
                continue  # 韩亚银行, 张裕公司: a company named after its founder
            if score < SCORE_BEFORE and _family_place(text, s, e):
                continue  # 杨家坪, 宋家庄, 朱家|角: a place named after a family
            if score < SCORE_FORM and text[s] in "任曾" and _verb_reading(text, s):
                continue  # 月至今任山东…, 曾获…: the verb, not the surname
            yield "PERSON", s, e, score, text[s:e]

    def _trim_bound_tail(self, text: str, s: int, e: int) -> int:
        """End of a surname + two-character span, moved back by one when its
        last character starts a frequent word with what follows (王立|发自,
        孙梅|昨日, 赵宁|打电话) or is a verb before an aspect particle
        (刘洋|通完电话), and the two-character name is plausible."""
        if e - s != 3 or e >= len(text) or not _is_cjk(text[e]):
            return e
        sl, tier = self._surname_at(text, s)
        if sl != 1 or tier > 2:
            return e
        wf = self.word_freq
        if (
            text[e] not in _ASPECT_AFTER_VERB
            and wf.get(text[e - 1:e + 1], 0) < _BOUND_TAIL_FREQ
            and wf.get(text[e - 1:e + 2], 0) < _BOUND_TAIL_FREQ
        ):
            return e
        if self._plausible(text, s, e - 1, sl, cued=True) is None and not self._word_name_ok(text, s):
            return e
        return e - 1

    # Uncued names in chat slots -------------------------------------------
    def _with_slot_names(
        self, text: str, spans: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float]]:
        """The rule and model spans, with a time word the model ran into the
        name cut off (周末|黄晓燕约我), plus names without a cue in a chat
        slot. Neither the model's features nor the rules' spans change, so the
        model needs no retraining."""
        trimmed = []
        for s, e, sc in spans:
            if sc < SCORE_BEFORE and e - s >= 4 and text[s:s + 2] in self.time_words and self._surname_at(text, s + 2)[0]:
                s += 2
            if sc < SCORE_BEFORE:
                s, e = self._compound_and_tail(text, s, e)
            trimmed.append((s, e, sc))
        extra = self._slot_names(text, trimmed)
        extra += self._compound_names(text, trimmed, extra)
        extra += self._minority_names(text, trimmed, extra)
        if not extra:
            return trimmed
        strong = [r for r in trimmed if r[2] >= 0.5]
        busy = {k for s, e, _ in extra for k in range(s, e)}
        weak = [r for r in trimmed if r[2] < 0.5 and busy.isdisjoint(range(r[0], r[1]))]
        return _non_overlapping(strong + extra + weak)

    def _compound_and_tail(self, text: str, s: int, e: int) -> tuple[int, int]:
        """Mend the edges of a model span. A span that starts on the second
        character of a compound surname takes in the first (司|马浩宇 ->
        司马浩宇, 公|孙雅), unless that character ends a word with the one before
        it (公司|马浩宇). A time word the span ran into at its end is cut off
        (仝嘉禾|凌晨), and so is the fourth character after a single surname
        when Chinese text follows (鄢晓梅|人很好, 邝咏琪|新专辑)."""
        if s >= 1 and text[s - 1:s + 1] in self.compound and 2 <= e - s <= 3 \
                and self.compound[text[s - 1:s + 1]] <= 2 \
                and not (s >= 2 and self.word_freq.get(text[s - 2:s], 0) >= _SLOT_ENTRY_FREQ):
            s -= 1
        if e - s >= 4 and text[e - 2:e] in self.time_words and self._surname_at(text, s)[0]:
            e -= 2
        # A single surname is followed by at most two given characters in Han
        # names; a fourth character before more Chinese text belongs to what
        # follows, unless the span reads as a transliteration (马尔代夫: two
        # of its last three characters spell foreign names).
        if e - s == 4 and e < len(text) and _is_cjk(text[e]) and all(map(_is_cjk, text[s:e])) \
                and self._surname_at(text, s)[0] == 1 \
                and sum(c in self.translit for c in text[s + 1:e]) < 2:
            e -= 1
        return s, e

    def _slot_before(self, text: str, i: int) -> bool:
        if i == 0 or not _is_cjk(text[i - 1]) or text[i - 1] in self.slot_before_chars:
            return True
        words = self.slot_before_words
        return text[max(i - 2, 0):i] in words or (i >= 3 and text[i - 3:i] in words)

    def _slot_after(self, text: str, e: int) -> bool:
        if e >= len(text) or not _is_cjk(text[e]) or text[e] in self.slot_after_chars:
            return True
        words = self.slot_after_words
        if text[e:e + 2] in words or text[e:e + 3] in words:
            return True
        for k in (2, 3):
            if text[e:e + k] in self.slot_verbs:
                # 浦航|租赁有限公司: a firm's line of business, not a verb.
                return not any(text.startswith(o, j) for j in range(e + k, min(e + k + 3, len(text))) for o in _ORG_AFTER)
        return False

    def _slot_names(self, text: str, spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """A common surname + one or two common given characters between a
        slot's two sides (昨天|王芳|请我吃饭, 你问|罗娟|吧, 会议由|李强|主持), where
        the Weibo-trained model, which saw few short chat sentences, stays
        under its threshold. The span's end must be sure, and the span must
        pass the vetoes of the model's own proposals."""
        taken = {k for s, e, sc in spans if sc >= 0.5 for k in range(s, e)}
        n = len(text)
        cg = self.common_given
        titles = None
        out = []
        compound = self.compound
        for m in self._guess_re.finditer(text):
            i = m.start()
            # Cheap tests first: most surname characters in running text are
            # followed by no given-name character or stand in no slot.
            if i in taken or (text[i + 1:i + 2] not in cg and text[i:i + 2] not in compound) \
                    or not self._slot_before(text, i):
                continue
            sl, tier = self._surname_at(text, i)
            if not sl or tier > 2:
                continue
            if i and (self.word_freq.get(text[i - 1:i + 1], 0) >= 5 or text[i - 1:i + 2] in self.frequent_entries):
                continue  # 和|田玉: the character before binds to the surname (和田玉)
            for g in (2, 1):
                e = i + sl + g
                if e > n or not taken.isdisjoint(range(i, e)) or (g == 1 and tier > 1):
                    continue
                if not all(c in cg for c in text[i + sl:e]) or not self._slot_after(text, e):
                    continue
                if titles is None:
                    titles = _title_ranges(text)
                if self._plausible(text, i, e, sl, cued=False) is None or _in_title(titles, i, e):
                    continue
                # The end must be sure: not 吴冠中|和 (中和 is a word), 周清|来交代
                # (来 may end a three-character name), 张方|来夫妇.
                if g == 2 and sl == 1 and self._trim_bound_tail(text, i, e) < e:
                    break
                if g == 1 and e < n and text[e] in cg and text[e:e + 2] not in self.slot_after_words:
                    break
                if e < n and text[e] in "来去" and not (e + 1 >= n or text[e + 1] in _AFTER_COME_GO):
                    break
                cand = text[i:e]
                if (cand not in self.person_words and self.word_freq.get(cand, 0) >= 3) or cand in self.frequent_entries:
                    break
                if not self._model_span_ok(text, i, e, titles):
                    break
                out.append((i, e, SCORE_SLOT))
                break
        return out

    def _compound_names(
        self, text: str, spans: list[tuple[int, int, float]], extra: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float]]:
        """A common compound surname (欧阳, 司马, 上官, 诸葛…; not 东方, 西门 or
        南宫, which are words too) and its one- or two-character given name,
        wherever it stands (主攻|上官琳|状态爆表, 学霸|诸葛晨曦|保研): such
        surnames are rarely anything else, and the Weibo-trained model saw
        few of them."""
        out: list[tuple[int, int, float]] = []
        taken = None
        titles = None
        for m in self._compound_re.finditer(text):
            i = m.start()
            if taken is None:
                taken = {k for s, e, sc in spans + extra if sc >= 0.5 for k in range(s, e)}
            if i in taken:
                continue
            if i and (self.word_freq.get(text[i - 1:i + 1], 0) >= _COMPOUND_BOUND_FREQ
                      or self.word_freq.get(text[i - 1:i + 2], 0) >= _SLOT_ENTRY_FREQ):
                continue  # 公司|马浩宇, 大司马: the surname is part of a word
            g = self._compound_given_length(text, i + 2)
            e = i + 2 + g
            if not g or not taken.isdisjoint(range(i, e)):
                continue
            if titles is None:
                titles = _title_ranges(text)
            if _in_title(titles, i, e) or not self._model_span_ok(text, i, e, titles):
                continue
            out.append((i, e, SCORE_SLOT))
        return out

    def _minority_names(
        self, text: str, spans: list[tuple[int, int, float]], extra: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float]]:
        """Tibetan, Mongolian, Uyghur and Kazakh names (扎西顿珠, 巴图孟和,
        阿依古丽·艾买提): two or more listed components in a row, or one of
        three or more characters in a person slot (我奶奶|格桑拉姆, 特木尔|加油).
        Not when the run is part of a longer dictionary word (乌兰|巴托), or its
        first character ends a word with the one before it."""
        out: list[tuple[int, int, float]] = []
        taken = None
        wf = self.word_freq
        n = len(text)
        for m in self._minority_re.finditer(text):
            s, e = m.span()
            if taken is None:
                taken = {k for a, b, sc in spans + extra if sc >= 0.5 for k in range(a, b)}
            if not taken.isdisjoint(range(s, e)):
                continue
            if s and _is_cjk(text[s - 1]) and wf.get(text[s - 1:s + 1], 0) >= _SLOT_ENTRY_FREQ:
                continue
            if any(wf.get(text[s:k], 0) >= 1 for k in range(e + 1, min(s + 5, n + 1))):
                continue  # 乌兰|巴托, 乌兰|察布: a place
            parts = len(self._minority_part.findall(text[s:e]))
            if parts >= 2:
                out.append((s, e, 0.7))
            elif e - s >= 3 and self._slot_before(text, s) and self._slot_after(text, e):
                out.append((s, e, SCORE_SLOT))
        return out

    def _compound_given_length(self, text: str, p: int) -> int:
        """How many characters at ``p`` (after a compound surname) are its
        given name: two, unless the second starts a dictionary word with what
        follows that the first does not (上官琳|状态) or opens a slot (慕容雪|演的,
        司马光|砸缸, 上官羽|和); one; or none, for a function character, a
        character never given, 家 (欧阳家), or no Chinese at all."""
        n = len(text)

        def ok(c: str) -> bool:
            return _is_cjk(c) and c not in _FUNCTION_CHARS and c not in self.never_given and c != "家"

        if p >= n or not ok(text[p]) or text[p] == "老":
            return 0  # 申屠|老爷: a form of address, not a given name
        wf = self.word_freq
        if p + 1 < n and ok(text[p + 1]) and not (
            wf.get(text[p + 1:p + 3], 0) >= _SLOT_ENTRY_FREQ and wf.get(text[p:p + 2], 0) < _SLOT_ENTRY_FREQ
        ) and not (text[p + 1] not in self.common_given
                   and (text[p + 1] in _ONE_CHAR_VERBS or self._slot_after(text, p + 1))):
            return 2
        return 1

    def _word_name_ok(self, text: str, p: int) -> bool:
        """May the two characters at ``p`` (a surname and one more) be a name
        although they are also a word (舒畅, 高明), once the context closes the
        name after them? Not for very common words or listed non-names."""
        if text[p + 1] in self.never_given or text[p:p + 2] in self.not_names:
            return False
        return self.word_freq.get(text[p:p + 2], 0) < _CLOSED_WORD_FREQ

    def _closed_two(self, text: str, p: int) -> bool:
        """A two-character name that is also a word (研究员舒畅指出), right
        after a role cue and closed by punctuation, a bracket or a reporting
        verb: the slot vouches for it where the dictionary check alone would
        reject it."""
        sl, tier = self._surname_at(text, p)
        q = p + 2
        if sl != 1 or tier > 2 or q > len(text) or not _is_cjk(text[p + 1]):
            return False
        if q < len(text) and _is_cjk(text[q]) and not _CLOSED_AFTER.match(text, q):
            return False
        return self._word_name_ok(text, p)

    def _cued(self, text: str) -> list[tuple[int, int, float]]:
        found: list[tuple[int, int, float]] = []
        for m in self._before_re.finditer(text):
            p = m.end()
            if p >= len(text):
                continue
            cue = m.group(0).rstrip(":： ")
            if len(cue) == p - m.start() and self.word_freq.get(cue + text[p], 0) >= 3:
                continue  # 会计 + 师 is 会计师, 学生 + 会 is 学生会
            r = self._name_from(text, p)
            if r is not None:
                found.append((p, r[0], SCORE_BEFORE if r[1] < 1.0 else SCORE_SPEECH))
            elif self._closed_two(text, p):
                found.append((p, p + 2, SCORE_SPEECH))

        for m in self._after_re.finditer(text):
            cue = m.group(0)
            kind = self._after_kind[cue]
            if kind == "title" and text[m.end():m.end() + 1] in _ORG_AFTER_TITLE and m.end() < len(text):
                continue
            r = self._name_before(
                text, m.start(), title=kind == "title", surname_only=cue in _SURNAME_ONLY_TITLES
            )
            if r is None:
                continue
            start, quality = r
            bare = m.start() - start == self._surname_at(text, start)[0]
            if cue in _BARE_SURNAME_CUES and (
                not bare or (cue == "总" and not _after_bare_title(text, m.end()))
            ):
                continue  # 王明总是…, 年轻时总爱…: the adverb, not an honorific
            if kind == "title":
                if bare and not _biography_follows(text, m.end()):
                    # One span, honorific included (see _SURNAME_ONLY_TITLES).
                    found.append((start, m.end(), SCORE_TITLE if quality >= 2.0 else SCORE_SPEECH if quality >= 1.0 else SCORE_GUESS_WEAK))
                    continue
                score = SCORE_TITLE if quality >= 2.0 else SCORE_SPEECH if quality >= 1.0 else SCORE_GUESS_WEAK
            else:
                if m.start() - start < 2:
                    continue
                score = SCORE_SPEECH if quality >= 2.5 else SCORE_GUESS_WEAK
            found.append((start, m.start(), score))

        for m in self._form_re.finditer(text):
            s, e = m.span(1)
            sl, _ = self._surname_at(text, s)
            if sl and 2 <= e - s <= sl + 2 and self._plausible(text, s, e, sl, cued=True) is not None:
                found.append((s, e, SCORE_FORM))

        for m in self._lead_re.finditer(text):
            s, e = m.span(1)
            sl, tier = self._surname_at(text, s)
            if sl and tier <= 2 and 2 <= e - s <= sl + 2:
                pen = self._plausible(text, s, e, sl, cued=True)
                if pen is not None and pen <= 0.75:
                    found.append((s, e, SCORE_LEAD if pen == 0 else SCORE_LEAD - 0.1))

        for m in self._mention_re.finditer(text):
            s, e = m.span(1)
            sl, tier = self._surname_at(text, s)
            if sl and e - s <= sl + 2 and tier <= 2:
                pen = self._plausible(text, s, e, sl, cued=True)
                if pen is not None and pen < 1.0:
                    found.append((s, e, SCORE_MENTION))
                    continue
            # A three-character handle of Chinese characters alone (@汪东城,
            # @林小鹿) is most often a person's name: 24 of the 36 in Weibo
            # train are annotated PER.NAM, 3 are organisations (@财经网). At
            # that precision, above half the detector's F1, reporting them
            # raises F1 (5-fold CV; see MODEL_CARD.md). Not when a character
            # never occurs in names, the handle is a word, or it ends like an
            # organisation.
            if (
                e - s == 3
                and text[e - 1] not in _HANDLE_ORG_END
                and self.never_given.isdisjoint(text[s:e])
                and self.word_freq.get(text[s:e], 0) < 5
                and self.word_freq.get(text[s:s + 2], 0) < 50
            ):
                found.append((s, e, SCORE_HANDLE))
        return found

    def rule_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Spans found by the cue rules and guesses alone (also the rule
        features of the sequence model, so training calls this too)."""
        found = self._cued(text)
        titles = _title_ranges(text)
        translit = self._transliterated(text, titles)
        if translit:
            # A transliterated name holding a shorter cued one (教练罗纳|尔多)
            # replaces it: the surname rules cut such names short.
            found = [
                f for f in found
                if not any(s <= f[0] and f[1] <= e and e - s > f[1] - f[0] for s, e, _ in translit)
            ] + translit
        kept = _non_overlapping(found)
        kept = self._spread(text, kept)
        return self._guess(text, kept, titles)

    # Propagation and guesses -----------------------------------------------
    def _spread(self, text: str, kept: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """Other mentions of cued names, and names listed next to them."""
        extra: list[tuple[int, int, float]] = []
        names = {text[s:e] for s, e, sc in kept if sc >= SCORE_SPEECH and e - s >= 2}
        for name in names:
            i = text.find(name)
            while i != -1:
                extra.append((i, i + len(name), SCORE_REPEAT))
                i = text.find(name, i + len(name))
        for s, e, sc in kept:
            if sc < SCORE_SPEECH:
                continue
            # Forwards: 张三、李四、王五
            pos = e
            while pos < len(text) and text[pos] == "、":
                nxt = self._list_item(text, pos + 1)
                if nxt is None:
                    break
                extra.append((pos + 1, nxt, SCORE_LIST))
                pos = nxt
            # Backwards: 李四、王五先生
            pos = s
            while pos > 1 and text[pos - 1] == "、":
                prev = self._list_item_before(text, pos - 1)
                if prev is None:
                    break
                extra.append((prev, pos - 1, SCORE_LIST))
                pos = prev
        return _non_overlapping(kept + extra)

    def _list_item(self, text: str, p: int) -> int | None:
        sl, _ = self._surname_at(text, p)
        if not sl:
            return None
        for g in (2, 1):
            end = p + sl + g
            if end <= len(text) and (end == len(text) or not _is_cjk(text[end]) or text[end] in "和与及等"):
                if self._plausible(text, p, end, sl, cued=True) is not None:
                    return end
        return None

    def _list_item_before(self, text: str, q: int) -> int | None:
        for length in (3, 2):
            start = q - length
            if start < 0:
                continue
            sl, _ = self._surname_at(text, start)
            if sl and self._boundary_before(text, start) and self._plausible(text, start, q, sl, cued=True) is not None:
                return start
        return None

    def _guess_at(self, text: str, i: int, sl: int, tier: int) -> tuple[int, int, float] | None:
        n = len(text)
        end = i + sl + 2
        if end <= n:
            g = text[i + sl:end]
            if (
                g[0] in self.common_given
                and g[1] in self.common_given
                and self._plausible(text, i, end, sl, cued=False) is not None
                and not (end < n and _is_cjk(text[end]) and self.word_freq.get(text[end - 1:end + 1], 0) >= 200)
                and (self._boundary_before(text, i) or self.word_freq.get(text[i - 1:i + 1], 0) < 5)
                and self._boundary_after(text, end)
            ):
                return i, end, SCORE_GUESS_STRONG if tier == 1 else SCORE_GUESS_WEAK
        # Two-character names only between hard boundaries (punctuation,
        # Latin text, function characters): "@宋筱 和刘同，" but not 王国.
        end = i + sl + 1
        if (
            end <= n
            and tier == 1
            and text[i + sl] in self.common_given
            and _strict_edge(text, i - 1)
            and (_strict_edge(text, end) or text[end:end + 2] in self._after_kind)
            and self._plausible(text, i, end, sl, cued=False) is not None
        ):
            return i, end, SCORE_GUESS_2
        return None

    def _guess(
        self, text: str, kept: list[tuple[int, int, float]], titles: list[tuple[int, int]]
    ) -> list[tuple[int, int, float]]:
        """Three-character names without a cue: surname + two common given
        characters, not a dictionary word, clean boundaries on both sides."""
        taken = {i for s, e, _ in kept for i in range(s, e)}
        extra = []
        for m in self._guess_re.finditer(text):
            i = m.start()
            if i in taken:
                continue
            sl, tier = self._surname_at(text, i)
            if not sl or tier > 2:
                continue
            hit = self._guess_at(text, i, sl, tier)
            if hit is not None and not _in_title(titles, hit[0], hit[1]):
                extra.append(hit)
        return _non_overlapping(kept + extra)


def _family_place(text: str, s: int, e: int) -> bool:
    """Is ``text[s:e]`` a surname + 家 + a place character, or a surname + 家
    right before one (杨家坪, 徐家汇, 苏家屯, 朱家|角)? Places across China are
    named so; given names with 家 end otherwise (王家卫, 李家豪)."""
    k = text.find("家", s + 1, min(e, s + 3))
    if k == -1:
        return False
    after = text[k + 1:k + 2]
    return bool(after) and after in _FAMILY_PLACE_END


def _names_in(tagger, labels: list[str]):
    """(start, end, probability) of each B I* run in ``labels``; the
    probability is the smallest marginal of the run's tags."""
    i, n = 0, len(labels)
    while i < n:
        if labels[i] != "B":
            i += 1
            continue
        j = i + 1
        while j < n and labels[j] == "I":
            j += 1
        yield i, j, min(tagger.marginal(labels[k], k) for k in range(i, j))
        i = j


def _crf_score(prob: float, threshold: float) -> float:
    """Map the model's probability to a score: >= 0.5 from ``threshold`` up."""
    if prob >= threshold:
        return round(0.5 + 0.4 * (prob - threshold) / (1.0 - threshold), 3)
    return round(0.49 * prob / threshold, 3)


def _load_tagger(model_file: str):
    """(tagger, model bytes) of the name tagger shipped with the package, or
    None (rules only) when python-crfsuite or the model file is missing."""
    try:
        import pycrfsuite
    except ImportError:
        logging.getLogger(__name__).warning("python-crfsuite not installed: zh_person runs on rules only")
        return None
    ref = resources.files("detectors").joinpath(f"{_DATA}/{model_file}")
    if not ref.is_file():
        logging.getLogger(__name__).warning("%s missing: zh_person runs on rules only", model_file)
        return None
    data = ref.read_bytes()
    tagger = pycrfsuite.Tagger()
    # crfsuite reads the model in place: the bytes must outlive the tagger.
    tagger.open_inmemory(data)
    return tagger, data


def _biography_follows(text: str, i: int) -> bool:
    """Does a résumé or annual-report sentence follow (贺先生2003年5月任本公司…,
    刘先生现为…)? Such text (the résumé NER set) keeps the honorific outside
    the bare surname, where social media and news (Weibo NER, CLUENER) take it
    in. Checked on the train splits only: this separates 89 of 91 résumé cases
    from all 14 Weibo and 6 CLUENER ones."""
    stop = _SENTENCE_END.search(text, i, i + 25)
    return _BIOGRAPHY.search(text, i, stop.start() if stop else i + 25) is not None


def _verb_reading(text: str, i: int) -> bool:
    """Is 任/曾 at ``i`` the verb "to serve as" or the adverb "once" rather
    than a surname? Uncued guesses and model spans only: in résumé text
    (résumé NER train) they made most false positives (任山东宏达…, 曾获…),
    which the Weibo-trained model never saw."""
    if text[i] == "曾":
        return text[i + 1:i + 2] in _AFTER_ONCE
    prev = text[i - 1] if i else ""
    return prev.isdigit() or prev in "月年起今日" or _biography_follows(text, i + 1)


def _after_bare_title(text: str, i: int) -> bool:
    """Can ``text[i]`` follow 总 as an honorific (胡总的, 季总：, 李总说)? The
    adverb 总 (总是, 总爱, 总会) is followed by a verb instead."""
    return i >= len(text) or not _is_cjk(text[i]) or text[i] in _FUNCTION_CHARS or text[i] in "说们好您你"


def _team_context(text: str, s: int, e: int) -> bool:
    """Is ``text[s:e]`` used as a sports team (followed by 主场/客场/vs/上轮/队,
    or right after vs/对阵)? Dropping such spans changes no finding on Weibo
    train and removes club names from CLUENER news (see MODEL_CARD.md)."""
    if e < len(text) and _TEAM_AFTER_RE.match(text, e):
        return True
    if "vs" in text[s:e].lower():
        return True
    return any(text.endswith(w, 0, s) for w in _TEAM_BEFORE)


def _strict_edge(text: str, i: int) -> bool:
    """Is ``text[i]`` (or the text's edge) a hard boundary for a name?"""
    return i < 0 or i >= len(text) or not _is_cjk(text[i]) or text[i] in _FUNCTION_CHARS


def _non_overlapping(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Highest score first, then longest; drop spans overlapping a kept one."""
    if len(spans) < 2:
        return list(spans)
    out: list[tuple[int, int, float]] = []
    taken: set[int] = set()  # names are a few characters long: mark positions
    for s, e, sc in sorted(set(spans), key=lambda x: (-x[2], -(x[1] - x[0]), x[0])):
        if taken.isdisjoint(range(s, e)):
            taken.update(range(s, e))
            out.append((s, e, sc))
    out.sort()
    return out


def _title_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each 《…》 title mark (books, films,
    games): 《霍比特人》 or a game title is not a person unless a cue says so."""
    if "《" not in text:
        return []
    out = []
    i = text.find("《")
    while i != -1:
        # Titles are short; a long or nested stretch is a misused mark
        # (Weibo's 《回复…), which must not hide the names inside it.
        j = text.find("》", i + 1, i + 16)
        if j == -1 or "《" in text[i + 1:j]:
            i = text.find("《", i + 1)
            continue
        out.append((i + 1, j))
        i = text.find("《", j + 1)
    return out


def _in_title(titles: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in titles)
