"""Tamper evidence for a run's output folder: a SHA-256 manifest of its files, optionally signed.

Whoever receives the folder (NHA's exit review, an auditor) can tell whether any file changed,
appeared or vanished after the testing party signed it, as with the OpenID conformance suite's
signed log exports. The Ed25519 signature covers the exact bytes of manifest.json, so the
manifest needs no canonical JSON form.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from abdm_conformance.reporting.errors import ReportError

ALGORITHM = "sha256"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
EXIT_PACK = "exit-pack.zip"
# The exit pack contains the manifest, so it is made after signing and cannot be listed in it.
UNLISTED = frozenset({MANIFEST, SIGNATURE, EXIT_PACK})


class _Malformed(Exception):
    """manifest.json parses but is not a manifest; the message says what is wrong."""


def write_manifest(out_dir: Path, signing_key: Path | None) -> Path:
    """Write out_dir/manifest.json and, with a PEM Ed25519 private key, out_dir/manifest.sig."""
    private_key = load_signing_key(signing_key) if signing_key is not None else None
    if not out_dir.is_dir():
        raise ReportError(f"output folder {out_dir} does not exist")
    document: dict[str, Any] = {
        "algorithm": ALGORITHM,
        "files": {name: _digest(out_dir / name) for name in _listable(out_dir)},
    }
    if private_key is not None:
        document["signer"] = {"public_key": _public_key_text(private_key)}
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    path = out_dir / MANIFEST
    path.write_bytes(data)
    signature = out_dir / SIGNATURE
    if private_key is None:
        signature.unlink(missing_ok=True)  # a previous signature would contradict the new manifest
    else:
        signature.write_bytes(base64.b64encode(private_key.sign(data)))
    return path


def generate_signing_key(path: Path) -> str:
    """Write a new PEM Ed25519 private key readable by its owner only; return its base64 public key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        # O_EXCL: replacing a signing key would orphan every manifest it signed.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ReportError(f"signing key {path} already exists; not replacing it") from None
    except OSError as error:
        raise ReportError(f"cannot write signing key {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return _public_key_text(key)


def verify_output(out_dir: Path, public_key: str | None = None) -> list[str]:
    """Problems found in out_dir against its manifest; empty when intact.

    With public_key (base64 raw Ed25519), the manifest must also be signed by that key.
    """
    expected = _expected_key(public_key) if public_key is not None else None
    try:
        data = (out_dir / MANIFEST).read_bytes()
    except OSError:
        return [f"missing: {MANIFEST}"]
    try:
        files, signer = _parse(json.loads(data))
    except (ValueError, RecursionError):
        return [f"{MANIFEST} is not valid JSON"]
    except _Malformed as error:
        return [f"{MANIFEST} is malformed: {error}"]
    return _file_problems(out_dir, files) + _signature_problems(out_dir, data, signer, expected)


def _parse(document: Any) -> tuple[dict[str, str], str | None]:
    """The listed files and the signer's public key (None when unsigned)."""
    if not isinstance(document, dict):
        raise _Malformed("not a JSON object")
    if document.get("algorithm") != ALGORITHM:
        raise _Malformed(f"algorithm is not {ALGORITHM!r}")
    files = document.get("files")
    if not isinstance(files, dict) or not all(isinstance(d, str) for d in files.values()):
        raise _Malformed("'files' is not an object of path: digest")
    signer = document.get("signer")
    if signer is None:
        return files, None
    if not isinstance(signer, dict) or not isinstance(signer.get("public_key"), str):
        raise _Malformed("'signer' has no public_key string")
    return files, signer["public_key"]


def _file_problems(out_dir: Path, files: dict[str, str]) -> list[str]:
    problems = []
    for name, digest in files.items():
        relative = PurePosixPath(name)
        # A crafted manifest must not make the check read files outside the folder.
        if relative.is_absolute() or ".." in relative.parts or relative.as_posix() != name:
            problems.append(f"not a path inside the folder: {name}")
            continue
        try:
            actual = _digest(out_dir / name)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            problems.append(f"missing: {name}")
        except OSError:
            problems.append(f"unreadable: {name}")
        else:
            if actual != digest:
                problems.append(f"altered: {name}")
    return problems + [f"added: {name}" for name in _listable(out_dir) if name not in files]


def _signature_problems(out_dir: Path, data: bytes, signer: str | None, expected: Ed25519PublicKey | None) -> list[str]:
    try:
        signature: bytes | None = (out_dir / SIGNATURE).read_bytes()
    except FileNotFoundError:
        signature = None
    except OSError:
        return [f"unreadable: {SIGNATURE}"]
    if signer is None and signature is None:
        # An unsigned manifest is legitimate; it only falls short when a signature was expected.
        return [f"{MANIFEST} is not signed"] if expected is not None else []
    if expected is not None and (signer is None or _decode(signer) != _raw(expected)):
        return [f"{MANIFEST} is signed by another key ({signer or 'none named'}), not the expected one"]
    if signature is None:
        return [f"missing: {SIGNATURE}"]
    key = expected or _signer_key(signer)
    if key is None:
        return [f"{MANIFEST} names no valid Ed25519 signer key"]
    if not _verifies(key, _decode(signature), data):
        return [f"signature does not match {MANIFEST}"]
    return []


def _verifies(key: Ed25519PublicKey, signature: bytes | None, data: bytes) -> bool:
    if signature is None:
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _listable(out_dir: Path) -> list[str]:
    names = (path.relative_to(out_dir).as_posix() for path in out_dir.rglob("*") if path.is_file())
    return sorted(name for name in names if name not in UNLISTED)


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, ALGORITHM).hexdigest()


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The testing party's Ed25519 key; ReportError naming the file if it cannot be used."""
    try:
        pem = path.read_bytes()
    except OSError as error:
        raise ReportError(f"signing key {path}: {error.strerror}") from None
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise ReportError(f"signing key {path} is encrypted; give an unencrypted PEM key") from None
    except (ValueError, UnsupportedAlgorithm):
        raise ReportError(f"signing key {path} is not a PEM private key (PKCS#8 or OpenSSL)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ReportError(f"signing key {path} is not an Ed25519 key ({type(key).__name__})")
    return key


def _expected_key(text: str) -> Ed25519PublicKey:
    key = _signer_key(text)
    if key is None:
        raise ReportError("the expected public key is not a base64 raw Ed25519 public key (32 bytes)")
    return key


def _signer_key(text: str | None) -> Ed25519PublicKey | None:
    raw = _decode(text) if text is not None else None
    if raw is None:
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:  # not 32 bytes
        return None


def _decode(text: str | bytes) -> bytes | None:
    """Strict base64: anything but the canonical encoding (no whitespace, no stray bits) is None,
    so that every changed byte of manifest.sig is noticed."""
    encoded = text.encode() if isinstance(text, str) else text
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw) == encoded else None


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _public_key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(_raw(key.public_key())).decode()
