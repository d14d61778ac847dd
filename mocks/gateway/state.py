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

from cryptography.exceptions import UnsupportedAlgorithm
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
        self.run_number = _runs(folder) + 1 if folder is not None else 0
        if folder is not None:
            _replace(folder / RUNS, json.dumps({"runs": self.run_number}).encode())

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
        return _rsa_key(path)

    def link_tokens(self) -> dict[str, dict[str, Any]]:
        """What the consent manager knows of the link tokens it issued in earlier runs, by token id."""
        return _link_tokens(self.folder) if self.folder is not None else {}

    def keep_link_tokens(self, tokens: dict[str, dict[str, Any]]) -> None:
        if self.folder is not None:
            _replace(self.folder / LINK_TOKENS, json.dumps(tokens, indent=1, sort_keys=True).encode())


def check_state(folder: Path) -> None:
    """A StateError if what the folder keeps cannot be used: said before a run, not in the middle of one."""
    _runs(folder)
    _link_tokens(folder)
    for path in sorted((folder / KEYS).glob("*.pem")):
        _rsa_key(path)


def _runs(folder: Path) -> int:
    document = _read_json(folder / RUNS, {"runs": 0})
    runs = document.get("runs") if isinstance(document, dict) else None
    if not isinstance(runs, int):
        raise _unusable(folder / RUNS, "no run count")
    return runs


def _link_tokens(folder: Path) -> dict[str, dict[str, Any]]:
    document = _read_json(folder / LINK_TOKENS, {})
    if not isinstance(document, dict):
        raise _unusable(folder / LINK_TOKENS, "not a JSON object")
    return document


def _rsa_key(path: Path) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise _unusable(path, error) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise _unusable(path, "not an RSA key")
    return key


def _read_json(path: Path, empty: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty
    except (OSError, ValueError, RecursionError) as error:
        raise _unusable(path, error) from None


def _unusable(path: Path, problem: object) -> StateError:
    return StateError(f"simulator state {path} cannot be used ({problem}); `abdm-conformance reset-state` starts over")


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
