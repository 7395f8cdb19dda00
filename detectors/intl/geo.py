"""Latitude/longitude pairs.

A pair is two decimal numbers within range (|lat| ≤ 90, |lng| ≤ 180), either
"39.9042, 116.4074", with hemisphere letters "31.2304°N 121.4737°E", or after
Chinese cues "纬度31.23 经度121.47". Plain number pairs are everywhere (prices,
measurements), so a pair needs at least three decimals on both numbers or a
cue word nearby.
"""

from __future__ import annotations

from ..base import Detector, context_before
from ._re2 import compile_re2

_PAIR = compile_re2(
    r"(-?\d{1,3}\.\d{1,10}) ?°? ?([NSns])?(?:, ?|，|/|; ?| )(?:[A-Za-z]{3,9}[:=] ?)?(-?\d{1,3}\.\d{1,10}) ?°? ?([EWew])?"
)
_ZH_PAIR = compile_re2(r"纬度[:：]? ?(-?\d{1,3}\.\d{1,10})[,，、; ]{0,2} ?经度[:：]? ?(-?\d{1,3}\.\d{1,10})")
_ZH_PAIR_REV = compile_re2(r"经度[:：]? ?(-?\d{1,3}\.\d{1,10})[,，、; ]{0,2} ?纬度[:：]? ?(-?\d{1,3}\.\d{1,10})")
_CUES = ("坐标", "定位", "经纬", "位置", "gps", "lat", "lng", "lon", "coordinates", "coords", "location", "geo")


def _decimals(s: str) -> int:
    return len(s) - s.index(".") - 1


class GeoCoordinatesDetector(Detector):
    NAME = "geo_coordinates"
    VERSION = "0.1.0"
    ENTITIES = ("GEO_COORDINATES",)
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        if "." not in text:
            return
        n = len(text)
        for m in _PAIR.finditer(text):
            s, e = m.start(), m.end()
            while text[e - 1] == " ":
                e -= 1
            if (s > 0 and (text[s - 1].isalnum() or text[s - 1] == ".")) or (
                e < n and (text[e].isdigit() or (text[e] == "." and e + 1 < n and text[e + 1].isdigit()))
            ):
                continue
            a, ns, b, ew = m.group(1), m.group(2), m.group(3), m.group(4)
            lat, lng = float(a), float(b)
            if ns and ns.upper() == "S":
                lat = -abs(lat)
            if ew and ew.upper() == "W":
                lng = -abs(lng)
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                continue
            hemis = bool(ns) and bool(ew)
            precise = _decimals(a) >= 3 and _decimals(b) >= 3
            cue = any(c in context_before(doc, s, 24) for c in _CUES)
            if not (precise or cue or hemis):
                continue
            score = 0.9 if (cue or hemis) and precise else 0.75 if (cue or hemis or precise) else 0.4
            yield ("GEO_COORDINATES", s, e, score, f"{lat:.6f},{lng:.6f}")
        if "度" in text:
            for pat, lat_first in ((_ZH_PAIR, True), (_ZH_PAIR_REV, False)):
                for m in pat.finditer(text):
                    x, y = float(m.group(1)), float(m.group(2))
                    lat, lng = (x, y) if lat_first else (y, x)
                    if -90 <= lat <= 90 and -180 <= lng <= 180:
                        yield ("GEO_COORDINATES", m.start(), m.end(), 0.9, f"{lat:.6f},{lng:.6f}")
