"""The test cases the suite holds, read from the feature files themselves: id, milestone, title, marking, how each
is judged and the API versions it applies to. What `abdm-conformance list` shows; it knows nothing of pytest-bdd.

A feature file is one official test case: its tags (`@M2 @USER_INIT_LINK_605 @optional`, `@attest` for a case an
operator attests) and its `Feature: <id> <title>` line. A scenario tagged `@v3-only` or `@v0.5-only` runs under that
API alone; a case applies to an API when any of its scenarios does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from abdm_conformance import resources
from abdm_conformance.config import API_VERSIONS

MILESTONES = ("M1", "M2", "M3")
MARKINGS = ("mandatory", "optional", "conditional", "advisory")  # no marking tag: mandatory
JUDGED_BY = ("automatic", "attestation")
API_ONLY_TAGS = {"v3-only": "v3", "v0.5-only": "v0.5"}
_SCENARIO_KEYWORDS = ("Scenario:", "Scenario Outline:", "Scenario Template:", "Example:")


@dataclass(frozen=True)
class Case:
    id: str
    milestone: str
    title: str
    marking: str
    judged_by: str  # automatic, or attestation by an operator (@attest)
    apis: tuple[str, ...]  # the API versions at least one of its scenarios runs under
    scenarios: int
    path: str  # the feature file, relative to the features folder

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def features_folder() -> Path:
    """Where the feature files are: the one place that asks."""
    return resources.FEATURES


def cases(folder: Path | None = None) -> list[Case]:
    """Every test case of the suite, in milestone then id order."""
    root = folder if folder is not None else features_folder()
    found = [read_feature(path, root) for path in sorted(root.rglob("*.feature"))]
    return sorted(found, key=lambda c: (c.milestone, c.id))


def read_feature(path: Path, root: Path) -> Case:
    feature_tags: set[str] | None = None
    title_line = ""
    pending: set[str] = set()
    scenario_apis: list[set[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("@"):
            pending |= {word[1:] for word in text.split() if word.startswith("@")}
        elif text.startswith("Feature:"):
            feature_tags, title_line, pending = pending, text.removeprefix("Feature:").strip(), set()
        elif text.startswith(_SCENARIO_KEYWORDS):
            scenario_apis.append(_apis(pending | (feature_tags or set())))
            pending = set()
        elif text.startswith("Examples:"):
            pending = set()  # tags of an Examples table select rows, not the API: none in the suite
    if feature_tags is None:
        raise ValueError(f"{path}: no Feature line")
    case_id, _, title = title_line.partition(" ")
    if case_id not in feature_tags:
        raise ValueError(f"{path}: the feature name must start with its test-case id tag")
    apis = set().union(*scenario_apis) if scenario_apis else _apis(feature_tags)
    return Case(
        id=case_id,
        milestone=next((t for t in MILESTONES if t in feature_tags), "unknown"),
        title=title.strip(),
        marking=next((t for t in MARKINGS if t in feature_tags), "mandatory"),
        judged_by="attestation" if "attest" in feature_tags else "automatic",
        apis=tuple(api for api in API_VERSIONS if api in apis),
        scenarios=len(scenario_apis),
        path=path.relative_to(root).as_posix(),
    )


def _apis(tags: set[str]) -> set[str]:
    only = {version for tag, version in API_ONLY_TAGS.items() if tag in tags}
    return only or set(API_VERSIONS)


def select(
    all_cases: Iterable[Case],
    *,
    milestone: str | None = None,
    marking: str | None = None,
    judged_by: str | None = None,
    api: str | None = None,
) -> list[Case]:
    return [
        case
        for case in all_cases
        if (milestone is None or case.milestone == milestone.upper())
        and (marking is None or case.marking == marking)
        and (judged_by is None or case.judged_by == judged_by)
        and (api is None or api in case.apis)
    ]


def table(selected: list[Case]) -> str:
    """Plain aligned text, a line per case under a heading, and a count."""
    rows = [("ID", "MILESTONE", "MARKING", "JUDGED BY", "API", "TITLE")]
    rows += [(c.id, c.milestone, c.marking, c.judged_by, ",".join(c.apis), c.title) for c in selected]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]) for row in rows]
    return "\n".join([*lines, f"{len(selected)} test case(s)"])
