"""The simulated ABHA service (NHA's ABHA v3 API) for milestone M1."""

from mocks.abha.messages import AbhaAnswer
from mocks.abha.service import AbhaService

__all__ = ["AbhaAnswer", "AbhaService"]
