"""The report step of a run: HTML, its PDF, then the manifest that seals the folder.

The order matters: the manifest must cover every file the run leaves, so it comes last.
A PDF that cannot be printed (no Chromium) is a warning, not a lost run.
"""

from __future__ import annotations

from pathlib import Path

from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.reporting.html_report import write_html_report
from abdm_conformance.reporting.manifest import write_manifest
from abdm_conformance.reporting.pdf import write_pdf


def publish(out_dir: Path, *, pdf: bool, signing_key: Path | None) -> list[str]:
    """Write report.html, report.pdf (when asked) and manifest.json/.sig; returns warnings."""
    warnings = []
    html = write_html_report(out_dir)
    if pdf:
        try:
            write_pdf(html)
        except ReportError as error:
            warnings.append(f"no PDF report: {error}")
    write_manifest(out_dir, signing_key)
    return warnings
