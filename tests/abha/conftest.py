"""A fresh simulated ABHA service per test, and the desk that calls it."""

from __future__ import annotations

import pytest

from mocks.abha import AbhaService
from tests.abha.desk import SESSION, Desk

SEED = 20240601


@pytest.fixture
def service() -> AbhaService:
    return AbhaService(SEED, verify_session=lambda token: token == SESSION)


@pytest.fixture
def desk(service: AbhaService) -> Desk:
    return Desk(service)
