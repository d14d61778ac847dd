"""Serve the reference HIP: python -m reference_apps.hip [--config hip.toml] [--defect NAME ...]"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette

from reference_apps.common.serve import serve
from reference_apps.hip import create_app
from reference_apps.hip.defects import DEFECTS


def main(argv: Sequence[str] | None = None) -> None:
    serve(
        argv,
        prog="python -m reference_apps.hip",
        description=__doc__,
        config_help="the HIP's settings file (default: the bundled hip.toml)",
        port=8071,
        defects=DEFECTS,
        create_app=create_app,
        banner=_banner,
    )


def _banner(app: Starlette, base_url: str) -> str:
    settings = app.state.hip.settings
    return (
        f"{settings.hip_name} ({settings.hip_id}): bridge on {base_url}, "
        f"gateway {settings.gateway_v3_base} (v3) and {settings.gateway_v05_base} (v0.5)"
    )


if __name__ == "__main__":
    main()
