"""The command line that serves an app: python -m reference_apps.<app> [--config FILE] [--host HOST]
[--port PORT] [--defect NAME ...] [--list-defects]."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

import uvicorn
from starlette.applications import Starlette


def serve(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str | None,
    config_help: str,
    port: int,
    defects: Mapping[str, str],
    create_app: Callable[[str | os.PathLike[str] | None, Iterable[str]], Starlette],
    banner: Callable[[Starlette, str], str],
) -> None:
    """Parse the command line, then list the defect switches or serve the app until interrupted.

    banner(app, base_url) is the line on stderr that says what is being served; the defects turned
    on are added to it.
    """
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--config", help=config_help)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument(
        "--defect", action="append", default=[], metavar="NAME", help="turn on a deliberate mistake; repeatable"
    )
    parser.add_argument("--list-defects", action="store_true", help="list the defect switches and exit")
    args = parser.parse_args(argv)
    if args.list_defects:
        width = max(map(len, defects))
        for name, mistake in defects.items():
            print(f"{name:<{width}}  {mistake}")
        return
    try:
        app = create_app(args.config, args.defect)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    print(
        banner(app, f"http://{args.host}:{args.port}")
        + (f"; DEFECTS ON: {', '.join(args.defect)}" if args.defect else ""),
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port)
