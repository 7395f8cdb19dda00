"""E-mail addresses: syntax plus a domain whose suffix is a real public suffix.

The suffix check uses tldextract's bundled snapshot of the public-suffix list
and never the network (``suffix_list_urls=()``): a scan must not depend on, or
leak anything to, an outside server.
"""

from __future__ import annotations

from ..base import Detector
from ..patterns import compile_bounded

# Characters of a local part as addresses are actually issued: letters,
# digits and ``. _ % + -``. RFC 5322 also allows ``! # $ & ' * / = ? ^ ` { | } ~``,
# but in scraped text those characters almost always belong to what precedes
# the address: a URL path or query (``/users?email=``), a log field
# (``user=``), quotes or a markdown link. Stopping at them puts the span on
# the local part's real start.
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%+-.")
# Scanning left from '@' stops after this many characters: RFC 5321 caps the
# local part at 64 octets, and the cap keeps adversarial runs linear.
_MAX_LOCAL = 64
# Labels separated by single dots; the last one is checked against the suffix list.
_DOMAIN = compile_bounded(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63}){1,8}")


def _is_hex2(s: str) -> bool:
    return len(s) == 2 and all(c in "0123456789abcdefABCDEF" for c in s)


class EmailDetector(Detector):
    NAME = "email"
    VERSION = "0.2.0"
    ENTITIES = ("EMAIL_ADDRESS",)
    NEEDS = "latin"

    def __init__(self, **options):
        super().__init__(**options)
        import tldextract

        # An empty URL list makes tldextract use its bundled snapshot only.
        self._tld = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        # Parse the bundled suffix list now, not on the first address found.
        self._tld("example.com")

    def _domain_ok(self, domain: str) -> bool:
        labels = domain.split(".")
        if any(not lab or lab.startswith("-") or lab.endswith("-") for lab in labels):
            return False
        parts = self._tld(domain)
        return bool(parts.suffix) and bool(parts.domain)

    def find_normalised(self, doc):
        text = doc.norm
        if "@" not in text:
            return
        n = len(text)
        at = text.find("@")
        while at != -1:
            start = at
            limit = max(0, at - _MAX_LOCAL)
            while start > limit and text[start - 1] in _LOCAL_CHARS:
                start -= 1
            # A percent-escape ("%20", "%3D") ends a URL-encoded prefix.
            pct = text.rfind("%", start, at)
            if pct != -1:
                start = min(at, pct + 3 if _is_hex2(text[pct + 1:pct + 3]) else pct + 1)
            # A local part cannot start or end with a dot; a leading "-" or "+"
            # is left over from a command-line flag ("--to=…").
            while start < at and text[start] in ".-+":
                start += 1
            m = _DOMAIN.search(text[at + 1:at + 1 + 255]) if at + 1 < n else None
            if start < at and text[at - 1] != "." and m is not None and m.start() == 0:
                end = at + 1 + m.end()
                # Trailing sentence punctuation or a hyphen is not part of the domain.
                while end > at + 1 and text[end - 1] in ".-":
                    end -= 1
                domain = text[at + 1:end]
                local = text[start:at]
                if ".." not in local and "." in domain and self._domain_ok(domain):
                    yield ("EMAIL_ADDRESS", start, end, 0.95, f"{local}@{domain.lower()}")
            at = text.find("@", at + 1)
