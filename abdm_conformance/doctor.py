"""`abdm-conformance doctor`: what a run needs, checked in seconds, each problem named with its fix.

One line per check: `ok   …`, `FAIL …: fix: …` (a run would not work) or `warn …` (a run works, with less).
Nothing here starts the suite, the simulator or the apps; it only looks.
"""

from __future__ import annotations

import importlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from abdm_conformance.config import ConfigError, InProcessApp, Target, load_target
from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.reporting.pdf import chromium_binary
from mocks.gateway.state import StateError, check_state

CONNECT_SECONDS = 2.0  # a bridge or driver on this machine or the next answers a connection at once


@dataclass(frozen=True)
class Check:
    status: str  # ok, FAIL or warn
    what: str
    fix: str = ""

    @property
    def line(self) -> str:
        if self.status == "FAIL":
            return f"FAIL {self.what}: fix: {self.fix}"
        return f"{self.status.ljust(4)} {self.what}" + (f": {self.fix}" if self.fix else "")


def diagnose(path: str | Path | None, state: str | Path | None = None) -> Iterator[Check]:
    """Each check as it is made; the first FAIL of loading the target file ends them (the rest need it)."""
    try:
        target = load_target(path).with_overrides(state_dir=state)
    except ConfigError as error:
        yield Check("FAIL", str(error), "correct the key it names (`abdm-conformance init` writes a commented file)")
        return
    yield Check("ok", f"target file {target.source} loads (role {target.role}, transport {target.transport})")
    yield _gateway_port(target)
    if target.transport == "http":
        for key, url in _bridges(target).items():
            yield _reachable(key, url, "bridge")
        for key, url in _drivers(target).items():
            yield _reachable(key, url, "test driver")
    else:
        for key, app in _in_process_apps(target).items():
            yield _factory(key, app)
    yield from _missing_drivers(target)
    yield _chromium()
    yield _state_folder(target)


def run(path: str | Path | None, state: str | Path | None = None) -> int:
    """Print each check's line; 0 when no check failed, 1 otherwise."""
    failed = False
    for check in diagnose(path, state):
        print(check.line, flush=True)
        failed = failed or check.status == "FAIL"
    return 1 if failed else 0


def _gateway_port(target: Target) -> Check:
    host = target.listen_host
    family = socket.AF_INET6 if host.startswith("[") else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the simulator binds it
    try:
        listener.bind((host.strip("[]"), target.listen_port))
    except OSError as error:
        return Check(
            "FAIL",
            f"the simulated gateway cannot listen on {target.gateway_url} ({error.strerror or error})",
            "stop what holds that port (an earlier run, your app), or set gateway.listen to a free port "
            "and point your app's gateway base URLs at it",
        )
    finally:
        listener.close()
    return Check("ok", f"the simulated gateway's address {target.gateway_url} is free")


def _per_app(target: Target, hip_key: str, hip_value: Any, hiu: str | None, desk: str | None) -> dict[str, Any]:
    """One kind of setting for each app the target file names, by the key that sets it (absent ones left out)."""
    values = {hip_key: hip_value}
    for table, attribute, app in (("hiu", hiu, target.hiu), ("desk", desk, target.desk)):
        if attribute is not None and app is not None:
            values[f"{table}.{attribute}"] = getattr(app, attribute)
    return {key: value for key, value in values.items() if value is not None}


def _bridges(target: Target) -> dict[str, str]:
    return _per_app(target, "target.bridge_url", target.bridge_url, hiu="bridge_url", desk=None)


def _drivers(target: Target) -> dict[str, str]:
    return _per_app(target, "driver.url", target.driver_url, hiu="driver_url", desk="driver_url")


def _reachable(key: str, url: str, what: str) -> Check:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    start = "start your app so that it listens there"
    try:
        socket.create_connection((parts.hostname, port), timeout=CONNECT_SECONDS).close()
    except OSError as error:
        reason = "no answer within 2 s" if isinstance(error, TimeoutError) else error.strerror or str(error)
        return Check("FAIL", f"{key}: the {what} {url} is not reachable ({reason})", f"{start}, or correct {key}")
    try:
        response = httpx.get(url, timeout=CONNECT_SECONDS)
    except httpx.HTTPError as error:
        return Check(
            "FAIL",
            f"{key}: the {what} {url} takes connections but answers no HTTP GET ({type(error).__name__})",
            f"check that what listens on port {port} is your app, serving HTTP{'S' if parts.scheme == 'https' else ''}",
        )
    return Check("ok", f"{key}: the {what} {url} answers (HTTP {response.status_code} to a GET)")


def _in_process_apps(target: Target) -> dict[str, InProcessApp]:
    return _per_app(target, "target.in_process", target.in_process, hiu="in_process", desk="in_process")


def _factory(key: str, app: InProcessApp) -> Check:
    module_name, _, attribute = app.factory.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute, None)
    except (Exception, SystemExit) as error:  # the app's module may fail in any way while importing
        found, problem = None, f"cannot be imported ({type(error).__name__}: {error})"
    else:
        problem = f"has no callable {attribute}"
    if not callable(found):
        fix = f"install the app's package in this environment, or correct {key}.factory"
        return Check("FAIL", f"{key}.factory {app.factory}: module {module_name} {problem}", fix)
    return Check("ok", f"{key}.factory {app.factory} imports")


def _missing_drivers(target: Target) -> Iterator[Check]:
    if target.hip_id is not None and target.driver_url is None:
        yield Check(
            "warn",
            "no [driver]: the HIP's cases that start in the app are skipped",
            "add its test driver (README), or run with --interactive",
        )
    if target.hiu is not None and target.hiu.driver_url is None:
        yield Check("warn", "no hiu.driver_url: the M3 cases are skipped", "add the HIU's test driver (README)")


def _chromium() -> Check:
    try:
        binary = chromium_binary()
    except ReportError as error:
        return Check("warn", f"{error}; or run with --no-pdf")
    return Check("ok", f"Chromium for the PDF report: {binary}")


def _state_folder(target: Target) -> Check:
    folder = target.state_dir
    assert folder is not None  # with_overrides sets it
    try:
        if folder.exists():
            check_state(folder)
    except StateError as error:
        return Check("FAIL", str(error), f"abdm-conformance reset-state --state {folder}")
    return Check("ok", f"the state folder {folder} is writable")
