"""Loads the harness's pytest plugin and the step library for the conformance suite."""

pytest_plugins = [
    "steps.plugin",
    "steps.common",
    "steps.m2_discovery",
    "steps.m2_linking",
    "steps.m2_records",
    "steps.m2_hip_initiated",
    "steps.m2_hip_linking",
    "steps.m1_abha",
    "steps.m3_hiu",
    "steps.operator",
]
