"""Latitude/longitude pairs.

A pair is two decimal numbers within range (|lat| ≤ 90, |lng| ≤ 180), written
in any of the common ways:

- bare: "39.9042, 116.4074", "(39.9042,116.4074)", "31.2304 121.4737";
- with hemispheres after or before the number, with or without degree signs:
  "31.2304°N, 121.4737°E", "N31.2304° E121.4737°", "北纬31.2304° 东经121.4737°";
- labelled: "lat 31.2304 lng 121.4737", "lat=31.23&lon=121.47",
  "纬度31.2304，经度121.4737" (and longitude first: "经度…纬度…", "E… N…"),
  JSON keys: {"lat": 31.2304, "lng": 121.4737};
- longitude first, as mainland map APIs write it ("116.397428,39.90923"),
  read so when the first number cannot be a latitude and a coordinate cue or
  a GeoJSON bracket says the pair is a position;
- degrees, minutes, seconds: 31°13'49.4"N 121°28'25.3"E.

The span runs from the first number (with a hemisphere prefix) to the end of
the second (with its degree sign and hemisphere letter); a label before the
first number ("lat", "纬度") is a cue, not part of the value.

Plain number pairs are everywhere (prices, metrics, exchange rates,
measurements, versions), so a pair without hemispheres or a cue word nearby
must look like a GPS fix (four or more decimals on both numbers) or be placed
by a locative word right before or after it ("我在 31.230, 121.474 附近",
"The office is at 51.507, -0.128") with three or more decimals. Either way
the numbers are not both within one degree of 0,0 (ratios, probabilities);
within ten degrees a fix without a locative word needs a place name before it
("Lagos 6.5244, 3.3792"); the pair is not two items of a longer list of
numbers, and no word before it or unit after it names a score, rate, price or
measurement ("得分", "汇率", "temps", "… 元"). Latitude and longitude keys
pair across one other key or a line break ('"lat": 31.2304, "acc": 5,
"lng": 121.4737'), and the value of another key is never half of a pair.
"""

from __future__ import annotations

import re

from ..base import Detector, context_before
from ._re2 import compile_re2

_HEMI = r"[NSEWnsew]|北纬|南纬|东经|西经"
_DEG = r"[°º˚]"
# One half: optional hemisphere prefix, the number, optional degree sign and
# hemisphere suffix. The second half may carry a label ("lng", "经度").
_PAIR = compile_re2(
    rf"(?:(?P<p1>{_HEMI}) ?)?(?P<a>-?\d{{1,3}}\.\d{{1,10}}) ?{_DEG}? ?(?P<h1>[NSEWnsew])?[\"']?"
    rf"(?: ?[,，、;；/&|] ?| )"
    rf"(?P<lab>[\"']?(?i:lat|latitude|lng|lon|long|longitude)[\"']?(?: ?[:=] ?| )[\"']?|(?:纬度|经度)[:：]? ?)?"
    rf"(?:(?P<p2>{_HEMI}) ?)?(?P<b>-?\d{{1,3}}\.\d{{1,10}}) ?{_DEG}? ?(?P<h2>[NSEWnsew])?"
)
_DMS_HALF = r"(\d{1,3})° ?(\d{1,2})['′] ?(\d{1,2}(?:\.\d{1,6})?)(?:\"|″|'')? ?([NSEW])"
_DMS = compile_re2(rf"{_DMS_HALF}(?: ?[,，;] ?| )?{_DMS_HALF}")
_CUES = ("坐标", "定位", "经纬", "纬度", "经度", "位置", "gps", "lat", "lng", "lon", "coordinates", "coords",
         "location", "geo", "position")
_LAT_MARKS = frozenset("NSns") | {"北纬", "南纬"}
_LNG_MARKS = frozenset("EWew") | {"东经", "西经"}
_NEGATIVE_MARKS = frozenset("SWsw") | {"南纬", "西经"}
# A number before or after the pair, separated like list items: the pair is
# two values of a longer series ("0.123, 0.456, 0.789").
_LIST_BEFORE = compile_re2(r"\d ?[,，;；] ?$")
_LIST_AFTER = compile_re2(r"^ ?[,，;；] ?-?\d")
# Weak cues: a locative word right before the pair ("我在", "位于", "is at",
# "near") or right after it ("附近", "这个位置", "nearby"). With one, three
# decimals and numbers near 0,0 are enough.
_LOCATIVE_BEFORE = re.compile(
    r"(?:在|位于|坐落于|(?<![A-Za-z])(?i:near|nearby|located|(?:is|am|'m|are|'re|was|were|be|me|us|meet|office"
    r"|home|here|live|lives|stay|staying|based) at))[ :：]*$"
)
_LOCATIVE_AFTER = re.compile(r" ?(?:附近|这个位置|那个位置|的位置|位置|一带|这里|那里|这儿|那儿|(?i:nearby)(?![A-Za-z]))")
# Words that make a pair of numbers scores, rates, prices or measurements:
# before the pair, they outweigh a weak cue and GPS-like precision (not a
# coordinate cue or hemispheres).
_MEASURE_BEFORE = re.compile(
    r"(?<![A-Za-z])(?i:scores?|auc|accuracy|precision|recall|f1|loss(?:es)?|ratios?|rates?|temps?|temperatures?"
    r"|prices?|p-values?|avg|average|std|weights?|height|usd|eur|cny|rmb|between|range|version|exchange"
    r"|values?|data)(?![A-Za-z])|数值|数据|得分|分数|评分|成绩|汇率|利率|比率|比例|指标|温度|体温|价格|股价|收盘|开盘|单价|均值|平均|体重|身高|准确率"
    r"|召回率|区间|范围|分别|版本"
)
# ... and right after it: a unit or "between".
_MEASURE_AFTER = re.compile(
    r" ?(?:元|%|％|分(?!钟)|度|之间|左右|(?:附近|上下)?(?:波动|浮动|徘徊)|(?i:kg|cm|mm|usd|rmb)(?![A-Za-z]))"
)
# A place name right before a pair near 0,0: "Lagos 6.5244, 3.3792".
_PLACE_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,}[ :：]*$")
# A coordinate key and its value ("lat": 31.2304, lng=121.4737); another key
# may stand between the two halves ("altitude": 12.5).
_KEYED = compile_re2(
    r"[\"']?(?i:lat|latitude|lng|lon|long|longitude)[\"']? ?[:=] ?[\"']?-?\d{1,3}\.\d{1,10}"
)
_KEYED_PARTS = re.compile(r"[\"']?([A-Za-z]+)[\"']? ?[:=] ?[\"']?(-?[\d.]+)")
# The value of a key that names something else ("altitude": 12.5, ...).
_OTHER_KEY_BEFORE = re.compile(r"[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']? ?[:=] ?[\"']?$")
_COORD_KEYS = frozenset({"lat", "latitude", "lng", "lon", "long", "longitude"})


def _decimals(s: str) -> int:
    return len(s) - s.index(".") - 1


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _axis(*marks: str | None) -> str | None:
    """"lat", "lng", None (no mark) or "?" (contradictory marks)."""
    axes = {("lat" if m in _LAT_MARKS else "lng") for m in marks if m}
    return None if not axes else axes.pop() if len(axes) == 1 else "?"


class GeoCoordinatesDetector(Detector):
    NAME = "geo_coordinates"
    VERSION = "0.3.1"
    ENTITIES = ("GEO_COORDINATES",)
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        if "." in text:
            spans = []
            for found in self._pairs(doc):
                spans.append(found[1:3])
                yield found
            yield from self._keyed(text, spans)
        if "°" in text:
            yield from self._dms(text)

    def _pairs(self, doc):
        text = doc.norm
        n = len(text)
        for m in _PAIR.finditer(text):
            s, e = m.start(), m.end()
            p1, h1, p2, h2, lab = m.group("p1"), m.group("h1"), m.group("p2"), m.group("h2"), m.group("lab")
            # A letter glued to the front is a word ("VERSION1.2", "pN31.2"),
            # not a hemisphere prefix.
            if s > 0 and (_ascii_alnum(text[s - 1]) or text[s - 1] == "."):
                if not p1:
                    continue
                s = m.start(2)
                p1 = None
                if _ascii_alnum(text[s - 1]) or text[s - 1] == ".":
                    continue
            # A hemisphere suffix followed by letters is the start of a word.
            if h2 and e < n and _ascii_alnum(text[e]):
                h2 = None
                e = m.end(6)
                while e < n and text[e] in " °º˚":
                    e += 1
            while e > s and text[e - 1] == " ":
                e -= 1
            if e < n and (_ascii_alnum(text[e]) or (text[e] == "." and e + 1 < n and text[e + 1].isdigit())):
                continue
            a, b = m.group("a"), m.group("b")
            # '"altitude": 12.5, "longitude": 121.47': the first number is
            # another key's value.
            if lab and not p1:
                key = _OTHER_KEY_BEFORE.search(text[max(0, s - 24):s])
                if key is not None and key.group(1).lower() not in _COORD_KEYS:
                    continue
            first, second = _axis(p1, h1), _axis(p2, h2)
            if "?" in (first, second) or (first is not None and first == second):
                continue
            label = (lab or "").strip(" :=：\"'").lower()
            # "经度121.47 纬度31.23" and "lon 121.47 lat 31.23" name longitude
            # first; "lat,lon=31.23,121.47" names both, latitude first.
            before = context_before(doc, s, 12)
            lng_label = any(w in before for w in ("lng", "lon", "经度")) and not any(
                w in before for w in ("lat", "纬度"))
            lng_first = first == "lng" or second == "lat" or label in ("lat", "latitude", "纬度") or lng_label
            x, y = float(a), float(b)
            cue = bool(lab) or any(d in text[s:e] for d in "°º˚") or any(
                c in context_before(doc, s, 24) for c in _CUES)
            # Longitude first, unmarked, where only the second number can be a
            # latitude: GeoJSON ("[121.4737, 31.2304]") and mainland map APIs
            # ("location=116.397428,39.90923", "坐标(116.404, 39.915)").
            if first is None and second is None and not label and abs(x) > 90 >= abs(y) and (
                    cue or text[s - 1:s] == "["):
                lng_first = True
            if p1 in _NEGATIVE_MARKS or h1 in _NEGATIVE_MARKS:
                x = -abs(x)
            if p2 in _NEGATIVE_MARKS or h2 in _NEGATIVE_MARKS:
                y = -abs(y)
            lat, lng = (y, x) if lng_first else (x, y)
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                continue
            hemis = first is not None and second is not None
            precise = _decimals(a) >= 3 and _decimals(b) >= 3
            if not (precise or cue or hemis):
                continue
            # Two numbers separated by a bare space are a table row or a
            # measurement unless a cue or a hemisphere says otherwise.
            if not (cue or hemis) and text[m.end(3) if h1 else m.end(2):m.start(6)].strip(" °º˚") == "":
                continue
            # Without a cue or hemispheres the numbers themselves must look
            # like a GPS fix, or a locative word must place them (see the
            # module docstring).
            plain = (
                max(abs(x), abs(y)) >= 1
                and _LIST_BEFORE.search(text[max(0, s - 3):s]) is None
                and _LIST_AFTER.search(text[e:e + 4]) is None
                and not self._measured(doc, s, e)
            )
            located = plain and precise and (
                _LOCATIVE_BEFORE.search(text[max(0, s - 16):s]) is not None
                or _LOCATIVE_AFTER.match(text, e) is not None)
            # Within ten degrees of 0,0 (rates and small measurements live
            # there too) a fix needs a place name before it.
            gps_like = plain and _decimals(a) >= 4 and _decimals(b) >= 4 and (
                max(abs(x), abs(y)) >= 10 or _PLACE_BEFORE.search(text[max(0, s - 24):s]) is not None)
            score = 0.9 if (cue or hemis) and precise else 0.75 if (cue or hemis or gps_like or located) else 0.4
            yield ("GEO_COORDINATES", s, e, score, f"{lat:.6f},{lng:.6f}")

    @staticmethod
    def _measured(doc, s: int, e: int) -> bool:
        """A score, rate, price or measurement word before the pair on its
        line, or a unit right after it."""
        before = context_before(doc, s, 24)
        before = before[before.rfind("\n") + 1:]
        return _MEASURE_BEFORE.search(before) is not None or _MEASURE_AFTER.match(doc.norm, e) is not None

    def _keyed(self, text: str, taken: list[tuple[int, int]]):
        """Latitude and longitude keys with one other key or a line break
        between them: '{"lat": 31.2304, "acc": 5, "lng": 121.4737}',
        "lat: 31.2304\nlng: 121.4737"."""
        previous = None
        for m in _KEYED.finditer(text):
            s = m.start()
            if s > 0 and _ascii_alnum(text[s - 1]):
                previous = None
                continue
            parts = _KEYED_PARTS.match(text, s)
            if parts is None:
                continue
            axis = "lat" if parts.group(1).lower() in ("lat", "latitude") else "lng"
            current = (axis, parts.start(2), parts.end(2), float(parts.group(2)), _decimals(parts.group(2)))
            if previous is not None and previous[0] != axis:
                gap = text[previous[2]:s]
                if len(gap) <= 40 and not any(c in gap for c in "{}[]") and gap.count("\n") <= 1 \
                        and gap.count(":") + gap.count("=") <= 1:
                    start, end = previous[1], current[2]
                    if not any(a < end and start < b for a, b in taken):
                        lat, lng = (previous, current) if axis == "lng" else (current, previous)
                        if -90 <= lat[3] <= 90 and -180 <= lng[3] <= 180:
                            score = 0.9 if min(previous[4], current[4]) >= 3 else 0.75
                            taken.append((start, end))
                            yield ("GEO_COORDINATES", start, end, score, f"{lat[3]:.6f},{lng[3]:.6f}")
                            previous = None
                            continue
            previous = current

    def _dms(self, text: str):
        n = len(text)
        for m in _DMS.finditer(text):
            s, e = m.start(), m.end()
            if (s > 0 and text[s - 1].isdigit()) or (e < n and _ascii_alnum(text[e])):
                continue
            halves = []
            for i in (1, 5):
                deg, mins, secs, hemi = m.group(i), m.group(i + 1), m.group(i + 2), m.group(i + 3)
                if int(mins) >= 60 or float(secs) >= 60:
                    break
                value = int(deg) + int(mins) / 60 + float(secs) / 3600
                halves.append((hemi, -value if hemi in "SW" else value))
            if len(halves) != 2 or _axis(halves[0][0]) == _axis(halves[1][0]):
                continue
            if _axis(halves[0][0]) == "lng":
                halves.reverse()
            lat, lng = halves[0][1], halves[1][1]
            if -90 <= lat <= 90 and -180 <= lng <= 180:
                yield ("GEO_COORDINATES", s, e, 0.9, f"{lat:.6f},{lng:.6f}")
