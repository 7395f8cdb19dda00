"""Floors on the bundled realistic name sets (benchmarks/data/realistic).

The sets were written by contributors who never saw the detectors; the
floors sit a little under the figures the benchmark measured (README), so a
change that loses names on realistic chat, forms and notes, or starts
reporting the hard negatives, fails here before it reaches a release.
"""

from __future__ import annotations

import pytest

from benchmarks import evalsets
from detectors.engine import EngineConfig, engine_for

# Measured with zh_person 0.7.5 / en_person 0.11.0 (exact spans, whole
# engine): (F1 floor, most hard-negative lines allowed to get a name). The
# F1 floors sit about 0.03 under the measured F1; the negative counts are the
# measured ones plus five.
FLOORS = {
    "realistic_zh_chat_1": (0.81, 15),  # measured F1 0.834; 10 of 213 negative lines hit
    "realistic_zh_chat_2": (0.89, 20),  # measured 0.921; 15 of 225
    "realistic_zh_mixed_3": (0.85, 17),  # measured 0.881; 12 of 200
    "realistic_zh_weibo_4": (0.76, 16),  # measured 0.790; 11 of 184
    "realistic_zh_social_5": (0.82, 9),  # measured 0.850; 4 of 201
    "realistic_zh_final_6": (0.89, 9),  # measured 0.920; 4 of 155 (never read)
    "realistic_en_chat_1": (0.82, 34),  # measured 0.853; 29 of 220
    "realistic_en_chat_2": (0.87, 19),  # measured 0.902; 14 of 222
    "realistic_en_mixed_3": (0.81, 34),  # measured 0.837; 29 of 204
    "realistic_en_short_4": (0.84, 27),  # measured 0.872; 22 of 193
    "realistic_en_records_5": (0.87, 29),  # measured 0.896; 24 of 195
    "realistic_en_mixed_6": (0.91, 29),  # measured 0.937; 24 of 181
    "realistic_en_final_7": (0.80, 37),  # measured 0.830; 32 of 156 (never read)
}


@pytest.fixture(scope="module")
def engine():
    return engine_for(EngineConfig())


def person_f1(engine, es) -> tuple[float, int]:
    tp = fp = fn = 0
    negatives_hit = 0
    for ex in es.examples:
        gold = {(a, b) for _, a, b in ex.gold}
        pred = {(f.start, f.end) for f in engine.scan(ex.text) if f.entity_type == "PERSON"}
        pred = {(a, b) for a, b in pred if (a, b) in gold or not any(x < b and a < y for x, y in ex.ignore)}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        negatives_hit += ex.source == "negative" and bool(pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), negatives_hit


def test_every_bundled_set_has_a_floor():
    assert set(evalsets.realistic_names()) == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_person_f1_on_realistic_text_stays_above_its_floor(engine, name):
    es = evalsets.load(name)
    f1, negatives_hit = person_f1(engine, es)
    floor, most_hit = FLOORS[name]
    assert f1 >= floor, f"{name}: PERSON F1 {f1:.3f} < floor {floor}"
    assert negatives_hit <= most_hit, f"{name}: {negatives_hit} hard-negative lines got a name (at most {most_hit})"
