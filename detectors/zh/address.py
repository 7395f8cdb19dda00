"""Street-level Chinese postal addresses (ADDRESS).

An address is a run of administrative and street units, each a short name
plus a suffix (省, 市, 区, 县, 镇, 村, 路, 街, 弄…), optionally followed by
numbers, buildings and rooms (88号, 5号楼, 2单元, 1203室, 12-5-306) and named
estates (SOHO现代城, 清泉花园). Only street-level forms are findings: a bare
city or province ("北京", "广东省深圳市") is not personal information.

Scores: a street, road or village unit together with a house number is a full
address (0.9); a street or village unit under a named district or city but
without a number is partial (about 0.6); anything else is not reported.

Without any administrative level, two more forms are addresses: a named
estate followed by a building-unit-room chain (锦华苑六区128栋4单元302,
松柏城82-3-1405), and a road followed by a bare house number and the shop
after it (青石街418和丰五金店). Every span ends at its last address unit or
the place named right after it, never at words that say where at the address
or how to reach someone (门卫室, 门口, 代收, 电联).

Speed: suffix characters are found first with one cheap character-class
search; the full pattern only runs on windows where two of them are close
together, so ordinary prose costs one pass of a character class.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from ..base import Detector
from ..text import ScanText

_C = r"[\u4e00-\u9fff]"
_ADMIN = r"特别行政区|自治区|自治州|自治县|开发区|工业区|工业园区|园区|新区|地区|街道|社区|省|盟|市|区|县|旗|镇|乡|村|屯"
_STREET = r"大道|大街|胡同|路|街|巷|弄|道|组"
_UNIT = rf"(?:{_C}|[0-9]){{1,8}}?(?:{_ADMIN}|{_STREET})"
# Later units may be a bare suffix, so that a lazy first reading such as
# 马市|街 (for 马市街) still joins into one address.
_NEXT_UNIT = rf"(?:{_C}|[0-9]){{0,8}}?(?:{_ADMIN}|{_STREET})"
_NUM_SUFFIX = r"号楼|号院|号门|号|弄|栋|幢|座|单元|层|楼|室|户|组团|组|排|区|街区|期|馆|房|段|F"
_NUM = (
    rf"[0-9A-Za-z]{{1,6}}(?:[-—][0-9A-Za-z]{{1,6}}){{0,3}}(?:{_NUM_SUFFIX})"
    rf"|[一二三四五六七八九十]{{1,3}}(?:号楼|号|栋|幢|单元|层|楼|组团|组|期|区|街区)"
)
_DASHED = r"[0-9A-Za-z]{1,6}(?:[-—][0-9A-Za-z]{1,6}){1,3}"
_ESTATE_SUFFIX = (
    r"小区|花园|大厦|公寓|名苑|家园|新村|山庄|别墅|公馆|广场|中心|大楼|商厦|宿舍|园区|"
    r"苑|园|城|府|庭|湾|阁|轩|居|里|坊|座|楼|院"
)
_ESTATE = rf"(?:{_C}|[A-Za-z0-9]){{1,10}}?(?:{_ESTATE_SUFFIX})"
_ROOM = r"[A-Za-z]?[0-9]{2,5}[A-Za-z]?(?:房|室)?"
_ADDRESS = (
    rf"{_UNIT}(?:{_NEXT_UNIT}){{0,7}}(?:{_NUM}|{_ESTATE}|{_DASHED}){{0,8}}(?:{_ROOM})?"
    rf"|(?:{_ESTATE}){{1,3}}(?:{_NUM}|{_DASHED}){{1,6}}(?:{_ROOM})?"
)
# An estate word ending a name (the longest alternative first).
_ESTATE_SUFFIX_END = re.compile(
    "(?:" + "|".join(sorted(_ESTATE_SUFFIX.split("|"), key=len, reverse=True)) + ")$"
)
# A named estate directly followed by a building number (阳光花园9幢).
_ESTATE_NUMBERED = re.compile(rf"(?:{_ESTATE_SUFFIX})[A-Za-z]?[0-9]")
# What may follow an address up to the end of its field (a shop or company
# name in a delivery address); stops at sentence punctuation, and is not taken
# when it reads like prose (function words).
_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）_\-]{1,14}(?=$|[\n\t,，。;；、|])")
_PROSE_CHARS = frozenset("的了是我你他她它们在和就都也还吧呢吗啊呀哦嘛见来去到要会想说请谢让给把被很")

_HINT = re.compile(r"[省市区县旗镇乡村屯路街道巷弄组号栋幢室楼苑园]")
# 669弄 and 5组 are numbers, not street names: no digit right before.
_STREET_UNIT = re.compile(rf"(?<![0-9A-Za-z])(?:{_STREET}|街道|社区|镇|乡|村|屯|开发区|工业区|工业园区|园区)")
_NUMBERED = re.compile(rf"[0-9A-Za-z](?:{_NUM_SUFFIX})|[0-9][-—][0-9]")
_ADMIN_UNIT = re.compile(r"省|自治区|市|区|县|旗|自治州")
_FUNCTION_CHARS = frozenset("的了是我你他她它们这那就都也还和与及或在把被让给对很")

# Administrative units (province, city, district, county, town, street
# office, village) for the chain rule; names of one to five characters.
# Alternatives starting with different characters, single characters in one
# class: the regex engine tries six branches per position instead of sixteen.
_ADMIN_SUFFIX = r"特别行政区|自治[区州县]|地区|街道|社区|[省盟市区县旗镇乡村]"
_SEP = r"[-_ ]?"
# After two or more administrative units: the rest of a delivery address
# (village, shop, company, building) up to a boundary.
_REST = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）#_\-]{1,40}")
# Words after which a sentence goes on about the place rather than naming it.
_STOP_WORDS = re.compile(
    r"附近|旁边|对面|门口|一带|这边|那边|这里|那里|工作|上班|上学|读书|生活|出差|旅游|"
    r"发展|出生|长大|举行|召开|开展|成立|发布|宣布|表示|发生|开会|买房|定居|落户|"
    r"地区|等地|以及|之间|境内|一样|一直|已经|目前|现在|今天|明天|昨天|时候|的时|我们|你们|他们"
)
# The rest must look like a place: a digit or one of these characters.
_PLACE_CHARS = frozenset(
    "0123456789号栋幢楼室层单元弄巷路街道村组庄屯社区苑园城厦寓府阁轩居里坊湾汇门口桥"
    "店司厂行部馆站所院校场市中心广场宅楼科处队局库仓铺堂宫塔港湾岛山业械品材"
)

# Words ending like an administrative unit that are not one.
_NOT_UNITS = frozenset(["城市", "楼市", "股市", "车市", "农村", "地区", "赛区", "市区", "郊区", "山区",
                        "景区", "灾区", "辖区", "片区", "校区", "全市", "全区", "全县", "全省"])
_SUFFIX_LAST = frozenset("省市区县旗盟镇乡村道州")
# Organisations and news phrasing after a place name (江苏省常州市天宁区法院受理).
_ORG_OR_EVENT = re.compile(
    r"政府|法院|检察|公安|委员会|人大|政协|局长|主任|科长|总裁|主持人|记者|经理|站主|电台|"
    r"演出|上演|显示|举报|作为|因|而|[0-9]+[年月日时]|等"
)
_BOUNDARY = frozenset("\n\t,，。;；|/!！?？、 ")
_NEAR = re.compile(r"附近|旁边|对面|门口|一带|楼下|楼上|东侧|西侧|南侧|北侧")
# Words after the last address unit that say where at the address a parcel
# goes or how to reach the person (…号门卫室代收, …室附近, …号门口, 电联).
# Contact words always end the address. Relation words end it unless more
# address follows them: "…318号附近永联超市" is one delivery address (the
# parsing corpus labels it whole), "…577号门口被贴了罚单" is not. "门卫" and
# "门口" are matched as words so that a numbered gate ("3号门") stays.
_AFTER_ADDRESS = re.compile(
    r"(代收|代签|签收|收件|转交|电联|电话|联系|谢谢|麻烦|上班|上学|工作|见面|集合|开会)|"
    r"门卫|门口|门前|门外|传达室|收发室|保安室|值班室|快递柜|丰巢|驿站|附近|旁边|对面|边上|一带|楼下|周边"
)
# A place after a relation word: a number or a named POI (…超市, …小区).
_POI_AFTER = re.compile(r"[0-9]|[店馆院楼栋幢号区园城市厦寓苑场站所司厂行部铺柜巢]")

# Building, unit and room in a row: "128栋4单元302", "8栋701室", "82-3-1405".
# Flats are numbered this way and little else is, so the chain marks an
# address even when no administrative level or street is written (the
# estate name before it is taken as part of the address).
_CN_NUM = r"[0-9一二三四五六七八九十]{1,3}"
_ROOM_NO = r"_?[0-9]{2,5}(?:室|房|号)?"
_BUILDING_CHAIN = re.compile(
    rf"[0-9A-Za-z一二三四五六七八九十]{{1,5}}(?:栋|幢|号楼|座)"
    rf"(?:{_CN_NUM}单元(?:{_ROOM_NO}|{_CN_NUM}(?:楼|层))?|{_CN_NUM}(?:楼|层)|[0-9]{{1,4}}号|_?[0-9]{{3,5}}(?:室|房|号)?)"
    r"|[0-9]{1,4}[-一][0-9]{1,2}[-一][0-9]{3,4}"
)
# Where a chain may be: the pattern runs only in a window around these, as
# its first character class (digits, 一…十) is everywhere in Chinese text.
_CHAIN_HINT = re.compile(r"[栋幢座]|号楼|[0-9][-一][0-9]")
# A dashed triple after these is a code, not a flat (订单号123-45-6789,
# 版本2020-01-1234).
_CODE_BEFORE = frozenset("号码版编单证卡话机真账订批型款价额")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}-")
# Characters of an estate or place name to the left of a building chain.
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9_]")
_CHAIN_NAME_MAX = 16
# Prose characters that end an estate name on its left (我住在|…). Unlike
# _FUNCTION_CHARS this keeps 都, 和, 对, which occur in place names (花都,
# 和平路).
_NAME_STOP = frozenset("的了是我你他她它们这那就也还与及或在把被让给很说要请")

# A road followed directly by a house number written without 号
# ("青石街418", "滨江大道2071"); not before a measure word (解放路100米).
_ROAD_NUMBER = re.compile(r"(?:路|大道|大街|街|巷)([0-9]{1,5})")
_MEASURE_AFTER = frozenset("米公千里号万元块次年月日天人个辆位路条家所层楼岁分秒小%.-:/,，kKmM")
_ROAD_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,16}")

SCORE_FULL = 0.9
SCORE_NUMBERED_ADMIN = 0.85
SCORE_PARTIAL = 0.62
SCORE_WEAK = 0.4
SCORE_CHAIN = 0.6
SCORE_CHAIN_NUMBERED = 0.8


class ChineseAddressDetector(Detector):
    """Chinese street-level addresses (省/市/区/路/号/室…)."""

    NAME = "zh_address"
    VERSION = "0.3.1"
    ENTITIES = ("ADDRESS",)
    NEEDS = "cjk"

    def __init__(self, **options):
        super().__init__(**options)
        data = yaml.safe_load(
            resources.files("detectors").joinpath("data/zh_address/gazetteer.yaml").read_text("utf-8")
        )
        places = sorted(set(data["provinces"]) | set(data["cities"]), key=len, reverse=True)
        self._place_re = re.compile("|".join(map(re.escape, places)))
        self._lead_re = re.compile(
            "(?:" + "|".join(map(re.escape, sorted(data["lead_ins"], key=len, reverse=True))) + ")"
        )
        self._home_cues = tuple(data["home_cues"])
        self._facilities = frozenset(data["facilities"])
        self._address_re = re.compile(_ADDRESS)
        place = "|".join(map(re.escape, places))
        # One administrative unit: a known place name with an optional
        # suffix, or a short name with an administrative suffix.
        # The lookahead on the first characters of place names lets the
        # engine skip the several hundred place alternatives at most
        # positions (3x faster on news text, same matches).
        first = "".join(sorted({p[0] for p in places}))
        unit = rf"(?:(?=[{first}])(?:{place})(?:省|市|自治区|特别行政区)?|{_C}{{2,5}}?(?:{_ADMIN_SUFFIX}))"
        self._chain_re = re.compile(rf"(?:{unit}){_SEP}(?:(?:{unit}){_SEP}){{1,6}}")
        self._unit_re = re.compile(unit)

    def _windows(self, text: str):
        """Stretches of text where at least two suffix characters are near
        each other (or one suffix follows a digit: 88号, 5组)."""
        hits = [m.start() for m in _HINT.finditer(text)]
        if not hits:
            return
        start = prev = hits[0]
        count = 1
        for h in hits[1:]:
            if h - prev <= 12:
                count += 1
            else:
                if count >= 2:
                    yield max(0, start - 12), min(len(text), prev + 40)
                start, count = h, 1
            prev = h
        if count >= 2:
            yield max(0, start - 12), min(len(text), prev + 40)

    def _trim_left(self, text: str, s: int, e: int) -> int:
        """Move the start past lead-in words (我住在…) to the first place name."""
        first = text[s:e]
        unit = re.match(_UNIT, first)
        head = first[: unit.end()] if unit else first[:8]
        place = self._place_re.search(head)
        if place is not None:
            return s + place.start()
        cut = 0
        for m in self._lead_re.finditer(head):
            if m.end() < len(head) - 1:
                cut = m.end()
        # Function characters right before the first unit name are not part of it.
        while cut < len(head) - 2 and head[cut] in _FUNCTION_CHARS:
            cut += 1
        return s + cut

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        found = list(self._street_level(text))
        chains = list(self._chains(text))
        chains.extend(self._building_chains(text))
        chains.extend(self._road_numbers(text))
        if chains:
            found = _merge(found + chains)
        for s, e, score in found:
            e = _trim_right(text, s, e)
            yield "ADDRESS", s, e, score, text[s:e]

    def _chains(self, text: str):
        """Two or more administrative units followed by the rest of a
        delivery address (浙江省湖州市长兴县林城河口头宏利机械)."""
        for m in self._chain_re.finditer(text):
            s, e = m.span()
            s = self._trim_left(text, s, e)
            units = self._unit_re.findall(text, s, e)
            if len(units) < 2 or any(_FUNCTION_CHARS.intersection(u) for u in units):
                continue
            if any(u[-2:] in _NOT_UNITS for u in units):
                continue
            if text[e - 1:e + 1] in ("市场", "市民") or "市场" in text[s:e]:
                continue  # 房贷市场, 文化市场: not a city
            if not any(u[-1] in _SUFFIX_LAST for u in units):
                continue  # bare names only (金华上海报道)
            rest = _REST.match(text, e)
            if rest is None:
                continue
            tail = rest.group(0)
            cut = len(tail)
            for i, ch in enumerate(tail):
                if ch in _PROSE_CHARS:
                    cut = i
                    break
            stop = _STOP_WORDS.search(tail, 0, cut)
            if stop is not None:
                cut = stop.start()
            tail = tail[:cut]
            if len(tail) < 2 or not _PLACE_CHARS.intersection(tail) or _ORG_OR_EVENT.search(tail):
                continue
            # Inside prose the rest must end at a boundary (punctuation, end
            # of field) or before a word that places it (附近, 对面…).
            after = e + cut
            if after < len(text) and text[after] not in _BOUNDARY and not _NEAR.match(text, after):
                continue
            numbered = _NUMBERED.search(tail) is not None
            yield s, e + cut, SCORE_CHAIN_NUMBERED if numbered else SCORE_CHAIN

    def _building_chains(self, text: str):
        """A named estate followed by building, unit and room numbers
        (锦华苑六区128栋4单元302, 余杭区金沙城72-6-1203)."""
        done = 0
        for h in _CHAIN_HINT.finditer(text):
            if h.start() < done:
                continue
            for m in _BUILDING_CHAIN.finditer(text, max(done, h.start() - 6), min(len(text), h.end() + 16)):
                done = max(done, m.end())
                yield from self._building_chain(text, m)

    def _road_numbers(self, text: str):
        """A road name and a bare house number, and the shop or building
        name after it up to a boundary (青石街406丰顺电器有限公司)."""
        for m in _ROAD_NUMBER.finditer(text):
            s, e = m.span(1)
            if e < len(text) and (text[e].isdigit() or text[e] in _MEASURE_AFTER):
                continue
            if m.start() > 0 and text[m.start() - 1] in "之的马道":
                continue  # 求生之路2, 马路12: a phrase, not a road name
            i = m.start()
            while i > 0 and m.start() - i < 12 and "\u4e00" <= text[i - 1] <= "\u9fff" and text[i - 1] not in _NAME_STOP:
                i -= 1
            if m.start() - i < 2:
                continue  # 马路12, 上街3: no road name
            tail = _ROAD_TAIL.match(text, e)
            if tail is not None:
                rest = tail.group()
                cut = next((k for k, ch in enumerate(rest) if ch in _PROSE_CHARS), len(rest))
                rest = rest[:cut]
                end = e + len(rest)
                if end < len(text) and text[end] not in _BOUNDARY:
                    end = e  # the words after run on into a sentence
                e = end
            yield self._trim_left(text, i, e), e, SCORE_CHAIN_NUMBERED

    def _building_chain(self, text: str, m: re.Match):
        s, e = m.span()
        if (s > 0 and (text[s - 1].isdigit() or text[s - 1] in "-.:/")) or (
            e < len(text) and (text[e].isdigit() or text[e] in "-.:/")
        ):
            return  # part of a longer number, a date or a version
        # The estate name: word characters to the left, up to prose.
        i = s
        while i > 0 and s - i < _CHAIN_NAME_MAX and _NAME_CHAR.match(text[i - 1]) and text[i - 1] not in _NAME_STOP:
            i -= 1
        i = self._trim_left(text, i, e)
        name = text[i:s]
        if sum(1 for ch in name if "\u4e00" <= ch <= "\u9fff") < 2 and not (
                i >= s and m.group()[-1] != "号" and self._home_cued(text, s)):
            return  # a bare "7-2-1518" is as likely a code as a flat; "家住3栋2单元501" is not
        chain = m.group()
        if chain[-1].isdigit() and "单元" not in chain and (name[-1] in _CODE_BEFORE or _YEAR.match(chain)):
            return
        if e < len(text) and "A" <= text[e].upper() <= "Z" and (e + 1 == len(text) or not text[e + 1].isascii()):
            e += 1  # room 836B
        yield i, e, SCORE_CHAIN_NUMBERED

    def _home_cued(self, text: str, s: int) -> bool:
        """A home or address cue (家住, 地址, 快递…, 住) just before ``s``
        or at the start of the span, before its first number."""
        k = s
        while k < len(text) and k - s < 8 and not text[k].isdigit():
            k += 1
        before = text[max(0, s - 8):k]
        return any(c in before for c in self._home_cues)

    def _named_estate(self, span: str) -> bool:
        """The span's leading name (before its first number) is an estate's
        or a place's own name, not a facility (行政楼) or nothing (5号楼)."""
        k = 0
        while k < len(span) and not span[k].isdigit():
            k += 1
        name = span[:k]
        suffix = _ESTATE_SUFFIX_END.search(name)
        if suffix is not None:
            name = name[:suffix.start()]
        return len(name) >= 2 and not any(name.endswith(f) for f in self._facilities)

    def _street_level(self, text: str):
        last_end = -1
        for ws, we in self._windows(text):
            for m in self._address_re.finditer(text, max(ws, last_end if last_end > 0 else 0), we):
                s, e = m.span()
                s = self._trim_left(text, s, e)
                span = text[s:e]
                has_street = _STREET_UNIT.search(span) is not None
                has_number = _NUMBERED.search(span) is not None
                n_admin = len(_ADMIN_UNIT.findall(span))
                # A room in a building known only by its number or its use
                # (5号楼302室, 行政楼201室), with no place or street.
                unnamed = not has_street and n_admin == 0 and not self._named_estate(span)
                if unnamed and not self._home_cued(text, s):
                    continue  # 会议在5号楼302室, 请到行政楼201室
                if has_street and has_number:
                    score = SCORE_FULL
                elif has_number and (n_admin >= 2 or _ESTATE_NUMBERED.search(span)):
                    score = SCORE_NUMBERED_ADMIN
                elif has_street and n_admin >= 1 and len(span) >= 6:
                    score = SCORE_PARTIAL
                elif has_street and len(span) >= 6:
                    score = SCORE_WEAK
                else:
                    continue
                if score >= SCORE_PARTIAL and not unnamed:
                    tail = _TAIL.match(text, e)
                    if tail is not None and not _PROSE_CHARS.intersection(tail.group(0)):
                        e = tail.end()
                        span = text[s:e]
                last_end = e
                yield s, e, score


def _trim_right(text: str, s: int, e: int) -> int:
    """End the span before a word that follows an address rather than
    naming part of it (门卫室, 门口, 附近, 代收…), and before trailing
    separators."""
    # The word may run past the span ("…577号门" + "口").
    for m in _AFTER_ADDRESS.finditer(text, s + 4, min(len(text), e + 2)):
        if m.start() >= e:
            break
        if m.group(1) is None:
            rest = text[m.end():e]
            contact = _AFTER_ADDRESS.search(rest)
            if contact is not None and contact.group(1) is not None:
                rest = rest[:contact.start()]
            if len(rest) >= 2 and _POI_AFTER.search(rest):
                continue
        e = m.start()
        break
    while e > s and text[e - 1] in "_-—(（ ":
        e -= 1
    return e


def _merge(spans):
    """Overlapping findings become one span with the highest score."""
    out: list[list] = []
    for s, e, sc in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
            out[-1][2] = max(out[-1][2], sc)
        else:
            out.append([s, e, sc])
    return [tuple(x) for x in out]
