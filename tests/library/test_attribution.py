"""An exchange belongs to the scenario whose ids it names; one naming only an earlier scenario's is late traffic."""

from __future__ import annotations

import json

from abdm_conformance.attribution import Ledger
from abdm_conformance.exchange import Direction, Exchange

EARLIER, CURRENT = "HIU_FLOW_104 104_2", "HIU_FLOW_105 105_1"


def _exchange(seq: int, body: dict, request_id: str | None = None, answers: str | None = None) -> Exchange:
    exchange = Exchange(seq, Direction.FROM_APP, "v3", "consent-fetch", "POST", "http://gw", {}, json.dumps(body))
    exchange.request_id, exchange.answers_request_id = request_id, answers
    return exchange


def test_an_exchange_naming_only_an_earlier_scenarios_artefact_is_its_late_traffic():
    ledger = Ledger()
    ledger.claim(EARLIER, ["artefact-104"])
    ledger.claim(CURRENT, ["request-105", None])
    late = _exchange(7, {"consentId": "artefact-104"}, request_id="fetch-1")
    assert ledger.late_for(late, CURRENT) == EARLIER
    assert not ledger.owned_by(CURRENT)(late)
    assert ledger.late_for(_exchange(8, {"consentId": "request-105"}), CURRENT) is None
    assert ledger.late_for(_exchange(9, {"consentId": "unknown"}), CURRENT) is None  # judged here
    both = _exchange(10, {"a": ["artefact-104", {"b": "request-105"}]})
    assert ledger.late_for(both, CURRENT) is None  # it names this scenario's work too


def test_the_answer_to_a_late_request_is_late_as_well():
    ledger = Ledger()
    ledger.claim(EARLIER, ["artefact-104"])
    request = _exchange(7, {"consentId": "artefact-104"}, request_id="fetch-1")
    answer = _exchange(8, {"resp": {}}, answers="fetch-1")
    assert ledger.late_traffic([request, answer], CURRENT) == {7: EARLIER, 8: EARLIER}
