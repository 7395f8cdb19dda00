"""QQ numbers and WeChat IDs given with a cue.

A QQ number (5-11 digits, no leading 0) or a WeChat ID (a letter first, then
6-20 letters, digits, _ or -) is just a number or a word; only the cue right
before it (QQ, qq号, 扣扣, 微信, 微信号, vx, v信, wx, WeChat) makes it an
account. Separators people put between cue and account are allowed: ：: = 是
为, spaces, and several cues in a row ("QQ/微信：…").

A mainland mobile number after 微信 stays a CN_MOBILE_PHONE (WeChat accounts
are usually found by phone number, and the phone type outranks this one), so
it is not reported here. Internal WeChat IDs (``wxid_…``) need no cue.
"""

from __future__ import annotations

from ..base import Detector
from ..patterns import compile_bounded
from ..text import ScanText
from . import is_ascii_alnum
from .phone import mobile_ok

_CUE = r"(?:qq|扣扣|微信|微訊|薇信|威信|vx|v信|加v|wx|wechat|weixin|企鹅号)"
IM = compile_bounded(
    r"(" + _CUE
    # Bounded: an unbounded chain would be retried from every cue in a long
    # "QQ/QQ/QQ/…" run, which is quadratic.
    + r"(?: ?/ ?" + _CUE + r"){0,3})"
    # "wechat_id", "QQ number", "微信号码", "WeChat ID".
    # A Latin suffix must end as a word: in "微信ideng_3870" the "id" is
    # the start of the account (the one lookahead here; re, not RE2, runs
    # this pattern).
    + r"((?: |_)?(?:号码|號碼|号|號|账号|帳號|帐号|(?:id|no\.?|number|account|handle|username)(?![a-z])))?"
    # Separators: "：", ":", "=", "是", "为", English "is" ("my WeChat ID is
    # …"), or spaces (a colon may be followed or preceded by a space,
    # "是"/"为" may carry a "：").
    + r"( {0,2}[：:=] {0,2}| ?(?:是|为|為)[：:]? ?| {1,2}is:? {1,2}| {1,2})?"
    + r"([a-z][a-z0-9_-]{5,19}|[1-9][0-9]{4,10})",
    ignore_case=True,
)
WXID = compile_bounded(r"wxid_[a-z0-9]{8,24}", ignore_case=True)

PREFILTER = ("qq", "扣扣", "微信", "微訊", "薇信", "威信", "vx", "v信", "加v", "wx", "wechat", "weixin", "企鹅号")
WECHAT_CUES = ("微信", "微訊", "薇信", "威信", "vx", "v信", "加v", "wx", "wechat", "weixin")
# A dot, hyphen or underscore ends the account only when no letter or digit
# follows it: "QQ 12345678." ends a sentence, "qq 12345.com" does not.
_JOINERS = "_-."


class ImAccountDetector(Detector):
    NAME = "im_account"
    VERSION = "0.3.0"
    ENTITIES = ("IM_ACCOUNT",)
    NEEDS = "any"

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        lowered = text.lower()
        # Substring tests run at memory speed; the cue regex does not, and
        # most texts carry no cue at all.
        if any(c in lowered for c in PREFILTER):
            yield from self._cued(text)
        if "wxid_" in lowered:
            yield from self._wxid(text)

    def _cued(self, text: str):
        for m in IM.finditer(text):
            s, e = m.start(4), m.end(4)
            cue_start = m.start()
            # A Latin cue must be a word of its own ("wxWidgets" is not a cue),
            # and the account must end where the token ends.
            if cue_start > 0 and is_ascii_alnum(text[cue_start - 1]) and text[cue_start].isascii():
                continue
            if e < len(text):
                nxt = text[e]
                if is_ascii_alnum(nxt) or nxt == "@":
                    continue
                if nxt in _JOINERS and e + 1 < len(text) and is_ascii_alnum(text[e + 1]):
                    continue
            account = m.group(4)
            # A letter-first account glued to a Latin cue or suffix
            # ("vxabc12345", "QQnoabc123") has no visible boundary.
            if account[0].isalpha() and is_ascii_alnum(text[s - 1]):
                continue
            sep, suffix = m.group(3), m.group(2)
            explicit = (sep is not None and sep.strip() not in ("", "is")) or (
                suffix is not None and not suffix.isascii()
            )
            if account.isalpha() and not explicit:
                # "WeChat groups", "QQ music", "WeChat ID verification", "my
                # WeChat is down": a plain word after a cue with no
                # ":"/"是"/"号" between is prose, not an ID.
                continue
            if account.isdigit():
                cue = m.group(1).lower()
                wechat = any(c in cue for c in WECHAT_CUES) and "qq" not in cue and "扣扣" not in cue
                if wechat and mobile_ok(account):
                    # The phone detector reports it as CN_MOBILE_PHONE.
                    continue
                score = 0.6 if wechat else 0.8
            else:
                score = 0.8
            yield "IM_ACCOUNT", s, e, score, account

    def _wxid(self, text: str):
        for m in WXID.finditer(text):
            s, e = m.start(), m.end()
            if (s > 0 and is_ascii_alnum(text[s - 1])) or (e < len(text) and is_ascii_alnum(text[e])):
                continue
            yield "IM_ACCOUNT", s, e, 0.85, m.group()
