"""The worker's side of the answer pool: build the answerer, then answer requests until told to stop.

Started by :class:`assistant.web.answer_pool.AnswerPool` as ``python -c`` with the socket it talks on.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

from assistant.offline import enforce_offline
from assistant.web.answerers import Answerer, load_factory

log = logging.getLogger(__name__)
# Sent as soon as a request is read, so the pool tells a worker that died idle from one a request killed.
ACK = b"taken"
_PR_SET_PDEATHSIG = 1


def main(fd: int, parent: int) -> None:
    """Serve requests on the socket ``fd`` until the pool says stop or the server goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the server decides
    _exit_with_parent(parent)
    enforce_offline()
    logging.basicConfig(level=logging.WARNING, format="answer worker %(process)d: %(message)s")
    conn = Connection(fd)
    try:
        init = pickle.loads(conn.recv_bytes())
    except (EOFError, OSError):
        return
    sys.path[:] = [*init["sys_path"], *(p for p in sys.path if p not in init["sys_path"])]
    try:
        answerer = load_factory(init["factory"])(init["settings"])
    except Exception as exc:
        log.exception("could not start")
        _send(conn, {"ok": False, "error": f"{init['factory']} failed: {type(exc).__name__}: {exc}"})
        return
    if not _send(conn, {"ok": True, "notices": list(getattr(answerer, "notices", None) or [])}):
        return
    while True:
        try:
            request = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:  # tells the pool this request reached a living worker (one killed while idle never sends it)
            conn.send_bytes(ACK)
        except OSError:
            return
        if not _send(conn, _serve(answerer, request)):
            return


def _serve(answerer: Answerer, request: dict[str, Any]) -> dict[str, Any]:
    try:
        if request["op"] == "answer":
            value: Any = answerer.answer(request["question"], request["history"], terms=request["terms"])
        elif request["op"] == "evaluate":
            value = answerer.evaluate(request["fields"])
        else:
            raise ValueError(f"unknown request {request['op']!r}")
        return {"ok": True, "value": value.model_dump(mode="json")}
    except Exception:
        log.exception("a request failed")
        return {"ok": False}


def _send(conn: Connection, message: dict[str, Any]) -> bool:
    try:
        conn.send_bytes(pickle.dumps(message))
    except OSError:
        return False
    return True


def _exit_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its server dies, even in the middle of a runaway answer (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the server died before the line above took effect
        os._exit(0)
