import pytest

from reference_apps.hiu import create_app
from tests.reference_apps.hiu.stand_ins import StandInGateway


@pytest.fixture
def gateway():
    """The stand-in gateway, intercepting every call the HIU makes over httpx."""
    stand_in = StandInGateway()
    with stand_in.router:
        yield stand_in


@pytest.fixture
def hiu():
    return create_app()
