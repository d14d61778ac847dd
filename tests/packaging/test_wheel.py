"""The wheel is the tool: built, installed into a fresh venv and run from a folder outside the repository.

Select with `pytest tests -m packaging` (or `tests/packaging`). Offline and quick (about 30 s): the sdist and the
wheel are built without build isolation, with the setuptools of the test extra; the fresh venv gets no copies of the
dependencies but sees this environment's site-packages through a .pth line (a plain path: this environment's
.pth files, the editable install of the checkout among them, are not run there), so only the wheel's own files
are new. What a user's `pip install abdm-conformance` adds beyond that is pip resolving the same dependencies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from abdm_conformance import resources
from abdm_conformance.results import suite_fingerprint

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "integrator-hip"
CASE = ["--milestone", "M2", "--case", "USER_INIT_LINK_603", "--no-pdf"]
TIMEOUT = 300


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def _explain(process: subprocess.CompletedProcess[str]) -> str:
    return f"exit {process.returncode}\n--- stdout\n{process.stdout[-4000:]}\n--- stderr\n{process.stderr[-4000:]}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # The sdist, then the wheel from it, as a release is built (and nothing is built inside the checkout).
    build = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, REPO], REPO, dict(os.environ))
    assert build.returncode == 0, _explain(build)
    assert len(list(dist.glob("abdm_conformance-*.tar.gz"))) == 1
    (path,) = dist.glob("abdm_conformance-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with the wheel installed; its bin folder and the environment to run it in."""
    root = tmp_path_factory.mktemp("venv")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["XDG_STATE_HOME"] = str(root / "state")  # the embedded target's simulator state: not the user's
    made = _run([sys.executable, "-m", "venv", "--without-pip", root / "venv"], root, env)
    assert made.returncode == 0, _explain(made)
    python = root / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", wheel], root, env)
    assert installed.returncode == 0, _explain(installed)
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root, env)
    Path(purelib.stdout.strip(), "repo-venv-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python.parent, env


def test_the_wheel_carries_the_suite_and_not_nhas_sources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    features = sorted(name for name in names if name.endswith(".feature"))
    assert features == sorted(p.relative_to(REPO).as_posix() for p in resources.FEATURES.rglob("*.feature"))
    for needed in (
        "schemas/overrides.json",
        "schemas/v3/",
        "schemas/v0.5/",
        "schemas/abha-v3/",
        "mocks/records/OPConsultation.json",
        "reference_apps/target.toml",
        "reference_apps/hip/hip.toml",
        "reference_apps/hip/patients.json",
        "abdm_conformance/reporting/templates/Details_required_for_Production_Keys_template.xlsx",
        "steps/entry_point.py",
    ):
        assert any(name.startswith(needed) for name in names), needed
    assert not [name for name in names if name.startswith("schemas/nha/") or name == "conftest.py"]
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert "abdm_conformance = steps.entry_point" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_tool_runs_from_any_folder(venv: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = venv
    where = _run(
        [bin_dir / "python", "-c", "import abdm_conformance.resources as r; print(r.SUITE_ROOT)"], tmp_path, env
    )
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent), _explain(where)  # the wheel's, not the checkout's

    run = _run([bin_dir / "abdm-conformance", "run", *CASE], tmp_path, env)

    assert run.returncode == 0, _explain(run)
    results = json.loads((tmp_path / "reports" / "latest" / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["suite_fingerprint"] == suite_fingerprint(resources.fingerprinted())
    assert (tmp_path / "reports" / "latest" / "junit.xml").is_file()


def test_the_installed_tool_writes_a_target_lists_cases_checks_and_runs_in_parallel(
    venv: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = venv
    tool = bin_dir / "abdm-conformance"
    listed = _run([tool, "list", "--milestone", "M2"], tmp_path, env)
    assert listed.returncode == 0 and "USER_INIT_LINK_603" in listed.stdout, _explain(listed)
    doctor = _run([tool, "doctor"], tmp_path, env)  # the embedded target, from the installed files
    assert doctor.returncode == 0, _explain(doctor)
    init = _run([tool, "init"], tmp_path, env)
    assert init.returncode == 0 and (tmp_path / "abdm-target.toml").is_file(), _explain(init)
    both = ["--case", "USER_INIT_LINK_603", "--case", "USER_INIT_LINK_604"]
    parallel = _run(
        [tool, "run", "--workers", "2", "--milestone", "M2", *both, "--no-pdf", "--out", "w"], tmp_path, env
    )
    assert parallel.returncode == 0, _explain(parallel)
    assert (tmp_path / "w" / "results.json").is_file()


def test_an_integrators_pytest_runs_the_suite_through_the_plugin(
    venv: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = venv
    project = tmp_path / "integrator-hip"
    shutil.copytree(EXAMPLE, project)
    embedded = _run(
        [bin_dir / "python", "-c", "from abdm_conformance import resources as r; print(r.EMBEDDED_TARGET)"],
        project,
        env,
    )
    target = embedded.stdout.strip()

    suite = _run(
        [bin_dir / "python", "-m", "pytest", "--abdm-target", target, "-p", "no:cacheprovider", *CASE], project, env
    )

    assert suite.returncode == 0, _explain(suite)
    assert "1 passed" in suite.stdout, _explain(suite)
    results = json.loads((project / "reports" / "latest" / "results.json").read_text(encoding="utf-8"))
    assert results["run"]["suite_fingerprint"] == suite_fingerprint(resources.fingerprinted())
    own = _run([bin_dir / "python", "-m", "pytest", "-p", "no:cacheprovider"], project, env)  # the project's tests
    assert own.returncode == 0 and "1 passed" in own.stdout, _explain(own)
