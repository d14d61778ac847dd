"""Serve the reference registration desk: python -m reference_apps.registration_desk [--config desk.toml]
[--defect NAME ...]"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette

from reference_apps.common.serve import serve
from reference_apps.registration_desk import create_app
from reference_apps.registration_desk.defects import DEFECTS


def main(argv: Sequence[str] | None = None) -> None:
    serve(
        argv,
        prog="python -m reference_apps.registration_desk",
        description=__doc__,
        config_help="the desk's settings file (default: the bundled desk.toml)",
        port=8073,
        defects=DEFECTS,
        create_app=create_app,
        banner=_banner,
    )


def _banner(app: Starlette, base_url: str) -> str:
    settings = app.state.desk.settings
    return (
        f"Reference registration desk: test driver on {base_url}, "
        f"ABHA service {settings.abha_base}, gateway {settings.gateway_v3_base}"
    )


if __name__ == "__main__":
    main()
