"""Resident Identity Card numbers (居民身份证号码, GB 11643-1999).

18 characters: a 6-digit administrative-division code, an 8-digit birth date,
a 3-digit sequence and an ISO 7064 MOD 11-2 check character (0-9 or X).
Legacy cards carry 15 digits: the division code, a YYMMDD birth date in the
1900s and a 3-digit sequence, with no check character.

Validation follows the rules that jxlwqq/id-validator and python-stdnum agree
on; see ``detectors/data/zh/README.md`` for the code table and for how the
evaluation vectors map onto the two modes:

* default mode: the division code is one that ever existed (or a historic
  ``xxxx01/02/11/20`` urban-district code of an existing prefecture), because a
  person keeps the code assigned at registration and codes are routinely
  created after the birth of the people who hold them;
* strict mode: the code was also in force in the birth year (what stdnum's
  ``is_valid`` and id-validator's ``strict_mode`` check).

Codes 810000, 820000 and 830000 are the Hong Kong, Macau and Taiwan residents'
residence-permit numbers (港澳台居民居住证, 2018), which use the same layout
and checksum and identify a person just as well, so they are reported as
CN_RESIDENT_ID.
"""

from __future__ import annotations

import datetime as _dt
from functools import cache
from itertools import accumulate

from ..base import Detector, context_before, has_cue
from ..checksums import iso7064_mod11_2_check_char
from ..patterns import compile_bounded
from ..text import ScanText
from . import data_lines, is_ascii_alnum

# A run of digit groups joined by single spaces or hyphens, starting with at
# least six digits, optionally closed by the check character X; or an ID
# written in fours (4-4-4-4-2). Matching whole runs (rather than exactly 18
# digits) is what keeps an ID from being found inside a longer number:
# candidates start and end on group boundaries only. The two branches share
# their first four digits, so the pattern stays linear.
NUMBER_RUN = compile_bounded(
    r"[0-9]{4}(?:[0-9]{2,}(?:[ -][0-9]+)*[Xx]?|(?:[ -][0-9]{4}){3}[ -][0-9][0-9Xx])"
    r"|[0-9]{3}[ -][0-9]{3}(?:[ -][0-9]{4}){2}[ -][0-9]{3}[0-9Xx]"
)

CUES = ("身份证", "身份號", "身份证号", "公民身份号码", "证件号", "證件號", "身份號碼", "居住证",
        "id card", "id no", "id number", "identity card", "national id", "resident id")
# A 15-digit legacy candidate right after these is a device or account number.
NOT_ID_CUES = ("imei", "meid", "订单", "单号", "order", "流水号", "编号", "tracking")

# Digit-group layouts people write IDs in: whole, 6-8-4 (place, birth date,
# sequence + check), 6-4-4-4 (place, then fours), 6-12 (place, the rest),
# 4-4-4-4-2 (fours from the start), 3-3-4-4-4 (as phone numbers are spoken)
# and 6-6-3 for legacy numbers. 18-digit layouts are tried first.
LAYOUTS_18 = ((18,), (6, 8, 4), (6, 4, 4, 4), (6, 12), (4, 4, 4, 4, 2), (3, 3, 4, 4, 4))
LAYOUTS_15 = ((15,), (6, 6, 3))
# The layouts by the length of their first group: only groups of these
# lengths can open an ID.
LAYOUTS_BY_FIRST: dict[int, tuple[tuple[tuple[int, ...], int], ...]] = {}
for _size, _layouts in ((18, LAYOUTS_18), (15, LAYOUTS_15)):
    for _layout in _layouts:
        LAYOUTS_BY_FIRST[_layout[0]] = LAYOUTS_BY_FIRST.get(_layout[0], ()) + ((_layout, _size),)

RESIDENCE_PERMIT_CODES = frozenset({"810000", "820000", "830000"})
# Urban-district codes that real cards carry but the published code lists
# lack: xxxx20 "市区" (1980/1982 lists), xxxx01 "市辖区", and the 1984 scheme's
# first urban (02) and suburban (11) districts. id-validator accepts these when
# the prefecture exists; so do we.
HISTORIC_DISTRICT_SUFFIXES = frozenset({"01", "02", "11", "20"})

REASON_LENGTH = "length"
REASON_FORMAT = "format"
REASON_REGION = "region"
REASON_DATE = "date"
REASON_CHECKSUM = "checksum"


@cache
def region_table() -> dict[str, tuple[tuple[int, int], ...]]:
    """6-digit division code -> the year ranges in which it was in force."""
    table: dict[str, list[tuple[int, int]]] = {}
    for row in data_lines("admin_codes.tsv"):
        code, start, end = row[0], row[1], row[2]
        table.setdefault(code, []).append((int(start) if start else 0, int(end) if end else 9999))
    return {code: tuple(ranges) for code, ranges in table.items()}


def _known(code: str, year: int, strict: bool) -> bool:
    ranges = region_table().get(code)
    if ranges is None:
        return False
    if not strict:
        return True
    return any(lo <= year <= hi for lo, hi in ranges)


def region_ok(code: str, birth_year: int, *, strict: bool = False) -> bool:
    """Is ``code`` a division code a card holder born in ``birth_year`` can carry?"""
    if code in RESIDENCE_PERMIT_CODES:
        return True
    if code[0] == "8":
        return False
    if not (_known(code[:2] + "0000", birth_year, strict) and _known(code[:4] + "00", birth_year, strict)):
        return False
    if code in region_table():
        return _known(code, birth_year, strict)
    return code[4:] in HISTORIC_DISTRICT_SUFFIXES


def birth_date(yyyymmdd: str, today: _dt.date | None = None) -> _dt.date | None:
    """The birth date if it is a real calendar date in [1900-01-01, today]."""
    try:
        d = _dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
    if d.year < 1900 or d > (today or _dt.date.today()):
        return None
    return d


def resident_id_problem(number: str, *, strict: bool = False, today: _dt.date | None = None) -> str | None:
    """Why ``number`` is not a valid resident ID (``REASON_*``), or None if it is.

    ``number`` is compact: 18 characters (17 digits and a digit or X/x) or 15
    digits. Separators must be removed by the caller.
    """
    n = len(number)
    if n == 18:
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] in "Xx"):
            return REASON_FORMAT
        born = number[6:14]
    elif n == 15:
        if not number.isdigit():
            return REASON_FORMAT
        born = "19" + number[6:12]
    else:
        return REASON_LENGTH
    if not number.isascii():
        return REASON_FORMAT
    date = birth_date(born, today)
    if date is None:
        return REASON_DATE
    if not region_ok(number[:6], date.year, strict=strict):
        return REASON_REGION
    if n == 18 and iso7064_mod11_2_check_char(number[:17]) != number[17].upper():
        return REASON_CHECKSUM
    return None


def validate_resident_id(number: str, *, strict: bool = False, today: _dt.date | None = None) -> bool:
    """True if ``number`` (compact, 18 or 15 characters) is a valid resident ID."""
    return resident_id_problem(number, strict=strict, today=today) is None


def _candidates(lengths: list[int]):
    """(first group index, last group index, size) of consecutive groups whose
    lengths follow an ID layout, in the order of their first group (18-digit
    layouts first at each group)."""
    n = len(lengths)
    for i in [i for i, length in enumerate(lengths) if length in LAYOUTS_BY_FIRST]:
        for layout, size in LAYOUTS_BY_FIRST[lengths[i]]:
            k = len(layout)
            if i + k <= n and tuple(lengths[i:i + k]) == layout:
                yield i, i + k - 1, size


class ResidentIdDetector(Detector):
    NAME = "cn_resident_id"
    VERSION = "0.2.1"
    ENTITIES = ("CN_RESIDENT_ID",)
    NEEDS = "digit"
    OPTIONS = {"strict": bool}

    def __init__(self, strict: bool = False, **options):
        super().__init__(**options)
        self.strict = bool(strict)
        region_table()  # load the code table now, not on the first text

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        for m in NUMBER_RUN.finditer(text):
            run = m.group()
            n = len(run)
            if n < 15:
                continue
            if " " not in run and "-" not in run and n != 15 and n != 18:
                # One unbroken run of the wrong length: order numbers, timestamps.
                continue
            # A grouped run may hold an ID among other numbers joined to it by
            # single spaces ("张三 <ID> 13812345678", "<date> <ID>"): every
            # layout is tried on the run's groups, whatever the run's length.
            yield from self._from_run(doc, text, m.start(), m.end())

    def _from_run(self, doc: ScanText, text: str, start: int, end: int):
        # A run holds digit groups joined by single spaces or hyphens, the
        # check character X (if any) closing the last group.
        lengths = list(map(len, text[start:end].replace("-", " ").split(" ")))
        starts = [start + s for s in accumulate((n + 1 for n in lengths[:-1]), initial=0)]
        groups = [(s, s + n) for s, n in zip(starts, lengths)]
        first_blocked = start > 0 and is_ascii_alnum(text[start - 1])
        last_blocked = end < len(text) and is_ascii_alnum(text[end])
        last = len(groups) - 1
        used_until = -1
        for i, j, size in _candidates(lengths):
            s, e = groups[i][0], groups[j][1]
            if s < used_until or (i == 0 and first_blocked) or (j == last and last_blocked):
                continue
            value = "".join(text[a:b] for a, b in groups[i:j + 1]).upper()
            if size == 15 and not value.isdigit():
                continue
            if resident_id_problem(value, strict=self.strict) is not None:
                continue
            used_until = e
            yield "CN_RESIDENT_ID", s, e, self._score(doc, s, size, value), value

    @staticmethod
    def _score(doc: ScanText, start: int, size: int, value: str) -> float:
        before = context_before(doc, start, 24)
        cued = has_cue(before, CUES)
        if size == 18:
            # Checksum, division code and birth date together leave about one
            # random 18-digit string in a million passing.
            return 0.99 if cued else 0.92
        if cued:
            return 0.9
        if has_cue(before, NOT_ID_CUES):
            return 0.3
        # 15 digits carry no check character: division code and date only.
        return 0.6
