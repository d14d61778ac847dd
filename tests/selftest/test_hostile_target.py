"""A hostile app's output reaches the report inert and masked: nothing runs, nothing leaks."""

from __future__ import annotations

import re

from abdm_conformance.reporting.pdf import run_chromium
from tests.selftest.conftest import with_defect, write_target

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
