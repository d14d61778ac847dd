"""The reference HIU's quirks: name → a behaviour that is conformant but unusual, to show the harness
judges it fairly (no quirk may fail a case). Turned on like a defect: create_app(quirks=[...]).
"""

from __future__ import annotations

QUIRKS: dict[str, str] = {
    "slow_fetch": "fetches a granted artefact only once the next consent notification comes, or after a few seconds",
}
