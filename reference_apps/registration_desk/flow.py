"""What the desk's screen shows of the flow under way, and the wait for the OTP the patient reads out.

A flow is a sequence of calls to ABHA with a pause wherever the patient must read out an
OTP; the operator types it in (the test driver's enter-otp) and the flow goes on.
"""

from __future__ import annotations

import asyncio
from typing import Any

IDLE = "idle"  # no flow since the desk started
IN_PROGRESS = "in-progress"  # calling ABHA
WAITING_FOR_OTP = "waiting-for-otp"
DONE = "done"
FAILED = "failed"


class NoPendingOtp(Exception):
    """An OTP was entered while no flow waits for one."""


class Flow:
    def __init__(self, state: str = IN_PROGRESS):
        self._settled = asyncio.Event()  # set while the flow is not calling ABHA: the screen stands still
        self.state = state
        self.step = ""  # the call under way, the OTP awaited, or where the flow ended
        self.error: dict[str, Any] | None = None  # {"status", "body"}: what ABHA answered, as shown
        self._otp: asyncio.Future[str] | None = None

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
        """Return once the flow stops calling ABHA (done, failed, waiting for an OTP), or after `seconds`."""
        try:
            await asyncio.wait_for(self._settled.wait(), seconds)
        except TimeoutError:
            pass

    def at(self, step: str) -> None:
        self.state, self.step = IN_PROGRESS, step

    async def otp(self, step: str) -> str:
        """The OTP the operator enters next."""
        self.state, self.step = WAITING_FOR_OTP, step
        self._otp = asyncio.get_running_loop().create_future()
        try:
            return await self._otp
        finally:
            self._otp = None

    def enter_otp(self, otp: str) -> None:
        if self._otp is None or self._otp.done():
            raise NoPendingOtp
        self._otp.set_result(otp)
        self.state = IN_PROGRESS  # at once: a read-back right after must not still ask for the OTP

    def done(self) -> None:
        self.state, self.step = DONE, "registered"

    def failed(self, status: int | None, body: Any) -> None:
        self.state, self.error = FAILED, {"status": status, "body": body}

    def screen(self) -> dict[str, Any]:
        return {"state": self.state, "step": self.step, "error": self.error}
