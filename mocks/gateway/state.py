"""What the simulated ABDM outlives a run with: its keys, the link tokens it issued, how many runs it served.

A real app runs for days. It keeps the gateway's session token, the gateway's public keys, the ABHA
service's certificate and the link tokens the gateway issued it; a simulator that forgot them between
two runs would fail a conformant app for remembering. So the keys are made once and kept in a folder
(`--state DIR`), the link tokens are kept with what the consent manager knows of them, and each run
gets a number, from which the people no app has seen are drawn anew.

Without a folder (the library's own tests) the state is made fresh and kept nowhere.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEYS = "keys"
LINK_TOKENS = "link-tokens.json"
RUNS = "runs.json"


class StateError(Exception):
    """The state folder cannot be used: the message names the file and says how to start over."""


class SimulatorState:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.run_number = self._next_run() if folder is not None else 0

    def rsa_key(self, name: str) -> rsa.RSAPrivateKey:
        """The key kept under this name, made the first time it is asked for."""
        if self.folder is None:
            return rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path = self.folder / KEYS / f"{name}.pem"
        if not path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            # Two runs starting at once may both make one; the first kept wins and both read it back.
            _write_once(path, pem)
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as error:
            raise self._unusable(path, error) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise self._unusable(path, "not an RSA key")
        return key

    def link_tokens(self) -> dict[str, dict[str, Any]]:
        """What the consent manager knows of the link tokens it issued in earlier runs, by token id."""
        document = self._read_json(LINK_TOKENS, {})
        if not isinstance(document, dict):
            raise self._unusable(self.folder / LINK_TOKENS, "not a JSON object")  # type: ignore[operator]
        return document

    def keep_link_tokens(self, tokens: dict[str, dict[str, Any]]) -> None:
        if self.folder is not None:
            _replace(self.folder / LINK_TOKENS, json.dumps(tokens, indent=1, sort_keys=True).encode())

    def _next_run(self) -> int:
        document = self._read_json(RUNS, {"runs": 0})
        runs = document.get("runs") if isinstance(document, dict) else None
        if not isinstance(runs, int):
            raise self._unusable(self.folder / RUNS, "no run count")  # type: ignore[operator]
        _replace(self.folder / RUNS, json.dumps({"runs": runs + 1}).encode())  # type: ignore[operator]
        return runs + 1

    def _read_json(self, name: str, empty: Any) -> Any:
        if self.folder is None:
            return empty
        path = self.folder / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty
        except (OSError, ValueError, RecursionError) as error:
            raise self._unusable(path, error) from None

    def _unusable(self, path: Path, problem: object) -> StateError:
        return StateError(
            f"simulator state {path} cannot be used ({problem}); `abdm-conformance reset-state` starts over"
        )


def reset_state(folder: Path) -> list[Path]:
    """Remove what a simulator kept in this folder; the files removed."""
    removed = []
    for path in (*sorted((folder / KEYS).glob("*.pem")), folder / LINK_TOKENS, folder / RUNS):
        if path.is_file():
            path.unlink()
            removed.append(path)
    for empty in (folder / KEYS, folder):
        if empty.is_dir() and not any(empty.iterdir()):
            empty.rmdir()
    return removed


def _write_once(path: Path, data: bytes) -> None:
    """Create the file whole, unless it exists: a reader never sees it half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def _replace(path: Path, data: bytes) -> None:
    """Write whole or not at all: a run stopped midway leaves the previous file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
