import pytest

from tests.reference_apps.registration_desk.stand_ins import StandInAbha, open_desk, simulated


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def abha():
    """The stand-in gateway session and ABHA service, intercepting every call the desk makes over httpx."""
    stand_in = StandInAbha()
    with stand_in.router:
        yield stand_in


@pytest.fixture
def simulated_abha():
    """The simulated ABHA service itself, for flows the stand-in does not know. A module whose desk should meet
    it overrides `abha` with this fixture."""
    with simulated() as service:
        yield service


@pytest.fixture
async def desk(abha):
    async with open_desk() as opened:
        yield opened
