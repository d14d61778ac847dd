"""Serve the reference HIU: python -m reference_apps.hiu [--config hiu.toml] [--defect NAME ...]"""

from __future__ import annotations

import argparse
import sys

import uvicorn

from reference_apps.hiu import create_app
from reference_apps.hiu.defects import DEFECTS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m reference_apps.hiu", description=__doc__)
    parser.add_argument("--config", help="the HIU's settings file (default: the bundled hiu.toml)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8072)
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
    settings = app.state.hiu.settings
    print(
        f"{settings.hiu_name} ({settings.hiu_id}): bridge on http://{args.host}:{args.port}, "
        f"data push at {settings.data_push_url}, "
        f"gateway {settings.gateway_v3_base} (v3) and {settings.gateway_v05_base} (v0.5)"
        + (f"; DEFECTS ON: {', '.join(args.defect)}" if args.defect else ""),
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
