"""`abdm-conformance`: run the suite against a target, report, sign and verify its verdicts.

Exit codes of `run`: 0 every applicable mandatory case passed, 1 one failed or broke,
2 the command line or the target file is wrong (nothing ran). `verify`: 0 intact,
1 altered. Every command: 2 on a usage error.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import sys
from pathlib import Path

import pytest

from abdm_conformance import __version__, catalogue, doctor, resources
from abdm_conformance.attestations import load_attestations
from abdm_conformance.config import API_VERSIONS, TRANSPORTS, ConfigError, load_target, output_folder
from abdm_conformance.reporting.errors import IncompleteRun, ReportError
from abdm_conformance.reporting.exit_pack import DEFAULT_TEMPLATE, write_exit_pack
from abdm_conformance.reporting.manifest import generate_signing_key, load_signing_key, verify_output, verify_pack
from abdm_conformance.reporting.merge import merge_folders
from abdm_conformance.reporting.publish import publish
from abdm_conformance.results import INTERRUPTED_EXIT_CODE, exit_code
from abdm_conformance.sharding import HTTP_WORKERS_REFUSED, default_workers, parse_shard
from mocks.gateway.state import StateError, check_state, reset_state

USAGE_ERROR = 2
NOT_QUALIFIED = 1  # as a run with a failed case: the folder does not support what was asked of it
DEFAULT_OUT = resources.DEFAULT_OUT  # reports/latest under the current folder; the plugin's default too
STATE_HELP = "folder of the simulator's keys and issued tokens, kept between runs; default: beside the target file"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ReportError as error:
        print(f"abdm-conformance: error: {error}", file=sys.stderr)
        return NOT_QUALIFIED if isinstance(error, IncompleteRun) else USAGE_ERROR


def _run(args: argparse.Namespace) -> int:
    try:
        _check_run_arguments(args)
    except (ConfigError, ReportError) as error:
        print(f"abdm-conformance: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    code = pytest.main(_pytest_args(args))
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("abdm-conformance: error: no test case matches the selection", file=sys.stderr)
        return USAGE_ERROR
    return code if code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, INTERRUPTED_EXIT_CODE) else USAGE_ERROR


def _check_run_arguments(args: argparse.Namespace) -> None:
    """Every file and folder the run needs, checked before anything runs: a mistake is one line, not a run."""
    target = load_target(args.target).with_overrides(
        api_version=args.api, transport=args.transport, state_dir=args.state
    )
    try:
        check_state(target.state_dir)
    except StateError as error:
        raise ConfigError(str(error)) from None
    output_folder(DEFAULT_OUT if args.out is None else args.out)
    if args.workers is None:  # in-process: a worker per CPU; over HTTP one, the app knowing one gateway
        args.workers = default_workers(target.transport, cases_named=bool(args.case), interactive=args.interactive)
    elif args.workers > 1 and target.transport == "http":
        raise ConfigError(HTTP_WORKERS_REFUSED.format(option="--workers", n=args.workers))
    if args.sign_key is not None:
        load_signing_key(args.sign_key)
    if args.attestations is not None:
        load_attestations(args.attestations)


def _report(args: argparse.Namespace) -> int:
    out = _output_folder(args.dir)
    for warning in publish(out, pdf=not args.no_pdf, signing_key=args.sign_key):
        print(f"abdm-conformance: warning: {warning}", file=sys.stderr)
    print(out / "report.html")
    return 0


def _verify(args: argparse.Namespace) -> int:
    if args.path.is_file():
        problems, checked = verify_pack(args.path, args.public_key), "pack"
    else:
        problems, checked = verify_output(_output_folder(args.path), args.public_key), "folder"
    for problem in problems:
        print(problem)
    print("intact" if not problems else f"{len(problems)} problem(s): the {checked} is not as it was signed")
    return 1 if problems else 0


def _exit_pack(args: argparse.Namespace) -> int:
    out = _output_folder(args.dir)
    print(write_exit_pack(out, args.template or DEFAULT_TEMPLATE, signing_key=args.sign_key))
    return 0


def _reset_state(args: argparse.Namespace) -> int:
    try:
        folder = load_target(args.target).with_overrides(state_dir=args.state).state_dir
    except ConfigError as error:
        print(f"abdm-conformance: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    removed = reset_state(folder)
    print(f"removed {len(removed)} file(s) of the simulator's state in {folder}")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    print(f"public key: {generate_signing_key(args.path)}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    if args.sign_key is not None:
        load_signing_key(args.sign_key)
    cases = merge_folders(output_folder(args.out), args.dirs)
    for warning in publish(args.out, pdf=not args.no_pdf, signing_key=args.sign_key):
        print(f"abdm-conformance: warning: {warning}", file=sys.stderr)
    print(f"merged {len(args.dirs)} folder(s): {args.out}")
    return exit_code(cases)


def _init(args: argparse.Namespace) -> int:
    path = Path(args.file)
    text = (importlib.resources.files("abdm_conformance") / "templates" / f"target-{args.role}.toml").read_text("utf-8")
    try:
        with path.open("x", encoding="utf-8") as file:  # never over an existing file
            file.write(text)
    except FileExistsError:
        print(f"abdm-conformance: error: {path} exists; give another FILE, or remove it first", file=sys.stderr)
        return USAGE_ERROR
    except OSError as error:
        print(f"abdm-conformance: error: {path}: {error.strerror or error}", file=sys.stderr)
        return USAGE_ERROR
    what = {"hip": "HIP", "hiu": "HIU", "desk": "registration desk"}[args.role]
    gateway = "http://127.0.0.1:8070/api/hiecm (v3) or http://127.0.0.1:8070/gateway (v0.5)"
    if args.role == "desk":
        gateway = "http://127.0.0.1:8070 (ABHA's APIs at http://127.0.0.1:8070/abha/api)"
    print(f"wrote {path}: a target file for your {what} alone; edit the values marked EDIT. Next:")
    print(f"  1. start your {what} with its gateway base URL at {gateway}, as gateway.listen says")
    print(f"  2. abdm-conformance doctor --target {path}   then   abdm-conformance run --target {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    selected = catalogue.select(
        catalogue.cases(), milestone=args.milestone, marking=args.marking, judged_by=args.judged_by, api=args.api
    )
    if args.json:
        print(json.dumps([case.to_dict() for case in selected], indent=2))
    else:
        print(catalogue.table(selected))
    return 0


def _doctor(args: argparse.Namespace) -> int:
    return doctor.run(args.target, args.state)


def _output_folder(path: Path) -> Path:
    if not (path / "results.json").is_file():
        raise ReportError(f"{path} is not a run's output folder (no results.json)")
    return path


COMMANDS = {
    "run": _run,
    "report": _report,
    "verify": _verify,
    "exit-pack": _exit_pack,
    "keygen": _keygen,
    "reset-state": _reset_state,
    "merge": _merge,
    "init": _init,
    "list": _list,
    "doctor": _doctor,
}


def _pytest_args(args: argparse.Namespace) -> list[str]:
    pytest_args = [*resources.pytest_args(), "-p", "no:cacheprovider"]
    # Checking the target imported its apps' factories before pytest started, and with them plugins of pytest's
    # (anyio, through Starlette) that pytest can then no longer assertion-rewrite: of no matter to the suite.
    pytest_args += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    for option in ("target", "api", "transport", "out", "state", "sign_key", "attestations"):
        if (value := getattr(args, option)) is not None:
            name = "abdm-target" if option == "target" else option.replace("_", "-")  # --target: the repo's conftest
            pytest_args += [f"--{name}", str(value)]
    for flag in ("no_pdf", "interactive"):
        if getattr(args, flag):
            pytest_args.append(f"--{flag.replace('_', '-')}")
    for milestone in args.milestone:
        pytest_args += ["--milestone", milestone.upper()]
    for case in args.case:
        pytest_args += ["--case", case]
    if args.shard is not None:
        pytest_args += ["--shard", str(args.shard)]
    if (args.workers or 1) > 1:  # pytest-xdist; the plugin keeps each test case on one worker (--dist loadgroup)
        pytest_args += ["-n", str(args.workers), "--dist", "loadgroup"]
    # By default a line per test case and a table per milestone (the plugin's) instead of pytest's dots, failure
    # sections and counts of scenarios; -v keeps all of pytest's detail.
    pytest_args += ["-v"] if args.verbose else ["-qq", "--no-summary"]
    return pytest_args + args.pytest_args


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="abdm-conformance", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the conformance suite")
    run.add_argument("--target", help="target file (TOML); default: the bundled reference HIP")
    run.add_argument("--api", choices=API_VERSIONS, help="ABDM API version; default: the target file's")
    run.add_argument(
        "--transport", choices=TRANSPORTS, help="http, or in-process for Python apps; default: the target file's"
    )
    run.add_argument("--milestone", action="append", default=[], help="only this milestone (m1, m2, m3); repeatable")
    run.add_argument(
        "--case",
        action="append",
        default=[],
        help="only this official test-case id, or scenario (605_2, USER_INIT_LINK_605:605_2); repeatable",
    )
    run.add_argument("--out", help="output folder; default: reports/latest")
    run.add_argument("--state", help=STATE_HELP)
    run.add_argument("--sign-key", type=Path, help="Ed25519 PEM key of the testing party: sign the manifest")
    run.add_argument("--no-pdf", action="store_true", help="skip the PDF report (it needs Chromium)")
    run.add_argument("--attestations", type=Path, help="TOML file of operator attestations for screen-only cases")
    run.add_argument("--interactive", action="store_true", help="without a test driver, ask an operator to act")
    run.add_argument(
        "--shard", type=parse_shard, help="K/N: only the K-th of N slices of the test cases (merge joins them)"
    )
    run.add_argument(
        "--workers",
        type=_positive,
        help="processes running test cases at once, each with its own simulator; default: one per CPU (at most 4) "
        "in-process, 1 over http (the app knows one gateway)",
    )
    run.add_argument("-v", "--verbose", action="store_true", help="pytest's own detail: every scenario, tracebacks")
    run.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments (e.g. -x, -k)")
    report = commands.add_parser("report", help="write report.html/.pdf and the manifest again from a run's folder")
    report.add_argument("dir", type=Path)
    report.add_argument("--sign-key", type=Path, help="Ed25519 PEM key: sign the new manifest")
    report.add_argument("--no-pdf", action="store_true", help="skip the PDF report")
    verify = commands.add_parser("verify", help="check a run's folder or exit pack against its (signed) manifest")
    verify.add_argument("path", type=Path, help="a run's output folder, or its exit-pack.zip")
    verify.add_argument("--public-key", help="base64 Ed25519 public key the manifest must be signed with")
    pack = commands.add_parser("exit-pack", help="add NHA's production-keys sheet to a run's folder and zip it whole")
    pack.add_argument("dir", type=Path)
    pack.add_argument("--template", type=Path, help="NHA's template (default: the bundled copy)")
    pack.add_argument("--sign-key", type=Path, help="Ed25519 PEM key: sign the new manifest (a signed folder's own)")
    reset = commands.add_parser("reset-state", help="forget the simulator's keys and tokens: new ones next run")
    reset.add_argument("--target", help="target file (TOML) whose state to reset; default: the bundled one")
    reset.add_argument("--state", help=STATE_HELP)
    merge = commands.add_parser("merge", help="merge the output folders of a run's shards into one, and report")
    merge.add_argument("out", type=Path, help="the merged output folder")
    merge.add_argument("dirs", type=Path, nargs="+", help="the shards' output folders")
    merge.add_argument("--sign-key", type=Path, help="Ed25519 PEM key of the testing party: sign the manifest")
    merge.add_argument("--no-pdf", action="store_true", help="skip the PDF report")
    keygen = commands.add_parser("keygen", help="create an Ed25519 signing key for the testing party")
    keygen.add_argument("path", type=Path)
    init = commands.add_parser("init", help="write a commented target file for your HIP, HIU or desk alone")
    init.add_argument("--role", choices=("hip", "hiu", "desk"), default="hip", help="what your app is; default: hip")
    init.add_argument("file", nargs="?", default="abdm-target.toml", help="default: abdm-target.toml (never replaced)")
    listing = commands.add_parser("list", help="list the test cases: id, milestone, marking, how judged, title")
    listing.add_argument("--milestone", type=str.upper, choices=catalogue.MILESTONES)
    listing.add_argument("--marking", choices=catalogue.MARKINGS)
    listing.add_argument("--judged-by", choices=catalogue.JUDGED_BY)
    listing.add_argument("--api", choices=API_VERSIONS, help="only the cases with a scenario under this API")
    listing.add_argument("--json", action="store_true", help="a JSON array, for machines")
    check = commands.add_parser("doctor", help="check in seconds what a run needs: each problem with its fix")
    check.add_argument("--target", help="target file (TOML); default: the bundled reference HIP")
    check.add_argument("--state", help=STATE_HELP)
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a whole number, 1 or more")
    return number


if __name__ == "__main__":
    sys.exit(main())
