"""Loaded by a worker process started with this folder on PYTHONPATH: SIGKILLs the process at
the point of the send that `FLUXO_TEST_KILL_AT` names, once, to test what survives a crash there.

The send code itself runs unchanged; each point wraps one real step and dies right after it:
    credentials  the channel's credentials were read and decrypted (before the ledger mark)
    ledger-mark  the ledger mark was committed (before the provider call)
"""

import os
import signal
from typing import Any

POINT = os.environ.get("FLUXO_TEST_KILL_AT")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


if POINT == "credentials":
    import channels.whatsapp.delivery as whatsapp_delivery

    # The name as the delivery module imported it (what its `prepare` calls).
    names = vars(whatsapp_delivery)
    _read = names["sending_channel"]

    async def _read_then_die(*args: Any, **kwargs: Any) -> Any:
        found = await _read(*args, **kwargs)
        _die()
        return found

    names["sending_channel"] = _read_then_die

elif POINT == "ledger-mark":
    from stores.conversations.send_ledger import SendLedger, SendStep

    _begin = SendLedger.begin

    async def _mark_then_die(self: SendLedger, *args: Any, **kwargs: Any) -> Any:
        decision = await _begin(self, *args, **kwargs)
        if decision.step is SendStep.send:
            _die()
        return decision

    SendLedger.begin = _mark_then_die  # type: ignore[method-assign]
