"""Optional hook: full profile validation by an operator-supplied validator.

The NRCeS StructureDefinitions are on no registry this harness can reach (fidelius-and-fhir.md
§B6), so full conformance needs e.g. `java -jar validator_cli.jar -ig ndhm.in#6.5.0 {file}
-output {out}` from the operator. The validator's OperationOutcome becomes FhirFindings; any way
the run can fail becomes one finding with rule "external-validator", never an exception.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from abdm_conformance.fhir.findings import FhirFinding, clip, error, warning

RULE = "external-validator"
_SEVERITIES = {"fatal": error, "error": error, "warning": warning}  # "information" is not a finding
_MESSAGE_ID = "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id"


def run_external_validator(command: Sequence[str], bundle_text: str, timeout: float) -> list[FhirFinding]:
    """Run `command` with `{file}` (the bundle) and `{out}` (where it writes an OperationOutcome) filled in."""
    if not command:
        return [_failure("no external validator command given")]
    with tempfile.TemporaryDirectory(prefix="abdm-fhir-") as folder:
        bundle_path, out_path = Path(folder) / "bundle.json", Path(folder) / "outcome.json"
        bundle_path.write_text(bundle_text, encoding="utf-8")
        argv = [part.replace("{file}", str(bundle_path)).replace("{out}", str(out_path)) for part in command]
        try:
            # A session of its own, so a timeout can end the whole tree (java under a wrapper script).
            process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
        except OSError as exc:
            return [_failure(f"cannot start {argv[0]!r}: {exc.strerror or exc}")]
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):  # it may have ended since
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return [_failure(f"{Path(argv[0]).name} did not finish within {timeout:g} s")]
        if not out_path.is_file():
            said = _last_line(stderr) or _last_line(stdout) or "no output"
            name = Path(argv[0]).name
            return [_failure(f"{name} exited with status {process.returncode} and wrote no OperationOutcome: {said}")]
        # The HL7 validator exits non-zero when it finds errors, so the outcome file decides.
        try:
            return list(_outcome_findings(json.loads(out_path.read_text(encoding="utf-8"))))
        except (ValueError, TypeError, AttributeError, LookupError) as exc:
            return [_failure(f"cannot read the validator's OperationOutcome: {exc}")]


def _outcome_findings(outcome: Any) -> Iterator[FhirFinding]:
    kind = outcome.get("resourceType")
    if kind == "Bundle":  # one OperationOutcome per validated file
        for entry in outcome.get("entry", []):
            yield from _outcome_findings(entry["resource"])
    elif kind == "OperationOutcome":
        for issue in outcome.get("issue", []):
            make = _SEVERITIES.get(issue.get("severity"))
            if make is not None:
                yield make(_issue_path(issue), _issue_rule(issue), _issue_message(issue))
    else:
        raise ValueError(f"expected an OperationOutcome, found resourceType {kind!r}")


def _issue_path(issue: dict[str, Any]) -> str:
    for key in ("expression", "location"):
        if issue.get(key):
            return str(issue[key][0])
    return "Bundle"


def _issue_rule(issue: dict[str, Any]) -> str:
    # The HL7 validator names its check in an extension; other validators give only issue.code.
    message_ids = [ext.get("valueString") for ext in issue.get("extension", []) if ext.get("url") == _MESSAGE_ID]
    return f"external:{message_ids[0] if message_ids and message_ids[0] else issue.get('code', 'issue')}"


def _issue_message(issue: dict[str, Any]) -> str:
    text = issue.get("details", {}).get("text") or issue.get("diagnostics") or f"{issue.get('code', 'issue')} reported"
    return clip(" ".join(str(text).split()))


def _last_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return clip(lines[-1].strip(), 100) if lines else ""


def _failure(message: str) -> FhirFinding:
    return error("Bundle", RULE, message)
