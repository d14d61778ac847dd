"""Serve the reference HIU: python -m reference_apps.hiu [--config hiu.toml] [--defect NAME ...]"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette

from reference_apps.common.serve import serve
from reference_apps.hiu import create_app
from reference_apps.hiu.defects import DEFECTS


def main(argv: Sequence[str] | None = None) -> None:
    serve(
        argv,
        prog="python -m reference_apps.hiu",
        description=__doc__,
        config_help="the HIU's settings file (default: the bundled hiu.toml)",
        port=8072,
        defects=DEFECTS,
        create_app=create_app,
        banner=_banner,
    )


def _banner(app: Starlette, base_url: str) -> str:
    settings = app.state.hiu.settings
    return (
        f"{settings.hiu_name} ({settings.hiu_id}): bridge on {base_url}, "
        f"data push at {settings.data_push_url}, "
        f"gateway {settings.gateway_v3_base} (v3) and {settings.gateway_v05_base} (v0.5)"
    )


if __name__ == "__main__":
    main()
