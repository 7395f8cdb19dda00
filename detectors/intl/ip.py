"""IPv4 and IPv6 addresses, validated by the standard ``ipaddress`` module.

Dotted quads that follow a version cue ("version 1.2.3.4", "v1.2.3.4") are
software versions, not addresses, and are skipped. The unspecified address
"::" is never reported: it identifies no host.
"""

from __future__ import annotations

import ipaddress

from ..base import Detector, context_before
from ._re2 import compile_re2

_V4 = compile_re2(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,4})?")
# Colon-separated hex groups (at least two colons), ending in a hex group or
# an embedded IPv4 (tried first), then an interface zone (%eth0) and a prefix
# length. ``ipaddress`` does the real validation.
_V6 = compile_re2(
    r"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:(?:[0-9A-Fa-f]{0,4}:){0,6}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{1,4})?(?:%[A-Za-z0-9_.]{1,16})?(?:/\d{1,4})?"
)
_VERSION_CUES = ("version", "ver.", "ver ", " v", "release", "build", "版本")


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


class IpAddressDetector(Detector):
    NAME = "ip_address"
    VERSION = "0.1.0"
    ENTITIES = ("IP_ADDRESS",)
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        n = len(text)
        v6_spans: list[tuple[int, int]] = []
        if "::" in text or text.count(":") >= 2:
            for m in _V6.finditer(text):
                s, e = m.start(), m.end()
                cand = text[s:e]
                if cand.count(":") < 2:
                    continue
                if s > 0 and (_word_char(text[s - 1]) or text[s - 1] == ":"):
                    continue
                if e + 1 < n and text[e] == "." and text[e + 1].isdigit():
                    continue  # a truncated embedded IPv4 ("::ffff:192.168.1")
                if e < n and (_word_char(text[e]) or text[e] == ":"):
                    if "/" in cand and text[e].isdigit():
                        e = s + cand.index("/")
                        cand = text[s:e]
                    else:
                        continue
                value = _valid_v6(cand)
                if value is None and "/" in cand:
                    e = s + cand.index("/")
                    cand = text[s:e]
                    value = _valid_v6(cand)
                if value is None:
                    continue
                v6_spans.append((s, e))
                yield ("IP_ADDRESS", s, e, 0.85, value)
        if text.count(".") < 3:
            return
        for m in _V4.finditer(text):
            s, e = m.start(), m.end()
            if any(a <= s < b for a, b in v6_spans):
                continue
            if s > 0 and (_word_char(text[s - 1]) or text[s - 1] == "."):
                continue
            cand = text[s:e]
            addr, _, prefix = cand.partition("/")
            if prefix and (not 0 <= int(prefix) <= 32 or (e < n and text[e].isdigit())):
                # "10.0.0.0/123": the address stands, the prefix is not one.
                e = s + len(addr)
                cand, prefix = addr, ""
            if e < n and (text[e].isalpha() or text[e].isdigit()):
                continue
            try:
                ipaddress.IPv4Address(addr)
            except ValueError:
                continue
            before = context_before(doc, s, 12)
            if any(c in before for c in _VERSION_CUES):
                continue
            yield ("IP_ADDRESS", s, e, 0.85, cand)


def _valid_v6(cand: str) -> str | None:
    addr, _, prefix = cand.partition("/")
    core, _, zone = addr.partition("%")
    if core in ("::", ""):
        return None
    try:
        ip = ipaddress.IPv6Address(core)
    except ValueError:
        return None
    if prefix and not (prefix.isdigit() and 0 <= int(prefix) <= 128):
        return None
    return ip.compressed + (f"/{prefix}" if prefix else "")
