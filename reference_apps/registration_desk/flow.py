"""What the desk's screen shows of the flow under way, and the waits for what the operator enters.

A flow is a sequence of calls to ABHA with a pause wherever the operator must enter something:
the OTP the patient reads out (the test driver's enter-otp, or resend-otp to have it sent
again), or which of several ABHA numbers on the patient's mobile is theirs (select-account).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

IDLE = "idle"  # no flow since the desk started
IN_PROGRESS = "in-progress"  # calling ABHA
WAITING_FOR_OTP = "waiting-for-otp"
WAITING_FOR_ACCOUNT = "waiting-for-account"
DONE = "done"
FAILED = "failed"


class NotAwaited(Exception):
    """The operator entered something the flow is not waiting for."""


class _ResendOtp(Exception):
    """The operator asked for the OTP to be sent again."""


class Flow:
    def __init__(self, state: str = IN_PROGRESS):
        self._settled = asyncio.Event()  # set while the flow is not calling ABHA: the screen stands still
        self.state = state
        self.step = ""  # the call under way, the input awaited, or where the flow ended
        self.error: dict[str, Any] | None = None  # {"status", "body"}: what ABHA answered, as shown
        self.accounts: list[dict[str, Any]] = []  # the ABHA numbers on a mobile, while one is to be chosen
        self._input: asyncio.Future[str] | None = None

    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, state: str) -> None:
        self._state = state
        if state == IN_PROGRESS:
            self._settled.clear()
        else:
            self._settled.set()

    async def settled(self, seconds: float) -> None:
        """Return once the flow stops calling ABHA (done, failed, waiting for input), or after `seconds`."""
        try:
            await asyncio.wait_for(self._settled.wait(), seconds)
        except TimeoutError:
            pass

    def at(self, step: str) -> None:
        self.state, self.step = IN_PROGRESS, step

    async def otp(self, request_step: str, otp_step: str, send: Callable[[], Awaitable[str]]) -> tuple[str, str, str]:
        """Have ABHA send an OTP (`send` answers the request's txnId), again each time the operator asks for
        a resend, until they enter one: the first request's txnId, that of the OTP entered, and the OTP."""
        first_txn_id = None
        while True:
            self.at(request_step)
            txn_id = await send()
            first_txn_id = first_txn_id or txn_id
            try:
                return first_txn_id, txn_id, await self._wait(WAITING_FOR_OTP, otp_step)
            except _ResendOtp:
                continue

    async def account(self, step: str, accounts: list[dict[str, Any]]) -> str:
        """The ABHA number the operator selects among `accounts`, shown on the screen meanwhile."""
        self.accounts = accounts
        return await self._wait(WAITING_FOR_ACCOUNT, step)

    def enter_otp(self, otp: str) -> None:
        self._answer(WAITING_FOR_OTP).set_result(otp)

    def resend_otp(self) -> None:
        self._answer(WAITING_FOR_OTP).set_exception(_ResendOtp())

    def select_account(self, abha_number: str) -> None:
        self._answer(WAITING_FOR_ACCOUNT).set_result(abha_number)

    def done(self) -> None:
        self.state, self.step = DONE, "registered"

    def failed(self, status: int | None, body: Any) -> None:
        self.state, self.error = FAILED, {"status": status, "body": body}

    def screen(self) -> dict[str, Any]:
        return {"state": self.state, "step": self.step, "error": self.error, "accounts": self.accounts}

    async def _wait(self, state: str, step: str) -> str:
        self.state, self.step = state, step
        self._input = asyncio.get_running_loop().create_future()
        try:
            return await self._input
        finally:
            self._input = None

    def _answer(self, awaited: str) -> asyncio.Future[str]:
        if self._input is None or self._input.done() or self.state != awaited:
            raise NotAwaited
        self.state, self.accounts = IN_PROGRESS, []  # at once: a read-back right after must not show the wait
        return self._input
