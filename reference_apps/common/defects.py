"""Deliberate mistakes an app can be started with, to show the harness catches them.

Each app lists its own switches (its DEFECTS: name → the mistake) and consults each at the
place its mistake happens; with no switch on, the app behaves as ABDM expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Defects:
    """The switches turned on for one app instance, out of the app's catalogue."""

    def __init__(self, catalogue: Mapping[str, str], names: Iterable[str] = ()):
        self._catalogue = catalogue
        self._on = frozenset(names)
        if unknown := self._on - catalogue.keys():
            raise ValueError(f"unknown defects {', '.join(sorted(unknown))}; valid: {', '.join(catalogue)}")

    def enabled(self, name: str) -> bool:
        if name not in self._catalogue:  # a misspelt switch in the app would otherwise silently never fire
            raise KeyError(name)
        return name in self._on
