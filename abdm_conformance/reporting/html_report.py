"""The functional validation report: one self-contained HTML file built from a run's output folder.

Its readers are integrators and NHA-empanelled agencies, so it follows NHA's test-case sheets
(cover, outcome, one row per official test case in NHA's order) and carries its own evidence:
every HTTP exchange behind every verdict, readable without the JSON files.

Everything in results.json and the evidence files may come from a hostile application, so
every value is escaped, capped in size, and never becomes markup, a URL or a class name;
the page has no script and a CSP that forbids fetching anything.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.reporting.nha_order import order_key
from abdm_conformance.results import GATING_MARKINGS, NOT_RUN, PASSING, milestone_outcome

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
BODY_LIMIT = 20_000  # characters of one rendered body or header block
TEXT_LIMIT = 4_000  # characters of any other value (reason, title, URL ...)
EXCHANGE_LIMIT = 200  # exchanges rendered per scenario; an app flooding the gateway is cut off
SCREENSHOT_LIMIT = 2_000_000  # bytes of one attestation screenshot embedded in the page
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
DEVIATIONS = ("failed", "broken")
VERDICT_LABELS = {
    "passed": "Passed",
    "attested": "Attested",
    "attest": "Awaiting attestation",
    "failed": "Failed",
    "broken": "Broken",
    "skipped": "Skipped",
    "not_run": "Not run",
    "not_applicable": "Not applicable",
}
MILESTONE_OUTCOMES = {
    "passed": "Passed",
    "failed": "Failed",
    "not_tested": "Not tested in full",
    "not_applicable": "Not applicable",
}


@dataclass
class _Scenario:
    number: int
    data: dict[str, Any]
    anchor: str


@dataclass
class _Case:
    data: dict[str, Any]
    anchor: str  # its row in the case table
    evidence_anchor: str  # its heading in the evidence section
    scenarios: list[_Scenario] = field(default_factory=list)

    def get(self, key: str) -> Any:
        return self.data.get(key)


class _Anchors:
    """Element ids made only of [A-Za-z0-9_-], unique even when two hostile ids slug alike."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def new(self, prefix: str, raw: object) -> str:
        base = f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]+', '-', str(raw))[:60].strip('-')}"
        anchor, repeat = base, 1
        while anchor in self._used:
            repeat += 1
            anchor = f"{base}-{repeat}"
        self._used.add(anchor)
        return anchor


def write_html_report(out_dir: Path) -> Path:
    """Write out_dir/report.html from out_dir/results.json and the evidence files it names."""
    results = _load_results(out_dir / "results.json")
    cases = _cases(results.get("cases") or [])
    page = _page(results, cases, out_dir)
    path = out_dir / "report.html"
    # errors="replace": JSON may carry lone surrogates, which UTF-8 cannot encode.
    path.write_text(page, encoding="utf-8", errors="replace")
    return path


def _load_results(path: Path) -> dict[str, Any]:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: not found; run the suite first (abdm-conformance run --out ...)") from None
    except ValueError as error:
        raise ReportError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(results, dict):
        raise ReportError(f"{path}: not a results document")
    return results


def _cases(raw_cases: list[dict[str, Any]]) -> list[_Case]:
    ordered = sorted(raw_cases, key=lambda c: order_key(str(c.get("id")), str(c.get("milestone"))))
    anchors = _Anchors()
    cases = []
    for raw in ordered:
        case = _Case(raw, anchors.new("case", raw.get("id")), anchors.new("evidence", raw.get("id")))
        for number, scenario in enumerate(raw.get("scenarios") or [], start=1):
            case.scenarios.append(_Scenario(number, scenario, anchors.new("ev", f"{raw.get('id')}-{number}")))
        cases.append(case)
    return cases


# --- the page ---------------------------------------------------------------------------------


def _page(results: dict[str, Any], cases: list[_Case], out_dir: Path) -> str:
    run = results.get("run") or {}
    report = run.get("report") or {}
    title = f"ABDM functional validation report: {report.get('application') or 'application'}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
{_cover(run, results, cases)}
{_milestone_summary(cases)}
{_deviations(cases)}
{_case_table(cases)}
{_evidence(cases, out_dir)}
{_interpretations(run.get("interpretations"))}
<footer>Generated by abdm-conformance {_esc(run.get("harness_version"))} from results.json and evidence/ of this run.
Values sent by the application under test are shown escaped and, where very long, cut.</footer>
</body>
</html>
"""


def _interpretations(interpretations: Any) -> str:
    """Where NHA's documents contradict themselves, how the harness read them: the reader may disagree."""
    if not interpretations:
        return ""
    rows = "".join(
        f"<tr><td>{_esc(i.get('set'))} {_esc(i.get('message'))}</td><td>{_esc(i.get('reason'))}</td>"
        f"<td>{_esc(i.get('source'))}</td></tr>"
        for i in interpretations
    )
    return f"""<section id="interpretations"><h2>Appendix: interpretations of NHA's contract</h2>
<p>Messages are judged by NHA's published schemas, any documented form accepted. Where NHA's documents
contradict themselves, the harness reads them as follows.</p>
<table class="cases"><thead><tr><th>Message</th><th>Interpretation</th><th>NHA source</th></tr></thead>
<tbody>{rows}</tbody></table></section>"""


def _cover(run: dict[str, Any], results: dict[str, Any], cases: list[_Case]) -> str:
    """Title, outcome and the run's particulars: what a reader of the first page needs."""
    report = run.get("report") or {}
    target = run.get("target") or {}
    milestones = sorted({str(c.get("milestone")) for c in cases})
    application = " ".join(str(v) for v in (report.get("application"), report.get("application_version")) if v)
    rows = [
        ("Integrator", report.get("integrator")),
        ("Application and version", application),
        ("Integrator type", report.get("integrator_type")),
        ("Milestones covered", ", ".join(milestones)),
        ("ABDM API version", run.get("api_version")),
        ("Transport", run.get("transport")),
        ("Testing party", report.get("testing_party")),
        ("Target", target.get("name")),
        ("HIP ID", target.get("hip_id")),
        ("Bridge URL", target.get("bridge_url")),
        ("Started", _when(run.get("started_at"))),
        ("Finished", _when(run.get("finished_at"))),
        ("Harness version", run.get("harness_version")),
        ("Suite fingerprint", run.get("suite_fingerprint")),
        ("How each app was made to act", run.get("app_actions")),
        ("Exit code of the run", results.get("exit_code")),
    ]
    cells = "\n".join(f"<tr><th>{label}</th><td>{_esc(value)}</td></tr>" for label, value in rows)
    return f"""<header>
<p class="kicker">ABDM sandbox exit · functional validation report</p>
<h1>{_esc(report.get("application") or target.get("name") or "Application under test")}</h1>
{_outcome(results, cases)}
<table class="cover">{cells}</table>
</header>"""


def _when(value: Any) -> Any:
    """An ISO timestamp as a person reads it; anything else as it is."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return value
    zone = "UTC" if moment.utcoffset() == timedelta(0) else moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} {zone}".strip()


def _outcome(results: dict[str, Any], cases: list[_Case]) -> str:
    mandatory = [c for c in cases if c.get("marking") in GATING_MARKINGS]
    applicable = [c for c in mandatory if c.get("verdict") != "not_applicable"]
    bad = [c for c in applicable if c.get("verdict") in DEVIATIONS]
    # Skipped, not run, awaiting attestation (or a verdict a newer harness adds): no pass, the run is incomplete.
    not_judged = [c for c in applicable if c.get("verdict") not in (*DEVIATIONS, *PASSING)]
    attested = sum(1 for c in applicable if c.get("verdict") == "attested")
    if results.get("interrupted"):
        css, headline = "fail", "Interrupted: the run was stopped before it finished; its verdicts are partial."
    elif not applicable:
        css, headline = "none", "No applicable mandatory test case ran: this run proves nothing."
    elif bad:
        css = "fail"
        headline = f"Not passed: {len(bad)} of {len(applicable)} applicable mandatory test cases failed or broke."
    elif not_judged:
        css = "none"
        headline = (
            f"Not tested in full: {len(not_judged)} of {len(applicable)} applicable mandatory test cases were not "
            "judged (skipped, not run or awaiting an attestation)."
        )
    else:
        by_operator = f" ({attested} by an operator's attestation)" if attested else ""
        css, headline = "pass", f"Passed: all {len(applicable)} applicable mandatory test cases passed{by_operator}."
    notes = [
        "Only mandatory test cases decide the outcome; optional and advisory ones are reported below.",
        *(["Not judged: " + ", ".join(_case_link(c) for c in not_judged) + "."] if not_judged else []),
    ]
    return f"""<section class="outcome {css}"><p class="title">Overall outcome</p><p class="headline">{headline}</p>
<p>{" ".join(notes)}</p></section>"""


def _case_link(case: _Case) -> str:
    return f'<a href="#{case.anchor}">{_esc_id(case.get("id"))}</a> {_verdict(case.get("verdict"))}'


def _deviations(cases: list[_Case]) -> str:
    failing = [c for c in cases if c.get("verdict") in DEVIATIONS]
    if not failing:
        return '<section id="deviations"><h2>Deviations</h2><p>None: no test case failed or broke.</p></section>'
    items = []
    for case in failing:
        reasons = _reason_list(case.get("reasons"))
        items.append(f"<li>{_case_link(case)} ({_esc(case.get('marking'))}) {_esc(case.get('title'))}{reasons}</li>")
    return f"""<section id="deviations"><h2>Deviations ({len(failing)})</h2>
<p>Every test case that failed or broke, with the reasons the harness gave.</p>
<ol>{"".join(items)}</ol></section>"""


def _milestone_summary(cases: list[_Case]) -> str:
    rows = []
    for milestone in sorted({str(c.get("milestone")) for c in cases}):
        in_milestone = [c for c in cases if str(c.get("milestone")) == milestone]
        mandatory = [c for c in in_milestone if c.get("marking") in GATING_MARKINGS]
        others = [c for c in in_milestone if c.get("marking") not in GATING_MARKINGS]
        outcome = milestone_outcome([c.data for c in in_milestone], milestone)["outcome"]
        rows.append(
            f"<tr><th>{_esc(milestone)}</th><td>{MILESTONE_OUTCOMES[outcome]}</td><td>{_ratio(mandatory)}</td>"
            f"<td>{_ratio(others)}</td><td>{_count(in_milestone, DEVIATIONS)}</td>"
            f"<td>{_count(in_milestone, ('not_applicable',))}</td>"
            f"<td>{_count(in_milestone, ('skipped', 'not_run', 'attest'))}</td></tr>"
        )
    return f"""<section id="summary"><h2>Summary per milestone</h2>
<table class="summary"><thead><tr><th>Milestone</th><th>Outcome</th><th>Mandatory: passed or attested / applicable</th>
<th>Optional, conditional and advisory: passed or attested / applicable</th><th>Failed or broken</th>
<th>Not applicable</th><th>Not judged: skipped, not run or awaiting attestation</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></section>"""


def _ratio(cases: list[_Case]) -> str:
    applicable = [c for c in cases if c.get("verdict") not in NOT_RUN]
    return f"{sum(1 for c in applicable if c.get('verdict') in PASSING)} / {len(applicable)}"


def _count(cases: list[_Case], verdicts: tuple[str, ...]) -> int:
    return sum(1 for c in cases if c.get("verdict") in verdicts)


def _case_table(cases: list[_Case]) -> str:
    rows = []
    for number, case in enumerate(cases, start=1):
        links = " ".join(
            f'<a class="{_verdict_class(s.data.get("verdict"))}" href="#{s.anchor}" '
            f'title="{_attr(s.data.get("name"))}">S{s.number}</a>'
            for s in case.scenarios
        )
        rows.append(
            f'<tr id="{case.anchor}" class="case" data-case="{_attr(case.get("id"))}"><td>{number}</td>'
            f'<td class="id"><a href="#{case.evidence_anchor}">{_esc_id(case.get("id"))}</a>'
            f'<br><span class="muted">{_esc(case.get("milestone"))}</span></td>'
            f'<td><span class="marking">{_esc(case.get("marking"))}</span> <strong>{_esc(case.get("title"))}</strong>'
            f"{_judged_by(case.get('judged_by'))}"
            f'<br><span class="muted">{_esc(case.get("description"))}</span>'
            f'<div class="reasons">{_reason_list(case.get("reasons"))}</div>'
            f"{_warning_list(case.get('warnings'))}</td>"
            f'<td>{_verdict(case.get("verdict"))}</td><td class="links">{links}</td></tr>'
        )
    return f"""<section id="cases"><h2>Test cases</h2>
<p>In the order of NHA's test-case sheets; the harness's own advisory checks come last.
An ID links to all the evidence of its case, S1, S2 … to that of each scenario.</p>
<table class="cases"><thead><tr><th>#</th><th>ID</th><th>Marking, test case, what was verified and reasons</th>
<th>Verdict</th><th>Evidence</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></section>"""


def _judged_by(judged_by: Any) -> str:
    return ' <span class="marking">judged by operator attestation</span>' if judged_by == "attestation" else ""


def _warning_list(warnings: Any) -> str:
    if not warnings:
        return ""
    return (
        f'<div class="warnings"><span class="marking">warnings, verdict unchanged</span>{_reason_list(warnings)}</div>'
    )


def _reason_list(reasons: Any) -> str:
    if not reasons:
        return ""
    return "<ul>" + "".join(f"<li>{_esc(r)}</li>" for r in reasons) + "</ul>"


# --- evidence ---------------------------------------------------------------------------------


def _evidence(cases: list[_Case], out_dir: Path) -> str:
    blocks = []
    for case in cases:
        scenarios = "".join(_scenario(case, s, out_dir) for s in case.scenarios)
        blocks.append(
            f'<section class="case-evidence" id="{case.evidence_anchor}">'
            f"<h3>{_esc(case.get('id'))}: {_esc(case.get('title'))} {_verdict(case.get('verdict'))}</h3>"
            f'<p class="muted"><a href="#{case.anchor}">Back to the test case</a></p>{scenarios}</section>'
        )
    return f'<section id="evidence"><h2>Evidence</h2>{"".join(blocks)}</section>'


def _scenario(case: _Case, scenario: _Scenario, out_dir: Path) -> str:
    data = scenario.data
    reason = f'<p class="reason">{_esc(data.get("reason"))}</p>' if data.get("reason") else ""
    path = data.get("evidence")
    document, note = _load_evidence(out_dir, str(path)) if path else ({}, None)
    source = f'<p class="muted">Evidence file: {_esc(path)}</p>' if path else ""
    exchanges = [e for e in document.get("exchanges", []) if isinstance(e, dict)]
    shown = "".join(_exchange(e) for e in exchanges[:EXCHANGE_LIMIT])
    if len(exchanges) > EXCHANGE_LIMIT:
        note = f"Only the first {EXCHANGE_LIMIT} of {len(exchanges)} exchanges are shown; see the evidence file."
    elif not exchanges and not note:
        note = "No exchange was recorded for this scenario."
    attestation = _attestation(document.get("attestation"), out_dir)
    return f"""<div class="scenario" id="{scenario.anchor}">
<h4>S{scenario.number} · {_esc(data.get("name"))} {_verdict(data.get("verdict"))}</h4>
<p class="muted">{_esc(case.get("id"))} · {_esc(data.get("duration_seconds"))} s</p>{reason}{source}
{attestation}{shown}{f'<p class="note">{_esc(note)}</p>' if note else ""}</div>"""


def _load_evidence(out_dir: Path, relative: str) -> tuple[dict[str, Any], str | None]:
    """The evidence document, or an empty one and why it is not shown."""
    path = _inside(out_dir, relative)
    if path is None:
        return {}, "The evidence path points outside the run folder and was not read."
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, "The evidence file is missing."
    except (OSError, ValueError) as error:
        return {}, f"The evidence file cannot be read: {error}"
    if not isinstance(document, dict) or not isinstance(document.get("exchanges"), list):
        return {}, "The evidence file holds no exchange list."
    return document, None


def _inside(out_dir: Path, relative: str) -> Path | None:
    """The file a relative path names, if it stays inside the run folder: nothing else is ever read."""
    root = out_dir.resolve()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) else None


def _attestation(attestation: Any, out_dir: Path) -> str:
    if not isinstance(attestation, dict):
        return ""
    screenshots = "".join(_screenshot(out_dir, str(p)) for p in attestation.get("screenshots") or [])
    who, when = _esc(attestation.get("attested_by")), _esc(attestation.get("date"))
    return f"""<div class="attestation"><p><strong>Operator attestation</strong> by {who} on {when}</p>
<p>{_esc(attestation.get("notes"))}</p>{screenshots}</div>"""


def _screenshot(out_dir: Path, relative: str) -> str:
    """An attestation screenshot embedded as a data: URI, the only image the page's CSP allows."""
    path = _inside(out_dir, relative)
    kind = IMAGE_TYPES.get(Path(relative).suffix.lower())
    if path is None or kind is None or not path.is_file():
        return f'<p class="note">Screenshot {_esc(relative)} is not a PNG or JPEG file in the run folder.</p>'
    if path.stat().st_size > SCREENSHOT_LIMIT:
        return f'<p class="note">Screenshot {_esc(relative)} is too large to embed; see the file.</p>'
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure><img src="data:{kind};base64,{encoded}" alt="{_attr(relative)}">'
        f"<figcaption>{_esc(relative)}</figcaption></figure>"
    )


def _exchange(exchange: dict[str, Any]) -> str:
    request = exchange.get("request") or {}
    response = exchange.get("response") or {}
    status = response.get("status")
    outcome = f"HTTP {_esc(status)}" if status is not None else "no HTTP answer"
    problems = ""
    if exchange.get("transport_error"):
        problems += f'<p class="problem">Transport error: {_esc(exchange["transport_error"])}</p>'
    if exchange.get("gateway_error"):
        problems += f'<p class="problem">Refused by the simulated gateway:</p>{_pre(exchange["gateway_error"])}'
    head = (
        f"#{_esc(exchange.get('seq'))} · {_esc(exchange.get('direction'))} · <strong>{_esc(exchange.get('message'))}"
        f"</strong> · API {_esc(exchange.get('api_version'))} · {_esc(exchange.get('elapsed_ms'))} ms"
    )
    line = f"<strong>{_esc(request.get('method'))}</strong> {_esc(request.get('url'))} → <strong>{outcome}</strong>"
    return f"""<div class="exchange">
<p class="xhead">{head}</p>
<p class="xline">{line}</p>
{problems}<p class="label">Request headers</p>{_headers(request.get("headers"))}
<p class="label">Request body</p>{_pre(request.get("body"))}
<p class="label">Response headers</p>{_headers(response.get("headers"))}
<p class="label">Response body</p>{_pre(response.get("body"))}</div>"""


def _headers(headers: Any) -> str:
    if isinstance(headers, dict):
        return _pre("\n".join(f"{name}: {value}" for name, value in headers.items()))
    return _pre(headers)


def _pre(body: Any) -> str:
    if body is None or body == "":
        return '<pre class="empty">(empty)</pre>'
    text = body if isinstance(body, str) else json.dumps(body, indent=2, ensure_ascii=False)
    return f"<pre>{_esc(text, BODY_LIMIT)}</pre>"


# --- escaping ---------------------------------------------------------------------------------


def _esc(value: Any, limit: int = TEXT_LIMIT) -> str:
    """The one way a value reaches the page: cut to `limit` characters, then escaped."""
    if value is None:
        return "—"
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return html.escape(text, quote=True)
    cut = f"… [{len(text) - limit:,} more characters not shown; the full value is in the JSON files]"
    return f'{html.escape(text[:limit], quote=True)}<span class="cut">{cut}</span>'


def _attr(value: Any) -> str:
    """A value for an attribute: cut without the note's markup, then escaped."""
    return html.escape(str(value)[:TEXT_LIMIT], quote=True)


def _esc_id(value: Any) -> str:
    """An ID that may wrap after its underscores rather than mid-word (escaped text has no "_" of its own)."""
    return _esc(value).replace("_", "_<wbr>")


def _verdict_class(verdict: Any) -> str:
    return f"v-{verdict}" if isinstance(verdict, str) and verdict in VERDICT_LABELS else "v-unknown"


def _verdict(verdict: Any) -> str:
    label = VERDICT_LABELS.get(verdict) if isinstance(verdict, str) else None
    return f'<span class="badge {_verdict_class(verdict)}">{label or _esc(verdict)}</span>'


_STYLE = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1f24;
  max-width: 1100px; margin: 0 auto; padding: 24px; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 22pt; margin: 0 0 12px; }
h2 { font-size: 15pt; border-bottom: 2px solid #1b1f24; padding-bottom: 3px; margin: 28px 0 10px; }
h3 { font-size: 12.5pt; margin: 22px 0 4px; background: #eef1f5; padding: 5px 8px; }
h4 { font-size: 11pt; margin: 14px 0 2px; }
h2, h3, h4 { break-after: avoid; }
a { color: #0b57a4; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: #57606a; font-size: 9pt; margin: 0 0 4px; }
.muted { color: #57606a; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c9d1d9; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
tr { break-inside: avoid; }
.cover th { width: 28%; background: #f6f8fa; font-weight: 600; }
.cover th, .cover td { padding: 3px 6px; }
.cover td { overflow-wrap: anywhere; }
.outcome { border: 2px solid; border-radius: 6px; padding: 4px 16px; margin: 18px 0; }
.outcome .title { margin: 8px 0 0; font-size: 9pt; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; }
.outcome .headline { font-size: 14pt; font-weight: 700; margin: 4px 0; }
.outcome.pass { border-color: #1a7f37; background: #dafbe1; }
.outcome.fail { border-color: #cf222e; background: #ffebe9; }
.outcome.none { border-color: #9a6700; background: #fff8c5; }
.summary td { text-align: center; }
.cases { font-size: 8.5pt; table-layout: fixed; }
.cases th:nth-child(1) { width: 4%; } .cases th:nth-child(2) { width: 22%; }
.cases th:nth-child(3) { width: 52%; } .cases th:nth-child(4) { width: 12%; }
.cases th:nth-child(5) { width: 10%; }
.cases td { overflow-wrap: anywhere; }
.cases .id { font-weight: 600; }
.cases .links a { margin-right: 4px; }
.marking { display: inline-block; border: 1px solid #0b57a4; color: #0b57a4; border-radius: 3px; padding: 0 4px;
  font-size: 7.5pt; font-weight: 700; text-transform: uppercase; }
.reasons { color: #a40e26; }
.warnings { color: #7d4e00; }
ul, ol { margin: 2px 0; padding-left: 18px; }
#deviations li { margin-bottom: 6px; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 3px; padding: 0 5px; font-size: 8.5pt; font-weight: 700; }
.badge.v-passed { background: #1a7f37; color: #fff; } a.v-passed { color: #1a7f37; }
.badge.v-failed, .badge.v-broken { background: #cf222e; color: #fff; }
a.v-failed, a.v-broken { color: #cf222e; font-weight: 700; }
.badge.v-attested { background: #0b57a4; color: #fff; } a.v-attested { color: #0b57a4; }
.badge.v-attest { background: #bf8700; color: #fff; } a.v-attest { color: #9a6700; font-weight: 700; }
.badge.v-skipped, .badge.v-not_run, .badge.v-not_applicable, .badge.v-unknown { background: #d0d7de; color: #1b1f24; }
#cases, #evidence { break-before: page; }
.scenario { border-left: 3px solid #c9d1d9; padding-left: 10px; margin: 10px 0 18px; }
.reason, .problem { color: #a40e26; overflow-wrap: anywhere; }
.note { font-style: italic; color: #57606a; }
.attestation { border-left: 3px solid #0b57a4; background: #f0f6ff; padding: 2px 10px; margin: 8px 0; }
.attestation figure { margin: 6px 0; break-inside: avoid; }
.attestation img { max-width: 100%; max-height: 160mm; border: 1px solid #c9d1d9; }
.attestation figcaption { font-size: 8pt; color: #57606a; }
.exchange { border: 1px solid #d0d7de; border-radius: 4px; padding: 4px 8px; margin: 8px 0; }
.xhead { margin: 2px 0; font-size: 9pt; color: #57606a; }
.xline { margin: 2px 0; font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
.label { margin: 6px 0 1px; font-size: 8pt; font-weight: 700; text-transform: uppercase; color: #57606a; }
pre { margin: 0; padding: 4px 6px; background: #f6f8fa; font: 8pt/1.35 "DejaVu Sans Mono", monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
pre.empty { color: #8c959f; }
.cut { color: #9a6700; font-style: italic; }
footer { margin-top: 30px; border-top: 1px solid #c9d1d9; padding-top: 6px; color: #57606a; font-size: 8.5pt; }
"""
