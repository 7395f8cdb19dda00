"""Policy files: defaults, overlay, and one-line errors."""

from __future__ import annotations

import pytest

from expectations.policy import VIOLATION_CODES, PolicyError, load_policy


def _write(tmp_path, text):
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_default_policy_forbids_the_four_blocking_violations():
    policy = load_policy()
    blocking = {code: n for code, n in policy.max_violations.items() if n is not None}
    assert blocking == {"CONSENT_WITHDRAWN": 0, "SENSITIVE_WITHOUT_SEPARATE_CONSENT": 0,
                        "MINOR_WITHOUT_GUARDIAN_CONSENT": 0, "CROSS_BORDER_WITHOUT_MECHANISM": 0}


def test_default_policy_names_every_violation_code():
    assert set(load_policy().max_violations) == set(VIOLATION_CODES)


def test_user_policy_overlays_defaults_code_by_code(tmp_path):
    policy = load_policy(_write(tmp_path, "max_violations: {PIPIA_MISSING: 3}\nmax_reject_rate: 0.2\n"))
    assert policy.max_violations["PIPIA_MISSING"] == 3
    assert policy.max_violations["CONSENT_WITHDRAWN"] == 0
    assert policy.max_reject_rate == 0.2


def test_source_override_beats_the_per_source_default(tmp_path):
    policy = load_policy(_write(tmp_path, "per_source: {max_pi_share: 0.4}\nsources: {web: {max_pi_share: 0.9}}\n"))
    assert policy.source_limit("web", "max_pi_share") == 0.9
    assert policy.source_limit("forum", "max_pi_share") == 0.4


@pytest.mark.parametrize("text, fragment", [
    ("max_violatons: {}\n", "unknown key 'max_violatons'"),
    ("max_violations: {CONSENT_WITHDRAWED: 0}\n", "unknown violation code 'CONSENT_WITHDRAWED'"),
    ("max_violations: {CONSENT_WITHDRAWN: -1}\n", "max_violations.CONSENT_WITHDRAWN"),
    ("max_violations: {CONSENT_WITHDRAWN: true}\n", "max_violations.CONSENT_WITHDRAWN"),
    ("max_reject_rate: 1.5\n", "max_reject_rate must be between 0 and 1"),
    ("min_lineage_coverage: high\n", "min_lineage_coverage must be a number"),
    ("require_manifest: 'yes'\n", "require_manifest must be true or false"),
    ("per_source: {max_pii_share: 0.1}\n", "unknown key per_source.'max_pii_share'"),
    ("sources: {web: {max_pi_share: 2}}\n", "sources.web.max_pi_share"),
    ("version: 2\n", "version must be 1"),
    ("- a\n- b\n", "top level must be a mapping"),
    ("max_violations: {a: [\n", "not valid YAML"),
])
def test_bad_policy_gives_one_line_error_naming_the_file(tmp_path, text, fragment):
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    message = str(info.value)
    assert fragment in message
    assert path in message and "\n" not in message


def test_missing_policy_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(str(tmp_path / "absent.yaml"))


def test_version_true_is_not_version_1(tmp_path):
    path = _write(tmp_path, "version: true\n")
    with pytest.raises(PolicyError, match="version must be 1, got True"):
        load_policy(path)


def test_exponent_without_a_dot_is_refused_with_the_decimal_to_write(tmp_path):
    # PyYAML follows YAML 1.1, where 1e-2 is a string; the message says what to write.
    path = _write(tmp_path, "max_reject_rate: 1e-2\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    message = str(info.value)
    assert "max_reject_rate" in message and "0.01" in message and "\n" not in message


def test_policy_file_that_is_not_utf8_is_a_policy_error(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"\xff\xfe bad\n")
    with pytest.raises(PolicyError) as info:
        load_policy(str(path))
    assert str(path) in str(info.value) and "UTF-8" in str(info.value) and "\n" not in str(info.value)
