"""The HTML report and its PDF: content, NHA's order, and safety against a hostile application.

The inputs are written here (no suite run). The browser tests use Debian's chromium and
fail, not skip, without it: CI must install it (apt-get install chromium).
"""

from __future__ import annotations

import base64
import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.reporting.html_report import BODY_LIMIT, CSP, write_html_report
from abdm_conformance.reporting.nha_order import NHA_ORDER
from abdm_conformance.reporting.pdf import CHROMIUM_ENV, chromium_binary, run_chromium, write_pdf

# The report and Chromium are made once for the module's tests: under pytest-xdist, one worker runs the module.
pytestmark = pytest.mark.xdist_group("html-report")

ALERT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
PWN = "<script>document.title='pwned'</script>"
HUGE = "A" * 2_000_000
HOSTILE_ID = "ADV_\"QUOTED'<b>ID"
LOOKALIKE_ID = "ADV_-QUOTED-b-ID"  # slugs to the same anchor as HOSTILE_ID
ATTRIBUTES = {"id", "class", "href", "title", "data-case", "lang", "charset", "http-equiv", "content", "name"}
TITLE = "ABDM functional validation report: Test HIP"
OUTSIDE_MARKER = "THIS-FILE-IS-OUTSIDE-THE-RUN-FOLDER"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

# The cases in the order the report must show them: NHA's, then the unknown ones by milestone.
EXPECTED_ORDER = [
    "CRT_ABHA_101",
    "Health_RECORD_CREATION_101",
    "HIP_INIT_ABHA_OPTOUT_DEACTIVATE",
    "USER_INIT_LINK_607",
    "HIU_FLOW_101",
    "ADV_M1_CHECK",
    HOSTILE_ID,
    LOOKALIKE_ID,
]
DEVIATING = {"USER_INIT_LINK_607", HOSTILE_ID}


# --- inputs -------------------------------------------------------------------------------------


def _exchange(seq: int, request_body: Any, response_body: Any, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "seq": seq,
        "direction": "app→gateway",
        "api_version": "v3",
        "message": f"on-discover {PWN}",
        "request": {
            "method": "POST",
            "url": f"http://127.0.0.1:8070/x?{IMG}",
            "headers": headers,
            "body": request_body,
        },
        "response": {"status": 202, "headers": {"content-length": "0"}, "body": response_body},
        "elapsed_ms": 1.5,
        "transport_error": None,
        "gateway_error": {"rule": "GW.HEADERS", "detail": ALERT},
    }


def _case(case_id: str, milestone: str, marking: str, verdict: str, scenarios: list[dict[str, Any]], **extra: Any):
    return {
        "id": case_id,
        "milestone": milestone,
        "title": extra.get("title", f"Title of {case_id}"),
        "marking": marking,
        "description": f"What {case_id} verifies.",
        "verdict": verdict,
        "reasons": extra.get("reasons", []),
        "scenarios": scenarios,
    }


def _scenario(name: str, verdict: str, evidence: str | None, reason: str | None = None) -> dict[str, Any]:
    return {"name": name, "verdict": verdict, "reason": reason, "evidence": evidence, "duration_seconds": 0.5}


def _write_run(out: Path) -> None:
    evidence = out / "evidence"
    (evidence / "hostile").mkdir(parents=True)
    (evidence / "good").mkdir()
    hostile_body = {"note": f"{ALERT}{IMG}{PWN}", "huge": HUGE}
    (evidence / "hostile" / "s1.json").write_text(
        json.dumps({"exchanges": [_exchange(1, hostile_body, ALERT + IMG + HUGE, {"x-evil": IMG, "x-big": HUGE})]})
    )
    good_body = {"transactionId": "t-1", "careContexts": [{"referenceNumber": "VISIT-1"}]}
    (evidence / "good" / "s1.json").write_text(
        json.dumps({"exchanges": [_exchange(2, good_body, "", {"REQUEST-ID": "req-1"})]})
    )
    (out.parent / "outside.json").write_text(json.dumps({"exchanges": [_exchange(3, OUTSIDE_MARKER, "", {})]}))
    hostile_reason = f"{ALERT}{IMG}{PWN}{HUGE}"
    cases = [  # deliberately not in NHA's order
        _case(
            HOSTILE_ID,
            "M2",
            "advisory",
            "broken",
            [_scenario(f"S {PWN}{IMG}{HUGE}", "broken", "evidence/hostile/s1.json", hostile_reason)],
            title=f"Hostile {PWN}{IMG}",
            reasons=[hostile_reason],
        ),
        _case(LOOKALIKE_ID, "M2", "advisory", "passed", [_scenario("adv", "passed", "evidence/good/s1.json")]),
        _case("HIU_FLOW_101", "M3", "mandatory", "passed", [_scenario("find", "passed", "evidence/good/s1.json")]),
        _case(
            "USER_INIT_LINK_607",
            "M2",
            "mandatory",
            "failed",
            [
                _scenario("607_1 pull", "failed", "evidence/hostile/s1.json", f"[CB.DEADLINE] {IMG}"),
                _scenario("607_2 escape", "passed", "../outside.json"),
            ],
            reasons=[f"607_1 pull: [CB.DEADLINE] {IMG}"],
        ),
        _case("ADV_M1_CHECK", "M1", "advisory", "passed", [_scenario("adv", "passed", "evidence/good/s1.json")]),
        _case("CRT_ABHA_101", "M1", "optional", "skipped", [_scenario("ui", "skipped", None, "needs a person")]),
        _case(
            "HIP_INIT_ABHA_OPTOUT_DEACTIVATE",
            "M2",
            "mandatory",
            "not_applicable",
            [_scenario("optout", "not_applicable", None, "not applicable to API v3")],
        ),
        _case(
            "Health_RECORD_CREATION_101",
            "M2",
            "mandatory",
            "passed",
            [_scenario("101_1 a", "passed", "evidence/good/s1.json"), _scenario("101_1 b", "passed", "missing.json")],
        ),
    ]
    run = {
        "harness_version": "0.1.0",
        "suite_fingerprint": "sha256:abc",
        "started_at": "2026-01-02T03:04:05+00:00",
        "finished_at": "2026-01-02T03:05:05+00:00",
        "target": {"name": "Test HIP", "file": "t.toml", "hip_id": "HIP-1", "bridge_url": "http://127.0.0.1:8071"},
        "api_version": "v3",
        "transport": "http",
        "report": {
            "integrator": f"Integrator {IMG}",
            "application": "Test HIP",
            "application_version": "1.2.3",
            "integrator_type": "private",
            "testing_party": "self-test",
        },
    }
    results = {"run": run, "summary": {}, "exit_code": 1, "cases": cases}
    (out / "results.json").write_text(json.dumps(results))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    out.mkdir()
    _write_run(out)
    return write_html_report(out)


# --- a small DOM reading, for the static page and for what Chromium dumps ----------------------


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, set[str]]] = []  # (href, ids of the enclosing elements)
        self._open: list[tuple[str, str | None]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append((attributes["href"], {i for _, i in self._open if i}))
        if tag not in ("br", "wbr", "meta", "img", "link", "input", "hr"):
            self._open.append((tag, attributes.get("id")))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()[0] != tag:
            pass
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def rows(self) -> list[str]:
        return [a["data-case"] for tag, a in self.tags if tag == "tr" and "data-case" in a]

    def element(self, element_id: str) -> dict[str, str]:
        return next(a for _, a in self.tags if a.get("id") == element_id)


def _dom(markup: str) -> _Dom:
    dom = _Dom()
    dom.feed(markup)
    dom.close()
    return dom


def _assert_inert(dom: _Dom) -> None:
    """No element or attribute the data could have smuggled in: no script, no image, no event handler."""
    assert not [tag for tag, _ in dom.tags if tag in ("script", "img", "iframe", "object", "embed", "link")]
    assert not [(tag, a) for tag, a in dom.tags if set(a) - ATTRIBUTES]
    assert dom.title == TITLE


# --- the page -----------------------------------------------------------------------------------


def test_hostile_values_are_escaped(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    # "onerror=" survives only as escaped text, never as an attribute.
    assert page.count("onerror=") == page.count("&lt;img src=x onerror=alert(2)&gt;") > 0
    _assert_inert(_dom(page))
    assert HOSTILE_ID not in page and "ADV_&quot;QUOTED&#x27;&lt;b&gt;ID".replace("_", "_<wbr>") in page


def test_nothing_is_fetched_and_the_csp_forbids_it(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    dom = _dom(page)
    assert all(href.startswith("#") for href, _ in dom.links)
    assert not [a for _, a in dom.tags if "src" in a or "action" in a]


def test_huge_values_are_cut(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert report.stat().st_size < 500_000  # the data holds several 2 MB strings
    assert "A" * (BODY_LIMIT + 1) not in page
    assert "more characters not shown" in page


def test_cases_follow_nha_order_then_the_harness_own(report: Path) -> None:
    rows = _dom(report.read_text(encoding="utf-8")).rows()
    assert rows == EXPECTED_ORDER
    official = [case_id for case_id in rows if case_id in NHA_ORDER]
    assert official == sorted(official, key=NHA_ORDER.index) == rows[: len(official)]


def test_failed_and_broken_cases_are_deviations(report: Path) -> None:
    dom = _dom(report.read_text(encoding="utf-8"))
    targets = [href[1:] for href, inside in dom.links if "deviations" in inside]
    assert {dom.element(target)["data-case"] for target in targets} == DEVIATING
    assert "Not passed: 1 of 3 applicable mandatory test cases failed or broke." in report.read_text()


def test_every_link_has_its_target_and_ids_are_plain(report: Path) -> None:
    dom = _dom(report.read_text(encoding="utf-8"))
    assert {href[1:] for href, _ in dom.links} <= set(dom.ids)
    assert len(dom.ids) == len(set(dom.ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", element_id) for element_id in dom.ids)
    scenario_links = [href for href, inside in dom.links if re.match(r"#ev-", href)]
    assert len(scenario_links) == 10  # one per scenario of every case


def test_evidence_is_readable(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "http://127.0.0.1:8070/x?&quot;&gt;&lt;img" in page  # URL shown as text, escaped
    assert "HTTP 202" in page and "REQUEST-ID: req-1" in page
    assert "{\n  &quot;transactionId&quot;: &quot;t-1&quot;,\n  &quot;careContexts&quot;: [" in page
    assert "The evidence file is missing." in page


def test_evidence_outside_the_run_folder_is_not_read(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert OUTSIDE_MARKER not in page
    assert "points outside the run folder" in page


@pytest.mark.parametrize(
    ("verdicts", "headline"),
    [
        (["passed", "not_applicable"], "Passed: all 1 applicable mandatory test cases passed."),
        (["passed", "broken"], "Not passed: 1 of 2 applicable mandatory test cases failed or broke."),
        (["passed", "review"], "Not tested in full: 1 of 2 applicable mandatory test cases were not judged"),
        (["passed", "skipped"], "Not tested in full: 1 of 2 applicable mandatory test cases were not judged"),
        (["passed", "not_run"], "Not tested in full: 1 of 2 applicable mandatory test cases were not judged"),
        (["not_applicable", "not_applicable"], "No applicable mandatory test case ran"),
    ],
)
def test_outcome_counts_applicable_mandatory_cases(tmp_path: Path, verdicts: list[str], headline: str) -> None:
    cases = [_case(f"CASE_{n}", "M2", "mandatory", verdict, []) for n, verdict in enumerate(verdicts)]
    cases.append(_case("ADV_X", "M2", "advisory", "failed", []))  # never decides the outcome
    (tmp_path / "results.json").write_text(json.dumps({"run": {}, "cases": cases}))
    page = write_html_report(tmp_path).read_text(encoding="utf-8")
    assert headline in page
    assert ("Awaiting a verdict: " in page) == headline.startswith("Incomplete")
    dom = _dom(page)
    assert {href[1:] for href, _ in dom.links} <= set(dom.ids)


def test_an_attestation_is_shown_with_its_screenshot_inline(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "evidence" / "602").mkdir(parents=True)
    (out / "evidence" / "602" / "search.png").write_bytes(PNG)
    (tmp_path / "outside.png").write_bytes(PNG)
    attestation = {
        "attested_by": f"A. Tester {PWN}",
        "date": "2026-11-23",
        "notes": f"Listed {IMG}",
        "screenshots": ["evidence/602/search.png", "../outside.png", "evidence/602/notes.svg"],
    }
    (out / "evidence" / "602" / "s1.json").write_text(json.dumps({"exchanges": [], "attestation": attestation}))
    scenario = _scenario("602_1 listed", "attested", "evidence/602/s1.json")
    cases = [
        _case("USER_INIT_LINK_602", "M2", "mandatory", "attested", [scenario]),
        _case("USER_INIT_LINK_603", "M2", "mandatory", "passed", []),
    ]
    (out / "results.json").write_text(json.dumps({"run": {}, "cases": cases}))
    page = write_html_report(out).read_text(encoding="utf-8")
    dom = _dom(page)
    images = [a for tag, a in dom.tags if tag == "img"]
    assert [a["src"] for a in images] == [f"data:image/png;base64,{base64.b64encode(PNG).decode()}"]
    assert "A. Tester &lt;script&gt;" in page and "<script" not in page
    assert page.count("is not a PNG or JPEG file in the run folder") == 2
    assert "Passed: all 2 applicable mandatory test cases passed (1 by an operator's attestation)." in page


def test_a_missing_results_file_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="results.json: not found"):
        write_html_report(tmp_path)


def test_nha_order_lists_each_case_once() -> None:
    assert len(NHA_ORDER) == len(set(NHA_ORDER))
    assert NHA_ORDER.index("HIP_INIT_SHARE_CARECONTEXT") < NHA_ORDER.index("USER_INIT_LINK_602")
    assert NHA_ORDER.index("USER_INIT_LINK_605") < NHA_ORDER.index("USER_INIT_LINK_606")


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        return chromium_binary()
    except ReportError as error:
        pytest.fail(f"{error} — the browser tests need Debian's chromium; CI must install it")


def test_chromium_renders_the_report_and_runs_no_script(chromium: str, report: Path) -> None:
    dom = _dom(run_chromium(["--dump-dom", report.resolve().as_uri()], timeout=60))
    _assert_inert(dom)  # the title is unchanged: no data value ran as script
    assert dom.rows() == EXPECTED_ORDER
    assert {href[1:] for href, _ in dom.links} <= set(dom.ids)


def test_write_pdf_prints_the_report(chromium: str, report: Path) -> None:
    pdf = write_pdf(report)
    assert pdf == report.with_name("report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_missing_chromium_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, report: Path) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, "/nonexistent/chromium")
    with pytest.raises(ReportError, match="apt-get install chromium"):
        write_pdf(report)


@pytest.mark.parametrize(
    ("script", "timeout", "message"),
    [("exit 3", 30.0, r"Chromium failed \(exit 3"), ("exec sleep 60", 0.5, "did not finish within 0.5 s")],
)
def test_a_failing_chromium_is_a_report_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str, timeout: float, message: str
) -> None:
    fake = tmp_path / "chromium"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(CHROMIUM_ENV, os.fspath(fake))
    html = tmp_path / "report.html"
    html.write_text("<!DOCTYPE html><title>x</title>")
    with pytest.raises(ReportError, match=message) as raised:
        write_pdf(html, timeout=timeout)
    assert "apt-get install chromium" in str(raised.value)
    assert not (tmp_path / "report.pdf").exists()


def test_an_interrupted_run_says_so_first(tmp_path: Path) -> None:
    cases = [_case("CASE_1", "M2", "mandatory", "passed", [])]
    (tmp_path / "results.json").write_text(json.dumps({"run": {}, "interrupted": True, "cases": cases}))
    page = write_html_report(tmp_path).read_text(encoding="utf-8")
    assert "Interrupted: the run was stopped before it finished" in page and "Passed: all" not in page
