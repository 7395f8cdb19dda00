"""``piplscan gate DIR``: pass or fail a scan's outputs before training.

Exit codes follow the contract: 0 pass, 1 policy (or integrity) failed,
2 unusable input — missing or corrupt outputs, or a bad policy file.
"""

from __future__ import annotations

import html
import json
import sys
from datetime import datetime, timezone
from typing import TextIO

from expectations import storage
from expectations.outputs import UnusableOutput
from expectations.policy import PolicyError, load_policy

EXIT_PASS = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2

# A failed gate prints one line per failed expectation; beyond this many the
# rest are counted, so the verdict stays on one screen (gate.json has all).
MAX_LISTED_FAILURES = 15


def run_gate(out_dir: str, policy_path: str | None = None, *, stream: TextIO | None = None,
             err_stream: TextIO | None = None) -> int:
    """Validate ``out_dir`` against the policy; print the verdict; return the exit code.

    Writes ``out_dir/gate/gate.json`` and ``out_dir/gate/index.html``. On an
    unusable input the one-line reason goes to ``err_stream`` (stderr) and, if
    the folder exists, gate.json records it with ``passed: false``.
    """
    stream = stream if stream is not None else sys.stdout
    err_stream = err_stream if err_stream is not None else sys.stderr
    try:
        policy = load_policy(policy_path)
    except PolicyError as exc:
        print(f"piplscan gate: {exc}", file=err_stream)
        return EXIT_UNUSABLE
    try:
        is_folder = storage.is_dir(out_dir)
    except (OSError, ValueError) as exc:
        print(f"piplscan gate: {out_dir}: cannot reach it ({' '.join(str(exc).split())[:200]})", file=err_stream)
        return EXIT_UNUSABLE
    if not is_folder:
        print(f"piplscan gate: {out_dir}: not a folder", file=err_stream)
        return EXIT_UNUSABLE

    # Imported here so that a bad policy or path fails fast, before GX loads.
    from expectations.suites import evaluate

    started = _now()
    try:
        outcomes = evaluate(out_dir, policy)
    except UnusableOutput as exc:
        message = str(exc)
        print(f"piplscan gate: unusable input: {message}", file=err_stream)
        _write_json(out_dir, {"passed": False, "error": message, "out_dir": out_dir,
                              "checked_at": started, "policy": policy.as_dict(), "expectations": []})
        return EXIT_UNUSABLE

    rows = [o.as_dict() for o in outcomes]
    passed = all(r["success"] for r in rows)
    suites = {}
    for name in ("integrity", "policy"):
        mine = [r for r in rows if r["suite"] == name]
        suites[name] = {
            "passed": all(r["success"] for r in mine),
            "evaluated": sum(1 for r in mine if not r["skipped"]),
            "failed": sum(1 for r in mine if not r["success"]),
            "skipped": sum(1 for r in mine if r["skipped"]),
        }
    document = {
        "passed": passed,
        "out_dir": out_dir,
        "checked_at": started,
        "policy": policy.as_dict(),
        "suites": suites,
        "expectations": rows,
    }
    json_path = _write_json(out_dir, document)
    html_path = storage.join(out_dir, "gate", "index.html")
    storage.write_text(html_path, render_html(document))

    print(verdict_text(document, json_path, html_path), file=stream)
    return EXIT_PASS if passed else EXIT_FAILED


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _write_json(out_dir: str, document: dict) -> str:
    path = storage.join(out_dir, "gate", "gate.json")
    storage.write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return path


def format_observed(value: object) -> str:
    """A short one-line rendering of an observed value."""
    if isinstance(value, dict):
        if "over_limit" in value:
            worst = ", ".join(f"{w['source']} {w['share']:.3f}>{w['limit']:g}" for w in value["worst"][:3])
            more = value["over_limit"] - min(3, len(value["worst"]))
            return f"{value['over_limit']} of {value['sources']} sources over: {worst}" + (
                f" (+{more} more)" if more > 0 else "")
        if "unexpected_count" in value:
            return f"{value['unexpected_count']} of {value.get('element_count', '?')} rows unexpected"
        return ", ".join(f"{k}={format_observed(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "[" + ", ".join(format_observed(v) for v in value) + "]"
    return "null" if value is None else str(value)


def verdict_text(document: dict, json_path: str, html_path: str) -> str:
    rows = document["expectations"]
    failed = [r for r in rows if not r["success"]]
    evaluated = sum(1 for r in rows if not r["skipped"])
    head = "PASSED" if document["passed"] else "FAILED"
    lines = [f"piplscan gate: {head} — {evaluated - len(failed)} of {evaluated} expectations met "
             f"(policy: {document['policy']['origin']})"]
    for r in failed[:MAX_LISTED_FAILURES]:
        lines.append(f"  FAIL {r['suite']}: {r['name']}: observed {format_observed(r['observed_value'])}; "
                     f"expected {r['expected']}")
    if len(failed) > MAX_LISTED_FAILURES:
        lines.append(f"  … and {len(failed) - MAX_LISTED_FAILURES} more failed expectations (see gate.json)")
    skipped = [r["name"] for r in rows if r["skipped"]]
    if skipped:
        lines.append(f"  skipped: {', '.join(skipped)}")
    lines.append(f"  details: {json_path}  {html_path}")
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#1d2733;max-width:1100px}
h1{font-size:1.5rem;margin-bottom:.25rem} h2{font-size:1.15rem;margin-top:2rem}
.badge{display:inline-block;padding:.2rem .7rem;border-radius:1rem;font-weight:600;color:#fff}
.pass{background:#2e7d4f} .fail{background:#b3261e} .skip{background:#7a7f87}
table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{border-bottom:1px solid #dde2e8;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f8} td.obs{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem;word-break:break-word}
.muted{color:#5c6670}
"""


def render_html(document: dict) -> str:
    """A self-contained results page: inline CSS, no script, no external URL."""
    esc = html.escape
    verdict = "PASSED" if document["passed"] else "FAILED"
    parts = [
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<title>piplscan gate</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>piplscan gate <span class=\"badge {'pass' if document['passed'] else 'fail'}\">{verdict}</span></h1>",
        f"<p class=\"muted\">Scan folder {esc(document['out_dir'])} · checked {esc(document['checked_at'])} · "
        f"policy {esc(str(document['policy']['origin']))}</p>",
    ]
    for suite, stats in document.get("suites", {}).items():
        parts.append(f"<h2>{esc(suite)} suite — {stats['evaluated'] - stats['failed']} of "
                     f"{stats['evaluated']} met</h2>")
        parts.append("<table><tr><th>result</th><th>expectation</th><th>observed</th><th>expected</th></tr>")
        for r in document["expectations"]:
            if r["suite"] != suite:
                continue
            cls, label = ("skip", "skipped") if r["skipped"] else (("pass", "pass") if r["success"] else ("fail", "fail"))
            parts.append(
                f"<tr><td><span class=\"badge {cls}\">{label}</span></td><td>{esc(r['name'])}</td>"
                f"<td class=\"obs\">{esc(format_observed(r['observed_value']))}</td><td>{esc(r['expected'])}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Policy in force</h2><pre class=\"obs\">"
                 + esc(json.dumps(document["policy"], ensure_ascii=False, indent=2)) + "</pre>")
    parts.append("</body></html>\n")
    return "".join(parts)
