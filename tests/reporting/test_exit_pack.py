"""The exit pack fills NHA's production-keys sheet as the results say, signs it with the folder and zips the folder
whole, so that the zip verifies on its own."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from abdm_conformance.cli import main
from abdm_conformance.reporting.errors import IncompleteRun, ReportError
from abdm_conformance.reporting.exit_pack import DEFAULT_TEMPLATE, WORKBOOK, write_exit_pack
from abdm_conformance.reporting.manifest import generate_signing_key, verify_output, verify_pack, write_manifest

BRIDGE_URL = "https://hip.acme.example/abdm"


def case(case_id: str, milestone: str, verdict: str, marking: str = "mandatory") -> dict[str, str]:
    return {"id": case_id, "milestone": milestone, "marking": marking, "verdict": verdict}


def make_output(folder: Path, cases: list[dict[str, str]]) -> Path:
    folder.mkdir()
    results = {
        "run": {
            "target": {"name": "Acme HIP", "hip_id": "ACME-01", "bridge_url": BRIDGE_URL},
            "report": {
                "integrator": "Acme Health Pvt Ltd",
                "application": "Acme HIS",
                "application_version": "4.2",
                "integrator_type": "private",
                "testing_party": "self-test",
            },
        },
        "summary": {},
        "exit_code": 1,
        "cases": cases,
    }
    (folder / "results.json").write_text(json.dumps(results))
    (folder / "evidence").mkdir()
    (folder / "evidence" / "one.json").write_text("{}")
    return folder


def sheet_of(pack: Path):
    with zipfile.ZipFile(pack) as archive:
        return openpyxl.load_workbook(io.BytesIO(archive.read(WORKBOOK)))["Sheet1"]


RUN = [
    case("CRT_ABHA_101", "M1", "passed"),
    case("CRT_ABHA_102", "M1", "failed", marking="optional"),  # optional: does not decide the milestone
    case("USER_INIT_LINK_603", "M2", "passed"),
    case("USER_INIT_LINK_604", "M2", "failed"),
    case("HIP_INIT_EXPIRE_CONSENT", "M2", "not_applicable"),
]


def test_the_sheet_shows_each_milestone_as_the_results_say(tmp_path):
    sheet = sheet_of(write_exit_pack(make_output(tmp_path / "out", RUN)))
    assert sheet["B3"].value == "Acme Health Pvt Ltd"
    assert sheet["H3"].value == "Acme HIS 4.2"
    assert sheet["K3"].value == "proposed M1, M2; achieved M1"
    assert (sheet["L3"].value, sheet["M3"].value, sheet["N3"].value) == ("Pass", "Fail", None)
    assert sheet["Q3"].value == BRIDGE_URL
    # What only the testing party can say stays blank.
    assert all(sheet[f"{column}3"].value is None for column in "CDEFGIJOP")


@pytest.mark.parametrize(
    ("m2_cases", "expected"),
    [
        ([case("A", "M2", "passed"), case("B", "M2", "broken")], "Fail"),
        ([case("A", "M2", "failed"), case("B", "M2", "skipped")], "Fail"),
        ([case("A", "M2", "not_applicable"), case("B", "M2", "passed", marking="advisory")], None),
        ([case("A", "M2", "not_run"), case("B", "M2", "skipped")], None),
        ([case("A", "M2", "passed"), case("B", "M2", "attested")], "Pass"),
    ],
    ids=["broken-fails", "failed-fails", "nothing-mandatory-applied", "nothing-ran", "attested-passes"],
)
def test_only_applicable_mandatory_cases_decide_a_milestone(tmp_path, m2_cases, expected):
    sheet = sheet_of(write_exit_pack(make_output(tmp_path / "out", m2_cases)))
    assert sheet["M3"].value == expected


@pytest.mark.parametrize("unjudged", ["skipped", "not_run", "attest"])
def test_a_milestone_judged_in_part_is_never_passed(tmp_path, unjudged):
    """`run --case USER_INIT_LINK_603` then exit-pack, or a target without a driver: no M2 = Pass."""
    out = make_output(tmp_path / "out", [case("USER_INIT_LINK_603", "M2", "passed"), case("B", "M2", unjudged)])
    with pytest.raises(IncompleteRun, match=r"^M2 was not judged in full \(B skipped, not run or awaiting"):
        write_exit_pack(out)
    assert not (out / "exit-pack.zip").exists() and not (out / WORKBOOK).exists()


def test_details_override_the_results_cover(tmp_path):
    out = make_output(tmp_path / "out", RUN)
    sheet = sheet_of(write_exit_pack(out, details={"integrator": "Acme Holdings", "application_version": "4.3"}))
    assert (sheet["B3"].value, sheet["H3"].value) == ("Acme Holdings", "Acme HIS 4.3")


def test_the_template_headers_and_drop_downs_are_kept(tmp_path):
    sheet = sheet_of(write_exit_pack(make_output(tmp_path / "out", RUN)))
    assert sheet["B1"].value == "Company & Contact Details"
    assert sheet["Q2"].value == "Bridge URL"
    assert {str(merged) for merged in sheet.merged_cells.ranges} == {"B1:G1", "H1:K1", "L1:N1"}
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists == {"L3:N18": "Legend!$A$2:$A$16", "O3:P18": "Legend!$B$2:$B$13"}
    legend = sheet.parent["Legend"]
    assert [legend["A2"].value, legend["A3"].value] == ["Pass", "Fail"]


def test_the_zip_is_the_signed_folder_whole_and_verifies_on_its_own(tmp_path):
    out = make_output(tmp_path / "out", RUN)
    (out / "report.html").write_text("<html></html>")
    key = tmp_path / "key.pem"
    public_key = generate_signing_key(key)
    write_manifest(out, key)
    pack = write_exit_pack(out, signing_key=key)
    assert pack == out / "exit-pack.zip"
    listed = json.loads((out / "manifest.json").read_bytes())["files"]
    assert list(listed) == [WORKBOOK, "evidence/one.json", "report.html", "results.json"]  # the sheet is signed
    with zipfile.ZipFile(pack) as archive:
        assert archive.namelist() == [*listed, "manifest.json", "manifest.sig"]
        assert archive.read("manifest.sig") == (out / "manifest.sig").read_bytes()
        assert archive.read(WORKBOOK) == (out / WORKBOOK).read_bytes()
    assert verify_pack(pack, public_key) == []
    assert verify_output(out, public_key) == []  # the pack is a copy of the folder, not one of its files


def test_an_unsealed_folder_is_packed_with_an_unsigned_manifest(tmp_path):
    pack = write_exit_pack(make_output(tmp_path / "out", RUN))
    with zipfile.ZipFile(pack) as archive:
        assert archive.namelist() == [WORKBOOK, "evidence/one.json", "results.json", "manifest.json"]
    assert verify_pack(pack) == []


def test_packing_again_keeps_the_folder_and_the_new_pack_intact(tmp_path):
    out = make_output(tmp_path / "out", RUN)
    write_exit_pack(out)
    pack = write_exit_pack(out, details={"integrator": "Acme Holdings"})
    assert verify_output(out) == [] and verify_pack(pack) == []
    assert sheet_of(pack)["B3"].value == "Acme Holdings"


def rewrite(pack: Path, name: str, change) -> None:
    """Build the zip again with one member's bytes changed, as the tester who turned failed cases into passed."""
    with zipfile.ZipFile(pack) as archive:
        members = {member: archive.read(member) for member in archive.namelist()}
    members[name] = change(members[name])
    with zipfile.ZipFile(pack, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def passed(data: bytes) -> bytes:
    results = json.loads(data)
    for one in results["cases"]:
        one["verdict"] = "passed"
    return json.dumps(results).encode()


def passed_sheet(data: bytes) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["Sheet1"]["M3"] = "Pass"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "change"), [("results.json", passed), (WORKBOOK, passed_sheet)])
def test_a_member_rewritten_in_the_pack_is_named(tmp_path, capsys, name, change):
    out = make_output(tmp_path / "out", RUN)
    key = tmp_path / "key.pem"
    public_key = generate_signing_key(key)
    pack = write_exit_pack(out, signing_key=key)
    rewrite(pack, name, change)
    assert verify_pack(pack, public_key) == [f"altered: {name}"]
    assert main(["verify", str(pack), "--public-key", public_key]) == 1
    assert capsys.readouterr().out == f"altered: {name}\n1 problem(s): the pack is not as it was signed\n"
    assert verify_output(out, public_key) == []  # the folder itself was not touched


def test_the_cli_packs_a_signed_folder_with_its_key_and_verifies_the_zip(tmp_path, capsys):
    out = make_output(tmp_path / "out", RUN)
    key = tmp_path / "key.pem"
    public_key = generate_signing_key(key)
    write_manifest(out, key)
    assert main(["exit-pack", str(out), "--sign-key", str(key)]) == 0
    assert main(["verify", str(out / "exit-pack.zip"), "--public-key", public_key]) == 0
    assert main(["verify", str(out), "--public-key", public_key]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["intact", "intact"]


STAYS = "so that it stays signed"


def test_a_signed_folder_is_not_packed_without_its_key(tmp_path, capsys):
    out = make_output(tmp_path / "out", RUN)
    key = tmp_path / "key.pem"
    public_key = generate_signing_key(key)
    write_manifest(out, key)
    manifest = (out / "manifest.json").read_bytes()
    assert main(["exit-pack", str(out)]) == 2
    [error] = capsys.readouterr().err.splitlines()
    assert error == f"abdm-conformance: error: {out / 'manifest.json'} is signed; pass --sign-key with its key {STAYS}"
    other = tmp_path / "other.pem"
    generate_signing_key(other)
    with pytest.raises(ReportError, match="is signed by .*, not by .*other.pem; pass that key"):
        write_exit_pack(out, signing_key=other)
    # Refused before anything was written: the folder is still as it was signed.
    assert (out / "manifest.json").read_bytes() == manifest
    assert not (out / WORKBOOK).exists() and not (out / "exit-pack.zip").exists()
    assert verify_output(out, public_key) == []


def test_a_manifest_that_no_longer_matches_is_not_packed(tmp_path):
    out = make_output(tmp_path / "out", RUN)
    write_manifest(out, None)
    (out / "report.html").write_text("<html></html>")
    with pytest.raises(ReportError, match="added: report.html"):
        write_exit_pack(out)


def test_missing_results_or_a_wrong_template_is_a_one_line_error(tmp_path):
    with pytest.raises(ReportError, match="run the suite first"):
        write_exit_pack(tmp_path)
    out = make_output(tmp_path / "out", RUN)
    not_a_workbook = tmp_path / "template.xlsx"
    not_a_workbook.write_text("hello")
    with pytest.raises(ReportError, match="is not NHA's .xlsx workbook"):
        write_exit_pack(out, not_a_workbook)
    assert not (out / "exit-pack.zip").exists() and not (out / WORKBOOK).exists()
    other_workbook = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other_workbook)
    with pytest.raises(ReportError, match="no 'Organisation' column"):
        write_exit_pack(out, other_workbook)


def test_nha_template_ships_with_the_package():
    assert DEFAULT_TEMPLATE.is_file()
    assert openpyxl.load_workbook(DEFAULT_TEMPLATE, read_only=True).sheetnames == ["Sheet1", "Legend"]
