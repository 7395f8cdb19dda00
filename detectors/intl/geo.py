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
must look like a GPS fix: four or more decimals on both numbers, not both
within ten degrees of 0,0 (ratios, rates and scores are small numbers), and
not two items of a longer list of numbers.
"""

from __future__ import annotations

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
    VERSION = "0.3.0"
    ENTITIES = ("GEO_COORDINATES",)
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        if "." in text:
            yield from self._pairs(doc)
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
            # like a GPS fix (see the module docstring).
            gps_like = (
                _decimals(a) >= 4 and _decimals(b) >= 4 and max(abs(x), abs(y)) >= 10
                and _LIST_BEFORE.search(text[max(0, s - 3):s]) is None
                and _LIST_AFTER.search(text[e:e + 4]) is None
            )
            score = 0.9 if (cue or hemis) and precise else 0.75 if (cue or hemis or gps_like) else 0.4
            yield ("GEO_COORDINATES", s, e, score, f"{lat:.6f},{lng:.6f}")

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
