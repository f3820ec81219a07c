"""Runs inside the Lambda, never in lambdadesk: put into the deployed code by Debug as the function's handler.
It listens for a debugger (debugpy) on the port lambdadesk chose, makes each invocation wait (bounded) until one
is attached, then calls the user's own handler, imported only then so that breakpoints anywhere in it hold.
What it prints after MARK tells lambdadesk how the wait went. lambdadesk itself never imports this module (it
would listen): debug_package reads its text into the zip."""

import importlib
import os
import threading
from typing import Any

import debugpy

MARK = "LAMBDADESK-DEBUG"  # debug_package.MARK, which lambdadesk reads in the function's log
_HANDLER = os.environ.get("LAMBDADESK_DEBUG_HANDLER", "")
_HOST = os.environ.get("LAMBDADESK_DEBUG_HOST", "127.0.0.1")
_PORT = int(os.environ.get("LAMBDADESK_DEBUG_PORT", "5678"))
_WAIT_S = float(os.environ.get("LAMBDADESK_DEBUG_WAIT_S", "60"))
_SHOWN = os.environ.get("LAMBDADESK_DEBUG_SHOWN", f"{_HOST}:{_PORT}")  # where the editor attaches
_handler: Any = None

_listening = False
if _HANDLER:  # only inside a function Debug deployed
    try:
        debugpy.listen((_HOST, _PORT), in_process_debug_adapter=True)  # at init: the port opens with the environment
        _listening = True
    except Exception as exc:  # a second environment of the same function (the first is stopped at a breakpoint)
        print(f"{MARK} not listening on {_SHOWN}: {exc}", flush=True)


def handler(event: Any, context: Any) -> Any:
    global _handler
    if _listening and not debugpy.is_client_connected():
        print(f"{MARK} waiting on {_SHOWN} for {_WAIT_S:.0f} s", flush=True)
        waiter = threading.Thread(target=debugpy.wait_for_client, daemon=True)
        waiter.start()
        waiter.join(_WAIT_S)
        if waiter.is_alive():
            debugpy.wait_for_client.cancel()
            print(f"{MARK} no debugger attached to {_SHOWN} within {_WAIT_S:.0f} s", flush=True)
            raise TimeoutError(f"lambdadesk: no debugger attached to {_SHOWN} within {_WAIT_S:.0f} s")
        print(f"{MARK} attached on {_SHOWN}", flush=True)
    if _handler is None:
        module, _, name = _HANDLER.rpartition(".")
        _handler = getattr(importlib.import_module(module), name)
    return _handler(event, context)
