"""Serve the reference registration desk: python -m reference_apps.registration_desk [--config desk.toml]
[--defect NAME ...]"""

from __future__ import annotations

import argparse
import sys

import uvicorn

from reference_apps.registration_desk import create_app
from reference_apps.registration_desk.defects import DEFECTS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m reference_apps.registration_desk", description=__doc__)
    parser.add_argument("--config", help="the desk's settings file (default: the bundled desk.toml)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8073)
    parser.add_argument(
        "--defect", action="append", default=[], metavar="NAME", help="turn on a deliberate mistake; repeatable"
    )
    parser.add_argument("--list-defects", action="store_true", help="list the defect switches and exit")
    args = parser.parse_args(argv)
    if args.list_defects:
        width = max(map(len, DEFECTS))
        for name, description in DEFECTS.items():
            print(f"{name:<{width}}  {description}")
        return
    try:
        app = create_app(args.config, args.defect)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    settings = app.state.desk.settings
    print(
        f"Reference registration desk: test driver on http://{args.host}:{args.port}, "
        f"ABHA service {settings.abha_base}, gateway {settings.gateway_v3_base}"
        + (f"; DEFECTS ON: {', '.join(args.defect)}" if args.defect else ""),
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
