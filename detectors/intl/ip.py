"""IPv4 and IPv6 addresses, validated by the standard ``ipaddress`` module.

Dotted quads that are software versions, not addresses, are skipped: after a
version cue ("version 1.2.3.4", "v1.2.3.4", "app_ver=1.6.6.8", "appVersion:",
"当前版本为1.2.3.4", "AssemblyVersion(\"1.0.0.0\")", "<version>…"), before one
("1.2.3.4版本", unless an address word names it first), after a product token
("Chrome/120.0.0.0"; not a domain or path segment: "ipinfo.io/203.0.113.45"),
in a release path ("/releases/download/1.2.3.4/"), after a package
pin ("pkg==1.2.3.4"), and inside a longer dotted run (OIDs such as
1.3.6.1.4.1.311). The unspecified address
"::" is never reported: it identifies no host.
"""

from __future__ import annotations

import ipaddress
import re

from ..base import Detector
from ._re2 import compile_re2

_V4 = compile_re2(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,4})?")
# Colon-separated hex groups (at least two colons), ending in a hex group or
# an embedded IPv4 (tried first), then an interface zone (%eth0) and a prefix
# length. ``ipaddress`` does the real validation.
_V6 = compile_re2(
    r"[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:(?:[0-9A-Fa-f]{0,4}:){0,6}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{1,4})?(?:%[A-Za-z0-9_.]{1,16})?(?:/\d{1,4})?"
)
# A version cue ends right before the number, give or take a connector
# (": ", "=", " is ", "为", "(\"", ">"). "version" may end a longer key
# ("appVersion", "AssemblyVersion"); the short cues must start a word or
# follow "_"/"-"/a lower-case letter in camel case ("app_ver", "sdkVer"):
# "The server: 1.2.3.4" is an address ("ser-ver" contains "ver").
_VERSION_BEFORE = re.compile(
    r"(?:(?i:version|firmware)|固件|版本号?"
    r"|(?<![A-Za-z0-9])(?i:ver|v|release|rel|build|rev|fw)|(?<=[a-z])(?:Ver|Rev|Build|Release))\.?"
    r"(?:[ :=#\"'(<\[>]|：|(?i:is|was|to|now)(?= )|为|是|到|升级到|更新到)*$"
)
# After the number only the Chinese word counts: "10.0.0.1 build server" is
# an address. It does not count when it labels a number of its own
# ("10.0.0.5 版本号 3.2") or when an address word names the number first
# ("IP 36.110.12.8 版本 2.0", "客户端 10.0.0.5 版本过低").
_VERSION_AFTER = re.compile(r" ?版(?!本?号? ?[:：=为是]? ?[vV]?\d)")
_ADDRESS_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?i:ip|ipv4|ip4|addr|address|host|server|gateway|client|peer|remote)(?![A-Za-z])"
    r"|地址|服务器|主机|网关|客户端|节点)[^\n。；;，,]{0,6}$"
)
# A product token names a version: "Chrome/120.0.0.0", "MicroMessenger/
# 8.0.47.2560". The name starts a word, so a domain or a path segment before
# a slash ("ipinfo.io/203.0.113.45", "/api/ip/203.0.113.45") is none. A
# lower-case name ("via/10.0.0.5") counts only among other product tokens,
# as in a user agent ("Mozilla/5.0 … baiduboxapp/13.10.0.10").
_PRODUCT_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*/$")
_PRODUCT_START = frozenset(" \t\n(;,\"'=")
_PRODUCT_TOKEN = re.compile(r"(?:^|[\s(;,])[A-Za-z][A-Za-z0-9_\-]*/\d")
# Lower-case HTTP clients that name themselves in a user agent on their own
# ("python-requests/2.31.0.1", "okhttp/4.9.3.1"), and the field that holds one.
_CLIENT_PRODUCTS = frozenset(
    "curl wget okhttp python-requests python-urllib python-httpx aiohttp go-http-client axios node-fetch "
    "dalvik postmanruntime java libwww-perl httpie".split())
_USER_AGENT_LABEL = re.compile(r"(?i:user[-_ ]?agent|\bua)\s*[:=]")
# A release or download path segment: "/releases/download/1.2.3.4/".
_RELEASE_PATH = re.compile(r"/(?i:releases?|downloads?|tags?|versions?)/$")
# A package pin ("pkg==1.2.3.4", "numpy>=1.2.3.4"); an address compared in
# a filter ("ip.addr == 10.0.0.1", "host==…") names the address first.
_PIN_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*) ?[=<>!~]= ?$")
_ADDRESS_WORDS = frozenset({"ip", "ipv4", "ip4", "addr", "address", "host", "hostname", "src", "dst", "saddr",
                            "daddr", "server", "gateway", "dns", "nameserver", "peer", "client", "remote", "net"})
_DOTTED_RUN = re.compile(r"\d+(?:\.\d+)*")
_HEX = frozenset("0123456789abcdefABCDEF")


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


class IpAddressDetector(Detector):
    NAME = "ip_address"
    VERSION = "0.3.2"
    ENTITIES = ("IP_ADDRESS",)
    NEEDS = "digit"

    @staticmethod
    def _v6_at(text: str, s: int, e: int, after_label: bool = False):
        """(start, end, canonical value) of an IPv6 candidate, or None."""
        n = len(text)
        cand = text[s:e]
        if cand.count(":") < 2:
            return None
        if s > 0 and not after_label and (_word_char(text[s - 1]) or text[s - 1] == ":"):
            return None
        if e + 1 < n and text[e] == "." and text[e + 1].isdigit():
            return None  # a truncated embedded IPv4 ("::ffff:192.168.1")
        if e < n and (_word_char(text[e]) or text[e] == ":"):
            if "/" in cand and text[e].isdigit():
                e = s + cand.index("/")
                cand = text[s:e]
            else:
                return None
        value = _valid_v6(cand)
        if value is None and "/" in cand:
            e = s + cand.index("/")
            cand = text[s:e]
            value = _valid_v6(cand)
        return None if value is None else (s, e, value)

    def find_normalised(self, doc):
        text = doc.norm
        v6_spans: list[tuple[int, int]] = []
        if "::" in text or text.count(":") >= 2:
            for m in _V6.finditer(text):
                found = self._v6_at(text, m.start(), m.end())
                if found is None:
                    # "IP:2408:…" / "ID:2408:…": the pattern began on the
                    # label's colon (or its last hex-looking letter); retry
                    # from just after that colon.
                    s = m.start()
                    colon = text.find(":", s, m.end())
                    if _label_before(text, s, colon):
                        found = self._v6_at(text, colon + 1, m.end(), after_label=True)
                if found is None:
                    continue
                s, e, value = found
                v6_spans.append((s, e))
                yield ("IP_ADDRESS", s, e, 0.85, value)
        if text.count(".") < 3:
            return
        for m in _V4.finditer(text):
            s, e = m.start(), m.end()
            if any(a <= s < b for a, b in v6_spans):
                continue
            found = _v4_at(text, s, e)
            if found is None:
                continue
            yield ("IP_ADDRESS", *found)
            # "10.0.0.5/10.0.0.6": the pattern took "/10" as a prefix length;
            # the second address starts right after the slash.
            e = found[1]
            if text[e:e + 1] == "/" and m.end() > e + 1:
                nxt = _V4.search(text[e + 1:e + 24])
                if nxt is not None and nxt.start() == 0:
                    found = _v4_at(text, e + 1, e + 1 + nxt.end())
                    if found is not None:
                        yield ("IP_ADDRESS", *found)


def _v4_at(text: str, s: int, e: int):
    """(start, end, score, value) of the IPv4 candidate ``text[s:e]``, or None."""
    n = len(text)
    if s > 0 and (_word_char(text[s - 1]) or text[s - 1] == "."):
        return None
    cand = text[s:e]
    addr, _, prefix = cand.partition("/")
    if prefix and (not 0 <= int(prefix) <= 32 or (e < n and text[e].isdigit())
                   or (e + 1 < n and text[e] == "." and text[e + 1].isdigit())):
        # "10.0.0.0/123": the address stands, the prefix is not one;
        # "10.0.0.5/10.0.0.6": a slash between two addresses.
        e = s + len(addr)
        cand, prefix = addr, ""
    # Only ASCII letters and digits glue on: "192.168.1.1的" is an address.
    if e < n and _word_char(text[e]):
        return None
    try:
        ipaddress.IPv4Address(addr)
    except ValueError:
        return None
    # A longer dotted run is an OID ("1.3.6.1.4.1.311", first arc 0–2)
    # or a version with six or more parts; a single extra part after
    # an address that cannot start an OID ("192.168.1.1.1") is a slip.
    if e + 1 < n and text[e] == "." and text[e + 1].isdigit() and not prefix:
        run = _DOTTED_RUN.match(text, s)
        if int(addr.partition(".")[0]) <= 2 or run.group().count(".") >= 5:
            return None
    if _is_version(text, s, e):
        return None
    return s, e, 0.85, cand


def _is_version(text: str, s: int, e: int) -> bool:
    """True when the dotted quad at ``text[s:e]`` is written as a version."""
    before = text[max(0, s - 24):s]
    if _VERSION_BEFORE.search(before) or _RELEASE_PATH.search(before):
        return True
    if _VERSION_AFTER.match(text, e) and not _ADDRESS_BEFORE.search(before):
        return True
    product = _PRODUCT_BEFORE.search(before) if s > 1 and text[s - 1] == "/" else None
    name = product.group()[:-1] if product is not None else ""
    name_at = s - 1 - len(name)
    if name and (name_at == 0 or text[name_at - 1] in _PRODUCT_START) and name.lower() not in _ADDRESS_WORDS:
        if name[0].isupper() or name.lower() in _CLIENT_PRODUCTS:
            return True
        # Another product token on the line: a user agent.
        line_start = max(text.rfind("\n", 0, s) + 1, s - 120)
        line_end = text.find("\n", e, e + 80)
        around = text[line_start:s - len(name) - 1] + " " + text[e:line_end if line_end >= 0 else e + 80]
        if _PRODUCT_TOKEN.search(around) or _USER_AGENT_LABEL.search(around):
            return True
    pin = _PIN_BEFORE.search(before)
    if pin is not None:
        words = {w for w in re.split(r"[._\-]", pin.group(1).lower()) if w}
        return not words & _ADDRESS_WORDS
    return False


def _label_before(text: str, s: int, colon: int) -> bool:
    """True when ``text[colon]`` is the colon after a label ("IP:", "地址:",
    "ID:") rather than part of an address: what precedes it is a word that
    is not all hex digits, or a non-ASCII character."""
    if colon < 0 or colon + 1 >= len(text) or text[colon + 1] == ":":
        return False
    if colon == 0:
        return False
    j = colon
    while j > 0 and text[j - 1].isascii() and text[j - 1].isalpha():
        j -= 1
    word = text[j:colon]
    if s < j:
        return False  # the match began before the label: not a label
    if word:
        return any(c not in _HEX for c in word)
    prev = text[colon - 1]
    return not prev.isascii()


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
