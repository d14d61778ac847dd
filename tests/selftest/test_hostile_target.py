"""A hostile app's output reaches the report inert and masked: nothing runs, nothing leaks; a body no parser
should take ends as a verdict naming what is wrong with it, in a full output folder."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

from abdm_conformance.reporting.manifest import verify_output
from abdm_conformance.reporting.pdf import run_chromium
from tests.selftest.conftest import Run, run_suite, with_defect, write_target

# Its runs are shared by the module's tests: under pytest-xdist, one worker runs the module.
pytestmark = pytest.mark.xdist_group("hostile-target")

AADHAAR = "2345 6789 0123"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlMDAx"


def test_hostile_displays_are_escaped_and_masked_everywhere(suite, tmp_path):
    target = write_target(tmp_path, with_defect("hip", "hostile_display"))
    run = suite("--target", str(target), "--case", "USER_INIT_LINK_604", pdf=True)
    assert run.case("USER_INIT_LINK_604")["verdict"] == "failed"

    for path in run.out_dir.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            text = path.read_text(errors="replace")
            assert AADHAAR not in text and TOKEN not in text, path

    html = (run.out_dir / "report.html").read_text()
    assert "document.title='pwned'" in html.replace("&#x27;", "'")  # the evidence is shown ...
    assert not re.search(r"<script|<img", html, re.IGNORECASE)  # ... as text, never as markup
    dom = run_chromium(["--dump-dom", (run.out_dir / "report.html").resolve().as_uri()])
    assert "<title>pwned</title>" not in dom and "USER_INIT_LINK_604" in dom
    assert (run.out_dir / "report.pdf").read_bytes().startswith(b"%PDF")


def test_hostile_displays_draw_a_warning_naming_the_field_in_v05(suite, tmp_path):
    """NHA's v0.5 specs put no pattern on display: the harness warns, naming the field."""
    target = write_target(tmp_path, with_defect("hip", "hostile_display"))
    run = suite("--target", str(target), "--api", "v0.5", "--case", "USER_INIT_LINK_604")
    warnings = " ".join(run.case("USER_INIT_LINK_604")["warnings"])
    for hazard in ("markup", "Aadhaar number", "token (JWT)"):
        assert "on-discover $.patient.careContexts[0].display carries" in warnings and hazard in warnings, warnings


# (defect switch, what the case's reasons must say about the on-discover body)
HOSTILE_BODIES = [
    ("deep_json_callback", "[MSG.SCHEMA] on-discover body is not JSON"),
    ("non_utf8_callback", "not UTF-8: byte 0xff"),
    ("huge_callback", "larger than 1000000 bytes"),
]
PYTHON_EXCEPTION = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """The run of USER_INIT_LINK_604 against the HIP with one hostile-body switch on, made once per switch."""
    runs: dict[str, Run] = {}

    def run(defect: str) -> Run:
        if defect not in runs:
            folder = tmp_path_factory.mktemp(defect)
            target = write_target(folder, with_defect("hip", defect))
            runs[defect] = run_suite(folder / "out", "--target", str(target), "--case", "USER_INIT_LINK_604")
        return runs[defect]

    return run


@pytest.mark.parametrize("defect", ["deep_json_callback", "non_utf8_callback", "huge_callback"])
def test_hostile_body_ends_as_a_verdict_with_a_full_output_folder(hostile_run, defect):
    run = hostile_run(defect)
    assert "Traceback" not in run.output and "INTERNALERROR" not in run.output, run.output[-3000:]
    assert run.exit_code == 1, run.output[-3000:]
    case = run.case("USER_INIT_LINK_604")
    assert case["verdict"] == "failed"
    assert not any(PYTHON_EXCEPTION.search(reason) for reason in case["reasons"]), case["reasons"]
    assert verify_output(run.out_dir) == []
    assert (run.out_dir / "report.html").read_text().startswith("<!DOCTYPE html>")
    ElementTree.parse(run.out_dir / "junit.xml")
    evidence = sorted((run.out_dir / "evidence" / "USER_INIT_LINK_604").glob("*.json"))
    assert evidence and all(json.loads(path.read_text()) for path in evidence)


@pytest.mark.parametrize(("defect", "named"), HOSTILE_BODIES)
def test_the_verdict_names_what_is_wrong_with_the_body(hostile_run, defect, named):
    reasons = hostile_run(defect).case("USER_INIT_LINK_604")["reasons"]
    assert any(named in reason for reason in reasons), reasons
