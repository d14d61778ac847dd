"""`abdm-conformance`: run the suite against a target and write its verdicts.

Exit codes: 0 every applicable mandatory case passed, 1 one failed or broke,
2 the command line or the target file is wrong (nothing ran).
"""

from __future__ import annotations

import argparse
import sys

import pytest

from abdm_conformance import __version__
from abdm_conformance.config import API_VERSIONS, REPO_ROOT, TRANSPORTS, ConfigError, load_target

USAGE_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "run":
        parser.print_help()
        return USAGE_ERROR
    try:
        load_target(args.target).with_overrides(api_version=args.api, transport=args.transport)
    except ConfigError as error:
        print(f"abdm-conformance: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    code = pytest.main(_pytest_args(args))
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("abdm-conformance: error: no test case matches the selection", file=sys.stderr)
        return USAGE_ERROR
    return code if code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) else USAGE_ERROR


def _pytest_args(args: argparse.Namespace) -> list[str]:
    pytest_args = [str(REPO_ROOT / "steps"), "--rootdir", str(REPO_ROOT), "-p", "no:cacheprovider"]
    for option in ("target", "api", "transport", "out"):
        if (value := getattr(args, option)) is not None:
            pytest_args += [f"--{option}", str(value)]
    for milestone in args.milestone:
        pytest_args += ["--milestone", milestone.upper()]
    for case in args.case:
        pytest_args += ["--case", case]
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
    run.add_argument("--case", action="append", default=[], help="only this official test-case id; repeatable")
    run.add_argument("--out", help="output folder; default: reports/latest")
    run.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments (e.g. -x, -k)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
