"""A run of part of the suite never reads as a whole milestone judged: not in results.json, JUnit or the
exit pack."""

from __future__ import annotations

from abdm_conformance.cli import main


def test_a_one_case_run_leaves_its_milestone_not_tested(suite, capsys):
    run = suite("--case", "USER_INIT_LINK_603")
    assert run.exit_code == 0, run.output
    assert run.case("USER_INIT_LINK_603")["verdict"] == "passed"
    assert run.case("USER_INIT_LINK_604")["verdict"] == "not_run"
    m2 = run.results["milestones"]["M2"]
    assert m2["outcome"] == "not_tested" and "USER_INIT_LINK_604" in m2["not_judged"]
    assert '<property name="milestone.M2" value="not_tested"' in (run.out_dir / "junit.xml").read_text()

    assert main(["exit-pack", str(run.out_dir)]) == 1
    assert "M2 was not judged in full" in capsys.readouterr().err
    assert not (run.out_dir / "exit-pack.zip").exists()
