"""The sandbox-exit pack: NHA's "Details required for Production Keys" sheet, filled from a run and added to
its output folder, which is sealed again and zipped whole for the exit review.

The sheet is one of the folder's files, so the manifest (and its signature) covers it, and the zip holds
every file the manifest lists: the pack verifies on its own (`abdm-conformance verify exit-pack.zip`).

The sheet's milestone columns say Pass or Fail (its Legend's values): Pass only when every applicable
mandatory case of the milestone was judged and passed; a milestone judged in part is refused. Columns only the testing
party can answer (contact, WASA certificate, demo) are left for them.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from abdm_conformance import resources
from abdm_conformance.reporting.errors import IncompleteRun, ReportError
from abdm_conformance.reporting.manifest import EXIT_PACK, check_resealable, sealed_files, write_manifest
from abdm_conformance.results import milestone_outcome

DEFAULT_TEMPLATE = resources.TEMPLATES / "Details_required_for_Production_Keys_template.xlsx"
WORKBOOK = "Details_required_for_Production_Keys.xlsx"
MILESTONES = ("M1", "M2", "M3")
ROW = 3  # the first row under the template's two header rows
# Row-2 labels (prefixes) of the filled columns: looked up, so a column NHA moves is still found.
COLUMNS = {
    "organisation": "Organisation",
    "features": "Features of Platform",
    "milestones": "Milestone – Proposed",
    "M1": "Milestone 1",
    "M2": "Milestone 2",
    "M3": "Milestone 3",
    "bridge_url": "Bridge URL",
}

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
# What reading a file that is not an .xlsx workbook (or lacks its parts) raises.
_NOT_A_WORKBOOK = (
    OSError,
    KeyError,
    ValueError,
    StopIteration,
    ElementTree.ParseError,
    zipfile.BadZipFile,
    InvalidFileException,
)


def write_exit_pack(
    out_dir: Path,
    template: Path = DEFAULT_TEMPLATE,
    details: Mapping[str, str] | None = None,
    signing_key: Path | None = None,
) -> Path:
    """Write the sheet into out_dir, seal the folder again, write out_dir/exit-pack.zip and return its path.

    details (integrator, application, application_version) override results.json's run.report. A signed
    folder needs the key that signed it (signing_key), so that packing never drops or changes its signature.
    """
    results = _read_results(out_dir / "results.json")
    check_resealable(out_dir, signing_key)
    run = results["run"]
    info = {**(run.get("report") or {}), **(details or {})}
    statuses = {milestone: _status(results["cases"], milestone) for milestone in MILESTONES}
    values = {
        "organisation": info.get("integrator"),
        "features": " ".join(filter(None, (info.get("application"), info.get("application_version")))),
        "milestones": _proposed_vs_achieved(statuses),
        **statuses,
        "bridge_url": (run.get("target") or {}).get("bridge_url"),
    }
    workbook = _filled_workbook(template, values)  # before writing anything: a bad template leaves the folder as it was
    (out_dir / WORKBOOK).write_bytes(workbook)
    write_manifest(out_dir, signing_key)
    return _zip_copy(out_dir)


def _zip_copy(out_dir: Path) -> Path:
    """The sealed folder zipped whole; written aside and renamed, so that a failure leaves no half pack."""
    pack = out_dir / EXIT_PACK
    partial = pack.with_name(f"{pack.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sealed_files(out_dir):
                archive.write(out_dir / name, name)
        partial.replace(pack)
    finally:
        partial.unlink(missing_ok=True)
    return pack


def _read_results(path: Path) -> dict[str, Any]:
    try:
        results = json.loads(path.read_bytes())
    except OSError as error:
        raise ReportError(f"{path}: {error.strerror}; run the suite first") from None
    except ValueError:
        raise ReportError(f"{path} is not valid JSON") from None
    if not (
        isinstance(results, dict)
        and isinstance(results.get("run"), dict)
        and isinstance(results.get("cases"), list)
        and all(isinstance(case, dict) for case in results["cases"])
    ):
        raise ReportError(f"{path} is not an abdm-conformance results file")
    return results


def _status(cases: list[dict[str, Any]], milestone: str) -> str:
    """Pass, Fail, or "" when no mandatory case of the milestone applied or ran; a milestone judged in part
    (a case skipped, not run or awaiting an attestation) is refused: the sheet must not say Pass for it."""
    outcome = milestone_outcome(cases, milestone)
    if outcome["outcome"] == "not_tested" and outcome["judged"]:
        not_judged = outcome["not_judged"]
        shown = ", ".join(not_judged[:3]) + (f" and {len(not_judged) - 3} more" if len(not_judged) > 3 else "")
        raise IncompleteRun(
            f"{milestone} was not judged in full ({shown} skipped, not run or awaiting an attestation): "
            f"run all of {milestone} (with the test driver or --interactive, and --attestations) first"
        )
    return {"passed": "Pass", "failed": "Fail"}.get(outcome["outcome"], "")


def _proposed_vs_achieved(statuses: dict[str, str]) -> str:
    proposed = [milestone for milestone, status in statuses.items() if status]
    achieved = [milestone for milestone in proposed if statuses[milestone] == "Pass"]
    return f"proposed {', '.join(proposed) or 'none'}; achieved {', '.join(achieved) or 'none'}"


def _filled_workbook(template: Path, values: dict[str, str | None]) -> bytes:
    try:
        with warnings.catch_warnings():
            # openpyxl drops the template's list validations on load; _extension_validations reads them again.
            warnings.filterwarnings("ignore", message="Data Validation extension is not supported")
            workbook = openpyxl.load_workbook(template)
        validations = _extension_validations(template, workbook.worksheets[0].title)
    except _NOT_A_WORKBOOK:
        raise ReportError(f"template {template} is not NHA's .xlsx workbook") from None
    sheet = workbook.worksheets[0]
    columns = _columns(sheet, template)
    for key, value in values.items():
        sheet.cell(ROW, columns[key]).value = value or None  # empty stays a blank cell
    for validation in validations:
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _columns(sheet: Worksheet, template: Path) -> dict[str, int]:
    labels = {cell.column: _normal(cell.value) for cell in sheet[2] if isinstance(cell.value, str)}
    columns = {}
    for key, label in COLUMNS.items():
        found = [column for column, text in labels.items() if text.startswith(_normal(label))]
        if not found:
            raise ReportError(f"template {template} has no '{label}' column in row 2")
        columns[key] = found[0]
    return columns


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _extension_validations(template: Path, sheet_title: str) -> list[DataValidation]:
    """The sheet's list validations that point at another sheet (the Legend).

    Excel 2010+ stores these in an x14 extension, which openpyxl cannot read; written back as
    standard validations, Excel and LibreOffice offer the same drop-down.
    """
    with zipfile.ZipFile(template) as archive:
        root = ElementTree.fromstring(archive.read(_sheet_part(archive, sheet_title)))
    validations = []
    for extension in root.iter(f"{{{_X14}}}dataValidation"):
        standard = ElementTree.Element("dataValidation", extension.attrib)
        standard.set("sqref", extension.findtext(f"{{{_XM}}}sqref", ""))
        for formula in ("formula1", "formula2"):
            text = extension.findtext(f"{{{_X14}}}{formula}/{{{_XM}}}f")
            if text is not None:
                ElementTree.SubElement(standard, formula).text = text
        validations.append(DataValidation.from_tree(standard))
    return validations


def _sheet_part(archive: zipfile.ZipFile, sheet_title: str) -> str:
    """The zip member holding a sheet, found through the workbook's relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    sheet_id = next(
        sheet.get(f"{{{_RELATIONSHIP}}}id")
        for sheet in workbook.iter(f"{{{_MAIN}}}sheet")
        if sheet.get("name") == sheet_title
    )
    target = next(rel.get("Target", "") for rel in relationships if rel.get("Id") == sheet_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
