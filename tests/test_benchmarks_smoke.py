"""Smoke tests of the benchmark tooling: loaders, generator and scoring on
tiny inputs. Not a timed benchmark; no detector models are loaded."""

from __future__ import annotations

import json
import unicodedata

import pytest

from benchmarks import accuracy, evalsets, synth_corpus
from benchmarks.accuracy import Counts, address_recall, category_scores, score_example, score_set
from benchmarks.evalsets import EvalSet, Example
from detectors.checksums import iban_mod97_ok, iso7064_mod11_2_ok, luhn_ok

EVAL = evalsets.DEFAULT_EVAL_DIR


def _needs_eval(path: str):
    return pytest.mark.skipif(
        not (EVAL / path).exists(), reason=f"{EVAL / path} absent: shared evaluation data not available here"
    )


# ---------------------------------------------------------------- scoring


def test_exact_match_needs_same_type_start_and_end():
    gold = [("PERSON", 0, 3), ("EMAIL_ADDRESS", 10, 20)]
    pred = [("PERSON", 0, 3), ("EMAIL_ADDRESS", 9, 20)]
    c = score_example(gold, pred, frozenset({"PERSON", "EMAIL_ADDRESS"}))
    assert c["PERSON"].tp_exact == 1
    assert c["EMAIL_ADDRESS"].tp_exact == 0
    assert c["EMAIL_ADDRESS"].gold_overlapped == 1 and c["EMAIL_ADDRESS"].pred_overlapping == 1


def test_predictions_of_types_a_set_does_not_label_are_ignored():
    c = score_example([("PERSON", 0, 2)], [("PERSON", 0, 2), ("CN_MOBILE_PHONE", 5, 16)], frozenset({"PERSON"}))
    assert set(c) == {"PERSON"}
    assert c["PERSON"].as_dict()["exact"]["precision"] == 1.0


def test_overlap_of_a_different_type_is_not_a_match():
    c = score_example([("PERSON", 0, 5)], [("ADDRESS", 0, 5)], frozenset({"PERSON", "ADDRESS"}))
    assert c["PERSON"].gold_overlapped == 0
    assert c["ADDRESS"].pred_overlapping == 0


def test_f1_is_zero_when_gold_exists_and_nothing_is_predicted():
    c = Counts(gold=4)
    p, r, f = c.exact()
    assert p is None and r == 0.0 and f == 0.0


def test_f1_is_undefined_with_neither_gold_nor_predictions():
    assert Counts().exact() == (None, None, None)


def test_precision_recall_f1_arithmetic():
    c = Counts(gold=4, pred=2, tp_exact=2, pred_overlapping=2, gold_overlapped=2)
    p, r, f = c.exact()
    assert (p, r) == (1.0, 0.5)
    assert f == pytest.approx(2 / 3)


def test_set_fold_maps_chinese_phone_types_onto_generic_phone():
    es = EvalSet("x", "", [Example("a", "call 13812345678", [("PHONE_NUMBER", 5, 16)])],
                 labelled=frozenset({"PHONE_NUMBER"}), fold=dict(evalsets.FOLD_TO_GENERIC))
    counts = score_set(es, [[("CN_MOBILE_PHONE", 5, 16)]])
    assert counts["PHONE_NUMBER"].tp_exact == 1


def test_findings_on_ignored_spans_count_neither_way():
    ex = Example("x", "王老师和李明说", [("PERSON", 4, 6)], ignore=((0, 3),))
    es = EvalSet("s", "", [ex], labelled=frozenset({"PERSON"}))
    counts = score_set(es, [[("PERSON", 0, 3), ("PERSON", 4, 6)]])["PERSON"]
    assert (counts.pred, counts.tp_exact, counts.gold) == (1, 1, 1)
    counts = score_set(es, [[("PERSON", 0, 1), ("PERSON", 3, 4)]])["PERSON"]
    assert (counts.pred, counts.tp_exact, counts.gold) == (1, 0, 1)


def test_realistic_sets_read_nick_spans_as_ignored():
    es = evalsets.load("realistic_zh_weibo_4")
    assert any(ex.ignore for ex in es.examples)
    assert all(not any(a < e and s < b for a, b in ex.ignore for _, s, e in ex.gold) for ex in es.examples)


def test_whole_string_address_counts_as_found_at_eighty_percent_coverage():
    text = "北京市海淀区中关村大街27号"  # 14 characters
    examples = [Example("a", text, [("ADDRESS", 0, 14)])] * 3
    preds = [[("ADDRESS", 0, 14)], [("ADDRESS", 0, 12)], [("ADDRESS", 0, 6), ("ADDRESS", 6, 12)]]
    r = address_recall(examples, preds)
    assert r["recall_exact"] == pytest.approx(1 / 3)
    assert r["recall_single_80"] == pytest.approx(2 / 3)  # 12/14 = 0.857
    assert r["recall_union_80"] == 1.0


def test_whole_string_address_below_eighty_percent_is_missed():
    text = "上海市浦东新区张江路123弄5号"
    r = address_recall([Example("a", text, [])], [[("ADDRESS", 0, 7)]])
    assert r["recall_union_80"] == 0.0


def test_record_level_category_uses_the_category_of_each_finding():
    examples = [
        Example("a", "", [], categories=frozenset({"medical_health"})),
        Example("b", "", [], categories=frozenset()),
    ]
    preds = [[("HEALTH_INFO", 0, 2)], [("CN_RESIDENT_ID", 0, 18)]]
    scores = category_scores(examples, preds)
    assert scores["medical_health"]["f1"] == 1.0
    assert scores["specific_identity"]["precision"] == 0.0


# ---------------------------------------------------------------- generator


@pytest.fixture(scope="module")
def corpus():
    return list(synth_corpus.generate(600, seed=11))


def test_generator_is_reproducible_for_a_seed():
    a = [r["text"] for r in synth_corpus.generate(30, seed=5)]
    b = [r["text"] for r in synth_corpus.generate(30, seed=5)]
    c = [r["text"] for r in synth_corpus.generate(30, seed=6)]
    assert a == b and a != c


def test_generated_spans_lie_inside_the_text_and_do_not_overlap(corpus):
    for rec in corpus:
        spans = sorted((e["start"], e["end"]) for e in rec["entities"])
        for s, e in spans:
            assert 0 <= s < e <= len(rec["text"])
        for (_, e1), (s2, _) in zip(spans, spans[1:]):
            assert e1 <= s2


def test_generated_corpus_covers_every_entity_type_of_the_spec(corpus):
    labels = {e["label"] for r in corpus for e in r["entities"]}
    spec_types = {
        "PERSON", "ADDRESS", "EMAIL_ADDRESS", "CN_MOBILE_PHONE", "CN_LANDLINE_PHONE", "PHONE_NUMBER",
        "IP_ADDRESS", "CN_LICENSE_PLATE", "IM_ACCOUNT", "CN_RESIDENT_ID", "CN_PASSPORT", "CN_HK_MACAU_PERMIT",
        "CN_TAIWAN_PERMIT", "HK_ID", "MO_ID", "TW_ID", "US_SSN", "CN_BANK_CARD", "CREDIT_CARD", "IBAN_CODE",
        "GEO_COORDINATES", "HEALTH_INFO", "RELIGION_INFO", "BIOMETRIC_INFO", "MINOR_INFO", "LOCATION_TRACE",
        "FINANCIAL_INFO", "SPECIFIC_IDENTITY_INFO", "SEXUAL_ORIENTATION_INFO",
    }
    assert spec_types <= labels, sorted(spec_types - labels)


def test_record_categories_are_the_sensitive_categories_of_its_spans(corpus):
    for rec in corpus:
        expected = {synth_corpus.CATEGORY[e["label"]] for e in rec["entities"] if e["label"] in synth_corpus.CATEGORY}
        assert set(rec["categories"]) == expected


def _plain(value: str) -> str:
    """Fold full-width digits, drop zero-width characters and separators."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in folded if ch.isalnum())


def test_generated_identifiers_carry_valid_check_digits(corpus):
    checked = 0
    for rec in corpus:
        for e in rec["entities"]:
            value = _plain(rec["text"][e["start"]:e["end"]])
            if e["label"] == "CN_RESIDENT_ID":
                assert iso7064_mod11_2_ok(value), value
            elif e["label"] in ("CN_BANK_CARD", "CREDIT_CARD"):
                assert luhn_ok(value), value
            elif e["label"] == "IBAN_CODE":
                assert iban_mod97_ok(value), value
            else:
                continue
            checked += 1
    assert checked > 50


def test_bank_cards_are_unionpay_and_credit_cards_are_visa_mastercard_or_amex(corpus):
    for rec in corpus:
        for e in rec["entities"]:
            v = _plain(rec["text"][e["start"]:e["end"]])
            if e["label"] == "CN_BANK_CARD":
                assert v.startswith("62") and len(v) in (16, 19)
            if e["label"] == "CREDIT_CARD":
                assert v[0] == "4" or 51 <= int(v[:2]) <= 55 or v[:2] in ("34", "37")


def test_hong_kong_and_taiwan_ids_pass_their_check_characters():
    rng = synth_corpus.random.Random(3)
    for _ in range(50):
        hk = synth_corpus.hk_id(rng)
        letter, body, check = hk[0], hk[1:7], hk[8]
        total = 36 * 9 + (ord(letter) - 55) * 8 + sum(int(d) * w for d, w in zip(body, range(7, 1, -1)))
        total += 10 if check == "A" else int(check)
        assert total % 11 == 0
        tw = synth_corpus.tw_id(rng)
        code = synth_corpus.TW_LETTER_CODES[tw[0]]
        weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
        digits = [code // 10, code % 10] + [int(d) for d in tw[1:]]
        assert sum(d * w for d, w in zip(digits, weights)) % 10 == 0


def test_hard_negatives_fail_validation():
    rng = synth_corpus.random.Random(9)
    for _ in range(50):
        assert not iso7064_mod11_2_ok(synth_corpus.resident_id_bad_check(rng))
        assert not luhn_ok(synth_corpus._bad_card(rng)[0][0])
        assert not luhn_ok(synth_corpus._digits19(rng)[0][0])


def test_corpus_includes_normalisation_variants(corpus):
    spans = [r["text"][e["start"]:e["end"]] for r in corpus for e in r["entities"]]
    assert any(any("\uff10" <= ch <= "\uff19" for ch in s) for s in spans)
    assert any(any(ch in s for ch in synth_corpus.ZERO_WIDTH) for s in spans)


def test_corpus_mixes_sources_and_languages(corpus):
    assert len({r["source"] for r in corpus}) == len(synth_corpus.SOURCES)
    texts = [r["text"] for r in corpus]
    assert any(all(ord(c) < 128 for c in t) for t in texts)
    assert any(any("\u4e00" <= c <= "\u9fff" for c in t) for t in texts)


def test_written_jsonl_round_trips_through_the_synth_loader(tmp_path):
    out = tmp_path / "c.jsonl"
    n, nbytes = synth_corpus.write_jsonl(synth_corpus.generate(20, seed=2), out)
    es = evalsets.load_synth_file(out)
    assert n == len(es.examples) == 20 and nbytes > 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"id", "text", "source", "entities", "categories"}
    assert es.has_categories


def test_unlabelled_output_has_only_text_fields(tmp_path):
    out = tmp_path / "u.jsonl"
    synth_corpus.write_jsonl(synth_corpus.generate(5, seed=2), out, labelled=False)
    assert set(json.loads(out.read_text(encoding="utf-8").splitlines()[0])) == {"id", "text", "source"}


# ---------------------------------------------------------------- loaders


def test_a_missing_set_raises_set_missing(tmp_path):
    with pytest.raises(evalsets.SetMissing):
        evalsets.load("resume", tmp_path)


def test_accuracy_cli_skips_absent_sets_with_a_message(tmp_path, capsys):
    rc = accuracy.main(["--sets", "weibo", "--eval-dir", str(tmp_path), "--no-presidio", "--quiet"])
    assert rc == 0
    assert "skipping set weibo" in capsys.readouterr().err


@_needs_eval("cluener2020/train.json")
def test_cluener_end_inclusive_offsets_become_exclusive():
    """Each gold span, cut from the text with the converted offsets, is the
    mention CLUENER names for it (its own label keys), for every name and
    address of the first 200 sentences."""
    es = evalsets.load("cluener", EVAL, limit=200)
    with open(EVAL / "cluener2020" / "train.json", encoding="utf-8") as fh:
        raw = [json.loads(next(fh)) for _ in range(200)]
    kinds = {"name": "PERSON", "address": "ADDRESS"}
    spans = 0
    for ex, rec in zip(es.examples, raw, strict=True):
        expected = sorted(
            (kinds[kind], mention)
            for kind, mentions in rec["label"].items() if kind in kinds
            for mention, positions in mentions.items() for _ in positions
        )
        assert sorted((label, ex.text[s:e]) for label, s, e in ex.gold) == expected
        spans += len(expected)
    assert spans > 100


@_needs_eval("resume_ner/dev.jsonl")
def test_resume_names_map_to_person():
    es = evalsets.load("resume", EVAL, limit=5)
    assert es.examples[0].gold[0] == ("PERSON", 0, 3)
    assert "ADDRESS" in es.informational


@_needs_eval("weibo_ner/dev.jsonl")
def test_weibo_keeps_only_named_persons():
    es = evalsets.load("weibo", EVAL)
    assert {label for ex in es.examples for label, _, _ in ex.gold} == {"PERSON"}


@_needs_eval("cn_address_parsing/dev.jsonl")
def test_address_strings_are_one_whole_address_each():
    es = evalsets.load("cn_address", EVAL, limit=10)
    assert all(ex.gold == [("ADDRESS", 0, len(ex.text))] for ex in es.examples)
    assert es.mode == "whole_string_recall"


@_needs_eval("presidio_research_synth/synth_dataset_v2.json")
def test_presidio_synth_maps_street_address_and_drops_other_labels():
    es = evalsets.load("presidio_synth", EVAL, limit=50)
    labels = {label for ex in es.examples for label, _, _ in ex.gold}
    assert "ADDRESS" in labels and "GPE" not in labels and "ORGANIZATION" not in labels


@_needs_eval("presidio_research_synth/synth_dataset_v2.json")
def test_presidio_synth_halves_split_the_set_by_template_without_sharing_one():
    whole = evalsets.load("presidio_synth", EVAL)
    dev = evalsets.load("presidio_synth_dev", EVAL)
    held = evalsets.load("presidio_synth_heldout", EVAL)
    data = json.loads((EVAL / "presidio_research_synth" / "synth_dataset_v2.json").read_text("utf-8"))
    template_of = {rec["full_text"]: rec["template_id"] for rec in data}
    dev_templates = {template_of[ex.text] for ex in dev.examples}
    held_templates = {template_of[ex.text] for ex in held.examples}
    assert dev_templates and held_templates and not dev_templates & held_templates
    assert len(dev.examples) + len(held.examples) == len(whole.examples)
    assert sorted(ex.text for ex in dev.examples + held.examples) == sorted(ex.text for ex in whole.examples)
    assert "presidio_synth_dev" not in evalsets.LOADERS  # never in a default run


@_needs_eval("presidio_vectors/presidio_recognizer_vectors.jsonl")
def test_recognizer_vectors_score_each_string_for_its_own_type_only():
    es = evalsets.load("presidio_vectors", EVAL)
    assert len(es.per_example_types) == len(es.examples)
    assert all(len(t) == 1 for t in es.per_example_types)
    assert "URL" not in es.labelled


def test_lineage_ledger_benchmark_runs_the_lineage_stage_alone(tmp_path):
    # The benchmark builds ScannedRecord itself: it breaks silently when the
    # record's fields change, unless something runs it.
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.lineage_ledger", "--driver", "--subjects", "2000", "--records", "300",
         "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "exit 0" in run.stdout


# Bundled realistic name sets ------------------------------------------------

def test_bundled_realistic_sets_load_with_spans_inside_their_texts():
    names = evalsets.realistic_names()
    assert {"realistic_zh_chat_1", "realistic_en_chat_1"} <= set(names)
    for name in names:
        es = evalsets.load(name)
        assert es.labelled == frozenset({"PERSON"}) and len(es.examples) >= 400
        negatives = 0
        for ex in es.examples:
            assert ex.gold or ex.ignore or ex.source == "negative"
            negatives += ex.source == "negative"
            for label, a, b in ex.gold:
                assert label == "PERSON" and 0 <= a < b <= len(ex.text)
                assert ex.text[a:b].strip() == ex.text[a:b]
        assert negatives >= 150  # every set holds hard negatives


def test_default_benchmark_run_includes_the_realistic_sets(monkeypatch):
    seen = []
    monkeypatch.setattr(evalsets, "load", lambda name, *a, **k: seen.append(name) or (_ for _ in ()).throw(
        evalsets.SetMissing("not loaded in this test")))
    assert accuracy.main(["--no-presidio", "--quiet"]) == 0
    assert set(evalsets.realistic_names()) <= set(seen)
