"""Mainland China mobile and fixed-line telephone numbers.

Mobile: 11 digits on an allocated 3-digit prefix, optionally after +86, 0086
or 86, written whole or grouped 3-4-4 / 3-8. Fixed line: a trunk 0 and an area
code from ``data/zh/area_codes.tsv`` then a 7- or 8-digit local number that
does not start with 0, optionally after +86 (then without the trunk 0),
with an optional extension.

UK numbers in London (020), Southampton (023), Coventry (024), Northern
Ireland (028) and Cardiff (029) have exactly the shape of mainland 02x
numbers. Such a number written without +86 is left to the international
phone detector when the place named nearest before it (on its line, else just
after it) is in the UK and libphonenumber holds it valid there: "London
office 020 7946 0958", not "Guangzhou office 020 8345 6789".

A number is read from a whole "phone-like run" (digit groups joined by spaces,
hyphens, brackets and a leading +, or a mobile grouped 3-4-4 with dots), and a
phone must start and end on group boundaries, so a phone is never found inside
an order number or a timestamp. A run glued to ASCII letters is part of some
other token (a SKU, a WeChat ID, a hash) unless the letters are a phone cue
("Tel13800138000"). A reference-number cue (订单, 发票, invoice, request_id…,
``detectors/data/reference_number_cues.txt``) nearer the number than any phone
cue, and separated from it by nothing but label words ("发票号码：",
"Invoice #"), makes it a reference, not a phone; "发票抬头：张三 138…" is a phone.
"""

from __future__ import annotations

import re

from ..base import Detector, context_before, last_cue, reference_labels_number
from ..patterns import compile_bounded
from ..text import ScanText
from . import data_lines, digit_groups, is_ascii_alnum

# Digit groups joined by one space or hyphen, or by brackets: "(+86)138...",
# "(0755)8888 8888", "+86 10 1234 5678". Groups are separated by non-digits,
# so no two quantifiers compete for the same characters: the pattern is linear.
# The em dash (not folded by normalisation) also separates groups in Chinese
# text: "021—62345678".
_SEP = r"(?:[ \-\u2014]|\) ?|[ -]?\(\+?)"
# Either one run of 7+ digits or 2+ digits followed by more groups: shorter
# numbers ("3个", "2023年") never reach Python. The first item is a plain
# character set (not an optional "+(") so that re can skip ahead to candidate
# characters: measured 83 MB/s against 38 MB/s with an optional prefix.
# The second branch, behind the same first character, is a mobile grouped with
# dots ("138.1234.5678"); dots join no other groups, since decimals and
# versions use them.
PHONE_RUN = compile_bounded(
    rf"[+(0-9](?:[+(]?(?:[0-9]{{6,}}|[0-9]+{_SEP}[0-9]+)(?:{_SEP}[0-9]+)*\)?|(?<=1)[3-9][0-9]\.[0-9]{{4}}\.[0-9]{{4}})"
)
EXTENSION = compile_bounded(r"^ ?(?:转|分机|ext\.? ?|x|#)([0-9]{1,6})", ignore_case=True)

# Allocated mobile prefixes (MIIT numbering plan): 13x, 145-149, 150-153,
# 155-159, 162, 165-167, 170-178, 18x, 190-193, 195-199. 140-144 are
# 13-digit IoT numbers and 154/194 are unallocated.
MOBILE_PREFIXES = frozenset(
    [f"13{d}" for d in range(10)]
    + [f"14{d}" for d in range(5, 10)]
    + [f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
)

CUES = ("电话", "電話", "手机", "手機", "联系", "聯繫", "座机", "致电", "来电", "热线", "传真", "call",
        "tel", "phone", "mobile", "cell", "fax", "whatsapp", "微信", "vx", "contact")
# Cues that may be written against the number with no separator: "Tel13800138000".
GLUED_CUES = frozenset(c for c in CUES if c.isascii() and c.isalpha())
# Abbreviations on business cards and forms: M(obile), T(el), H(and)P(hone).
GLUED_ABBREVIATIONS = frozenset(("m", "t", "mob", "ph", "hp", "mp", "cel"))
# An 11-digit number right after these is not someone's phone (besides the
# shared reference-number cues): a staff or record number, a card number, a
# QQ account.
NOT_PHONE_CUES = ("编号", "卡号", "qq")

# Mainland area codes that UK numbers share, and the place words that say
# which country a number belongs to (lower-cased; ASCII ones match whole words).
SHARED_WITH_GB = frozenset(("020", "023", "024", "028", "029"))
_GB_PLACES = ("london", "uk", "u.k.", "united kingdom", "england", "britain", "british", "scotland",
              "wales", "cardiff", "belfast", "northern ireland", "southampton", "coventry", "+44", "0044",
              "伦敦", "英国", "英格兰", "苏格兰", "威尔士", "卡迪夫", "贝尔法斯特", "北爱尔兰", "南安普顿", "考文垂")
_CN_PLACES = ("china", "prc", "mainland", "guangzhou", "canton", "shanghai", "tianjin", "chongqing", "shenyang",
              "nanjing", "wuhan", "chengdu", "xi'an", "xian", "beijing", "shenzhen", "+86", "0086",
              "中国", "大陆", "内地", "广州", "上海", "天津", "重庆", "沈阳", "南京", "武汉", "成都", "西安", "北京", "深圳")


def _place_pattern(words) -> re.Pattern:
    alts = sorted(words, key=len, reverse=True)
    return re.compile("|".join(
        rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w) for w in alts
    ), re.IGNORECASE)


_PLACE = _place_pattern(_GB_PLACES + _CN_PLACES)
_GB_SET = frozenset(_GB_PLACES)


def _uk_context(text: str, start: int, end: int, window: int = 80) -> bool:
    """Is the place named nearest before the number, on its line, in the UK?
    With no place before it, the first place within 40 characters after it
    decides."""
    line_start = text.rfind("\n", 0, start) + 1
    before = list(_PLACE.finditer(text, max(line_start, start - window), start))
    if before:
        return before[-1].group().lower() in _GB_SET
    line_end = text.find("\n", end)
    m = _PLACE.search(text, end, min(end + 40, line_end if line_end >= 0 else len(text)))
    return m is not None and m.group().lower() in _GB_SET


def _valid_in_gb(value: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, "GB"))
    except phonenumbers.NumberParseException:
        return False


MOBILE_LAYOUTS = ((11,), (3, 4, 4), (3, 8))
# Local-number layouts: 8 or 7 digits, whole or split in the middle.
LOCAL_LAYOUTS = ((8,), (4, 4), (7,), (3, 4))


# Everything a phone-like run holds besides digits, mapped to spaces.
_SEPARATORS_TO_SPACE = str.maketrans("()+-\u2014.", "      ")


def _could_start(group: str) -> bool:
    """Can a phone start with this digit group? A cheap test that lets dates,
    ISBNs and grouped IDs skip the full parse."""
    n = len(group)
    if not n:
        return False
    head = group[0]
    if head == "1":
        return (n == 3 or n == 11) and group[:3] in MOBILE_PREFIXES
    if head == "0":
        return 3 <= n <= 4 or 10 <= n <= 15 or (n == 7 and group.startswith("0086"))
    if head == "8":
        # "86", "8613812345678", or the country code glued to the first
        # group of a grouped mobile: "+86138 1234 5678".
        return n == 2 or n == 13 or (n == 5 and group[2:] in MOBILE_PREFIXES)
    return False


def mobile_ok(digits: str) -> bool:
    """11 digits on an allocated mobile prefix."""
    return len(digits) == 11 and digits.isdigit() and digits[:3] in MOBILE_PREFIXES


class ChinaPhoneDetector(Detector):
    NAME = "cn_phone"
    VERSION = "0.3.2"
    ENTITIES = ("CN_MOBILE_PHONE", "CN_LANDLINE_PHONE")
    NEEDS = "digit"

    def __init__(self, **options):
        super().__init__(**options)
        self.area_codes = frozenset(row[0] for row in data_lines("area_codes.tsv"))

    # -- parsing ------------------------------------------------------------
    def find_normalised(self, doc: ScanText):
        text = doc.norm
        for m in PHONE_RUN.finditer(text):
            run = m.group()
            # Fast exit for the commonest run, one bare group of digits
            # (dates, amounts, order numbers): only these lengths and leading
            # digits can be a phone.
            if run.isdigit():
                if not _could_start(run):
                    continue
            elif not any(map(_could_start, run.translate(_SEPARATORS_TO_SPACE).split())):
                continue
            yield from self._from_run(doc, text, m.start(), m.end())

    def _from_run(self, doc: ScanText, text: str, start: int, end: int):
        groups = digit_groups(text, start, end)
        n = len(groups)
        # Every phone starts with a group beginning 0 (trunk), 1 (mobile) or
        # 8 (country code).
        if not any(text[a] in "018" for a, _ in groups):
            return
        # A run glued to letters ("ab13800138000cd", "SKU13812345678") or
        # decimals ("3.1380…") is part of some other token.
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        first_blocked = (before in (".", "_") or bool(before) and is_ascii_alnum(before)) \
            and not _glued_cue(text, start)
        # A hyphen or underscore followed by more token ("…-4495-a4af3eec"
        # in a UUID) continues the token the run is part of.
        nxt = text[end + 1:end + 2]
        last_blocked = bool(after) and (
            is_ascii_alnum(after)
            or (after == "." and nxt.isdigit())
            or (after in "-_" and bool(nxt) and is_ascii_alnum(nxt))
        )
        i = 0
        while i < n:
            found = self._parse_at(text, groups, i)
            if found is None:
                i += 1
                continue
            etype, j, value, formatted = found
            s, e = groups[i][0], groups[j][1]
            if (
                etype == "CN_LANDLINE_PHONE"
                and value[:3] in SHARED_WITH_GB
                and not text[s:e].startswith(("86", "0086"))
                and _uk_context(text, s, e)
                and _valid_in_gb(value)
            ):
                i = j + 1
                continue
            if etype == "CN_LANDLINE_PHONE":
                j, e = self._extension(text, groups, j, e, end)
            if (i == 0 and first_blocked) or (e == end and last_blocked):
                i += 1
                continue
            # Keep the brackets and plus that belong to the number.
            while s > start and text[s - 1] in "(+":
                s -= 1
            if e < len(text) and text[e] == ")" and "(" in text[s:groups[i][1]]:
                e += 1
            score = self._score(doc, s, etype, formatted)
            yield etype, s, e, score, value
            i = j + 1

    def _parse_at(self, text, groups, i):
        """Parse a phone starting at group ``i``: (type, last group, value,
        written-with-structure flag) or None."""
        first = text[groups[i][0]:groups[i][1]]
        # Country code: +86 / 0086 / 86 as its own group, or glued to the number.
        country = False
        k = 0
        if first in ("86", "0086"):
            country, k = True, 1
        elif first.startswith(("0086", "86")) and len(first) in (13, 15):
            rest = first[4:] if first.startswith("0086") else first[2:]
            if mobile_ok(rest):
                plus = groups[i][0] > 0 and text[groups[i][0] - 1] == "+"
                return "CN_MOBILE_PHONE", i, rest, plus or first.startswith("0086")
        elif len(first) in (5, 7) and first.startswith(("86", "0086")):
            # "+86138 1234 5678": the country code written against the
            # mobile prefix, the rest grouped 4-4 or 8.
            plus = groups[i][0] > 0 and text[groups[i][0] - 1] == "+"
            lengths = tuple(b - a for a, b in groups[i + 1:i + 3])
            if plus or first.startswith("0086"):
                for rest in ((4, 4), (8,)):
                    if lengths[:len(rest)] == rest:
                        j = i + len(rest)
                        value = first[-3:] + "".join(text[a:b] for a, b in groups[i + 1:j + 1])
                        if mobile_ok(value):
                            return "CN_MOBILE_PHONE", j, value, True
            return None
        offset = i + k
        if offset >= len(groups):
            return None
        hit = self._mobile(text, groups, offset)
        if hit is not None:
            j, value, structured = hit
            return "CN_MOBILE_PHONE", j, value, structured or country
        hit = self._landline(text, groups, offset, country)
        if hit is not None:
            j, value, structured = hit
            return "CN_LANDLINE_PHONE", j, value, structured or country
        return None

    @staticmethod
    def _mobile(text, groups, i):
        lengths = [b - a for a, b in groups[i:i + 3]]
        for layout in MOBILE_LAYOUTS:
            k = len(layout)
            if tuple(lengths[:k]) == layout:
                value = "".join(text[a:b] for a, b in groups[i:i + k])
                if mobile_ok(value):
                    return i + k - 1, value, k > 1
        return None

    def _landline(self, text, groups, i, country):
        area = text[groups[i][0]:groups[i][1]]
        if country and not area.startswith("0"):
            area = "0" + area
        n_after = len(groups) - i - 1
        if area in self.area_codes and n_after >= 1:
            rest = groups[i + 1:i + 3]
            lengths = [b - a for a, b in rest]
            for layout in LOCAL_LAYOUTS:
                k = len(layout)
                if tuple(lengths[:k]) == layout:
                    local = "".join(text[a:b] for a, b in rest[:k])
                    if self._local_ok(area, local):
                        return i + k, area + local, True
            return None
        # Area code and local number written as one group: 010xxxxxxxx.
        whole = area
        if whole.startswith("0") and len(whole) in (10, 11, 12):
            for cut in (3, 4):
                a, local = whole[:cut], whole[cut:]
                if a in self.area_codes and len(local) in (7, 8) and self._local_ok(a, local):
                    return i, whole, False
        return None

    @staticmethod
    def _local_ok(area: str, local: str) -> bool:
        # Local numbers never start with the trunk 0; real ones rarely start
        # with 1 (service numbers) but text writes 010-12345678 as an example
        # of a Beijing number often enough that rejecting them misses PI.
        if local[0] == "0":
            return False
        # Two-digit area codes (Beijing, Shanghai, 02x) have 8-digit locals.
        return len(local) == 8 or len(area) == 4

    @staticmethod
    def _extension(text, groups, j, e, run_end):
        """Swallow an extension written after the number ("-123", "转123")."""
        if j + 1 < len(groups) and groups[j + 1][0] == e + 1 and text[e] == "-":
            a, b = groups[j + 1]
            if b - a <= 6:
                return j + 1, b
            return j, e
        if e == run_end:
            m = EXTENSION.search(text[e:e + 16])
            if m is not None:
                return j, e + m.end()
        return j, e

    @staticmethod
    def _score(doc: ScanText, start: int, etype: str, structured: bool) -> float:
        before = context_before(doc, start, 16)
        # The cue nearest the number decides: "订单号：…" is no phone, but
        # "订单联系电话：…" is.
        own = last_cue(before, CUES)
        if reference_labels_number(before, CUES) or last_cue(before, NOT_PHONE_CUES) > own:
            return 0.35
        cued = own >= 0
        if etype == "CN_MOBILE_PHONE":
            if cued or structured:
                return 0.95
            return 0.85
        if cued:
            return 0.9
        return 0.8 if structured else 0.6


def _glued_cue(text: str, start: int) -> bool:
    """May the ASCII letters right before ``start`` be written against a
    phone number? A phone cue or its abbreviation ("Tel13800138000",
    "Tel.138…", "M138…"), or a name after a phone cue
    earlier on the line ("联系人：Tony138…"). Looks back at most 9 letters."""
    k = start
    dot = k > 0 and text[k - 1] == "."
    if dot:
        k -= 1
    j = k
    while j > 0 and k - j < 9 and text[j - 1].isascii() and text[j - 1].isalpha():
        j -= 1
    letters = text[j:k].lower()
    if not letters or (j > 0 and is_ascii_alnum(text[j - 1])):
        return False
    if letters in GLUED_CUES or letters in GLUED_ABBREVIATIONS:
        return True
    if dot:
        return False
    # A name ("Tony", "Lisa"), not an ID prefix ("wx", "SKU").
    if not text[j:k].istitle():
        return False
    line = text[max(0, j - 16):j].lower()
    line = line[line.rfind("\n") + 1:]
    return last_cue(line, CUES) >= 0 and not reference_labels_number(line + letters, CUES)
