"""The engine: normalisation offsets, windows over huge texts, overlaps."""

from __future__ import annotations

import pytest

from detectors.checksums import iso7064_mod11_2_check_char
from detectors.engine import ConfigError, DetectionEngine, EngineConfig, builtin_specs
from detectors.model import Finding
from detectors.text import ScanText
from detectors.engine import _resolve

BODY = "11010519880314123"
RID = BODY + iso7064_mod11_2_check_char(BODY)


@pytest.fixture(scope="module")
def id_engine():
    return DetectionEngine(EngineConfig(disable=[s.id for s in builtin_specs() if s.id != "cn_resident_id"]))


def test_zero_width_and_fullwidth_digits_map_back_to_original_offsets(id_engine):
    fw = "".join(chr(ord(c) + 0xFEE0) for c in RID)
    hidden = RID[:6] + "\u200b" + RID[6:14] + "\u200d\u2060" + RID[14:]
    for text in (f"号码：{fw}。", f"号码：{hidden}。"):
        (f,) = id_engine.scan(text)
        assert (f.start, f.end) == (3, len(text) - 1)
        assert f.value == RID


def test_scan_text_span_mapping_is_monotonic():
    t = ScanText("a\u200bb\u200b\u200bc")
    assert t.norm == "abc"
    assert [t.to_original(i) for i in range(3)] == [0, 2, 5]
    assert t.span(0, 3) == (0, 6)


def test_huge_text_is_scanned_in_windows_without_losing_a_boundary_hit():
    engine = DetectionEngine(EngineConfig(window=2048, disable=[s.id for s in builtin_specs() if s.id != "cn_resident_id"]))
    filler = "文" * 2040
    text = filler + f" {RID} " + filler + f" {RID} " + "x" * 5000
    found = engine.scan(text)
    assert [(f.start, f.end) for f in found] == [(2041, 2059), (4101, 4119)]


def test_overlapping_findings_keep_the_higher_priority_type():
    a = Finding("CN_RESIDENT_ID", 0, 18, 0.9, "a@1", "x")
    b = Finding("CN_MOBILE_PHONE", 3, 14, 0.99, "b@1", "y")
    c = Finding("HEALTH_INFO", 2, 6, 0.8, "c@1", "z")
    kept = _resolve([a, b, c])
    assert [f.entity_type for f in kept] == ["CN_RESIDENT_ID", "HEALTH_INFO"]


def test_unknown_detector_id_in_config_is_a_one_line_error(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("detectors:\n  disable: [no_such]\n")
    with pytest.raises(ConfigError, match="unknown detector id 'no_such'"):
        EngineConfig.from_file(str(p))


def test_presidio_yaml_recognizers_run_inside_the_engine(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text(
        "recognizers:\n"
        "  - name: employee id\n    supported_language: en\n    supported_entity: EMPLOYEE_ID\n"
        "    patterns:\n      - {name: emp, regex: 'EMP-[0-9]{6}', score: 0.6}\n    context: [工号, employee]\n"
    )
    engine = DetectionEngine(EngineConfig(presidio_yaml=[str(p)], disable=[s.id for s in builtin_specs()]))
    (f,) = engine.scan("员工工号 EMP-123456 已登记")
    assert f.entity_type == "EMPLOYEE_ID" and (f.start, f.end) == (5, 15) and f.score > 0.6


def test_default_english_model_matches_its_pinned_hashes():
    from detectors.model_pins import PINNED_SHA256, verify_default_model

    assert "ner/model" in PINNED_SHA256
    verify_default_model()


def test_a_tampered_model_file_is_refused(monkeypatch):
    from detectors import model_pins

    monkeypatch.setitem(model_pins.PINNED_SHA256, "ner/model", "not-the-hash")
    with pytest.raises(model_pins.ModelIntegrityError, match="ner/model"):
        model_pins.verify_default_model()


def _resolve_by_brute_force(findings):
    from detectors import catalogue
    from detectors.engine import CUE_TYPES

    out = []
    for layer in (False, True):
        cands = sorted(
            (f for f in findings if (f.entity_type in CUE_TYPES) == layer),
            key=lambda f: (-catalogue.lookup(f.entity_type).priority, -f.score, -(f.end - f.start), f.start),
        )
        kept = []
        for f in cands:
            if not any(f.overlaps(k) for k in kept):
                kept.append(f)
        out.extend(kept)
    return sorted(out, key=lambda f: (f.start, f.end, f.entity_type))


from hypothesis import given, strategies as st  # noqa: E402

_spans = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.integers(1, 12),
        st.sampled_from(["PERSON", "CN_MOBILE_PHONE", "ADDRESS", "HEALTH_INFO", "MINOR_INFO"]),
        st.floats(0.5, 1.0),
    ),
    max_size=40,
)


@given(_spans)
def test_overlap_resolution_matches_the_greedy_definition(spans):
    findings = [Finding(t, s, s + n, sc, "d@1", "v") for s, n, t, sc in spans]
    key = lambda fs: [(f.entity_type, f.start, f.end, f.score) for f in fs]  # noqa: E731
    assert key(_resolve(list(findings))) == key(_resolve_by_brute_force(findings))


def test_windows_report_every_span_once_wherever_it_falls():
    window = 2048
    engine = DetectionEngine(EngineConfig(window=window, disable=[s.id for s in builtin_specs() if s.id != "cn_resident_id"]))
    step = window - 512
    for end_at in (window, window - 1, window + 1, step, step + 512, step + 18):
        start = end_at - 18
        text = "文" * start + RID + "文" * (3 * window)
        found = [(f.start, f.end) for f in engine.scan(text)]
        assert found == [(start, end_at)], end_at


@pytest.mark.parametrize("text, message", [
    ("detectors: {min_score: high}", r"min_score must be a number in \[0, 1\], got 'high'$"),
    ("detectors: {min_score: .nan}", r"min_score must be a number in \[0, 1\], got nan$"),
    ("detectors: {window: abc}", r"window must be a whole number of at least \d+ characters$"),
    ("- enable\n- disable\n", r"the detector configuration must be a mapping of keys, got a list$"),
    ("detectors: {disable: phone_number}", r"disable must be a list of detector ids$"),
    ("detectors: {presidio_yaml: rec.yaml}", r"presidio_yaml must be a list of file paths$"),
    ("detectors: {options: [en_person]}", r"options must be a mapping of detector id to its options$"),
])
def test_config_of_the_wrong_shape_is_a_one_line_error_naming_the_file(tmp_path, text, message):
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="^" + str(p) + ": " + message) as err:
        EngineConfig.from_file(str(p))
    assert "\n" not in str(err.value)


def test_config_that_is_not_utf8_is_a_one_line_error(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_bytes(b"\xff\xfe detectors: {}\n")
    with pytest.raises(ConfigError, match=r"is not UTF-8 text$"):
        EngineConfig.from_file(str(p))


@pytest.mark.parametrize("options, message", [
    ({"en_person": {"no_such_option": 1}}, r"^en_person has no option 'no_such_option' \(its options: .*model.*\)$"),
    ({"en_person": {"window": "wide"}}, r"^en_person option window must be a whole number, got str$"),
    ({"en_person": {"model_singles": 1}}, r"^en_person option model_singles must be true or false, got int$"),
    ({"cn_resident_id": {"strict": "yes"}}, r"^cn_resident_id option strict must be true or false, got str$"),
    ({"email": {"anything": True}}, r"^email has no option 'anything' \(its options: none\)$"),
])
def test_detector_options_are_checked_by_name_and_type_before_a_scan(options, message):
    cfg = EngineConfig.from_mapping({"options": options})
    with pytest.raises(ConfigError, match=message):
        cfg.check_options()


def test_detector_options_of_the_right_type_pass():
    EngineConfig.from_mapping({"options": {
        "en_person": {"shape_threshold": 2, "window": 120, "model": "en_core_web_sm"},
        "cn_resident_id": {"strict": True},
    }}).check_options()


@pytest.mark.parametrize("body", [
    "recognizers:\n  - name: Emp\n    supported_entity: EMPLOYEE_ID\n    patterns: oops\n",
    "recognizers:\n  - name: Emp\n    supported_entity: EMPLOYEE_ID\n    patterns:\n"
    "      - {name: p, regex: 'EMP-[0-9', score: 0.6}\n",
    "recognizers: [\n",
    "recognizers: []\n",
])
def test_unusable_presidio_yaml_is_a_one_line_config_error(tmp_path, body, capsys):
    p = tmp_path / "r.yaml"
    p.write_text(body, encoding="utf-8")
    cfg = EngineConfig.from_mapping({"presidio_yaml": [str(p)]})
    with pytest.raises(ConfigError, match="^" + str(p) + ": ") as err:
        cfg.check_options()
    assert "\n" not in str(err.value)
    assert capsys.readouterr().out == ""  # Presidio's own print is swallowed


def test_detectors_command_reports_config_and_model_errors_in_one_line(tmp_path, capsys):
    from runners.cli import main

    bad_option = tmp_path / "a.yaml"
    bad_option.write_text("detectors: {options: {zh_person: {lac: maybe}}}\n", encoding="utf-8")
    assert main(["detectors", "--config", str(bad_option)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lac must be true or false" in err
    no_model = tmp_path / "b.yaml"
    no_model.write_text("detectors: {options: {en_person: {model: piplscan_no_such_model}}}\n", encoding="utf-8")
    assert main(["detectors", "--config", str(no_model)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "piplscan_no_such_model" in err


def test_scan_with_an_unusable_presidio_yaml_stops_before_writing_anything(tmp_path, capsys):
    from runners.cli import main

    (tmp_path / "r.yaml").write_text("recognizers:\n  - name: Emp\n    supported_entity: X\n    patterns: oops\n",
                                     encoding="utf-8")
    (tmp_path / "c.yaml").write_text("detectors: {presidio_yaml: [r.yaml]}\n", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"text": "EMP-1234"}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["scan", str(tmp_path / "a.jsonl"), "--config", str(tmp_path / "c.yaml"), "--out", str(out),
                 "--direct_num_workers=1"]) == 2
    assert "not a usable Presidio recognizer file" in capsys.readouterr().err
    assert not out.exists()


def test_reference_number_cue_wins_only_when_nearer_than_the_detectors_own_cue():
    from detectors.base import reference_cue_wins, reference_number_cues

    assert "invoice" in reference_number_cues() and "订单" in reference_number_cues()
    assert reference_cue_wins("发票号码：")
    assert reference_cue_wins("手机 订单号 ", ("手机",))
    assert not reference_cue_wins("订单 联系手机：", ("手机",))
    assert not reference_cue_wins("call me at ", ("call",))


def test_latin_cues_count_only_at_the_start_of_a_word():
    from detectors.base import last_cue, reference_cue_wins

    assert last_cue("bipolar disorder, ", ("order",)) == -1
    assert last_cue("conversion rate ", ("version",)) == -1
    assert last_cue("disorder; order ", ("order",)) == 10
    assert last_cue("orders: ", ("order",)) == 0
    assert last_cue("新订单", ("订单",)) == 1
    assert not reference_cue_wins("patient with bipolar disorder, ")
