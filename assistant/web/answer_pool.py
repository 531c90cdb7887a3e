"""Answers in worker processes, each under a hard deadline, so that no question can freeze the app.

The browser app used to answer in its own threads, and a question that kept the answerer busy (a
catastrophic regular expression holds the GIL inside C) stalled every user, down to ``GET /``.
:class:`AnswerPool` keeps ``settings.app_concurrency`` worker processes, each with its own warm
:class:`~assistant.api.Assistant`. A request goes to an idle worker, or waits for one. When its reply
has not come within ``settings.answer_deadline`` seconds, the worker is killed (SIGTERM, then SIGKILL),
a fresh one is started in the background, and the caller gets a plain message in place of an answer.
A worker that dies is replaced the same way. A worker acknowledges each request as soon as it reads
it, so one that had died while idle (before the pool could see it) costs its next caller nothing: the
request goes to another worker. Meanwhile the other workers serve everyone else.

Workers are fresh interpreters (``python -c …``, as multiprocessing's "spawn" start method makes them;
nothing is forked from the server, which runs threads). multiprocessing's own spawn is not used because
it re-imports the server's ``__main__`` in every child, and ``app.py`` imports Gradio: seconds and
~100 MB per worker for nothing. Every worker is started from one long-lived thread and asks the kernel
to kill it when that thread's process dies (``PR_SET_PDEATHSIG``, Linux), so none outlives the server,
even one stuck in a runaway answer. Requests and replies are pickled plain dicts over a socket pair:
the answer travels as ``Answer.model_dump(mode="json")`` and is rebuilt with ``model_validate``.

What a worker runs is an importable factory, ``"module:function"``, called with the settings and
returning an :class:`~assistant.web.answerers.Answerer`; the default,
:func:`~assistant.web.answerers.assistant_worker`, prepares the index and answers one question before
the worker reports ready. Tests inject slow or crashing factories. The worker's side of the exchange is
:mod:`assistant.web.answer_worker`.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import queue
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.models import Answer
from assistant.settings import Settings, get_settings
from assistant.web.answer_worker import ACK
from assistant.web.answerers import DEFAULT_FACTORY

if TYPE_CHECKING:
    from assistant.web.scenario_form import ScenarioResult

log = logging.getLogger(__name__)

START_TIMEOUT = 600.0  # the first worker may build the index from scratch
WAIT_TIMEOUT = 60.0
STOP_GRACE = 2.0

TOO_LONG_ANSWER = (
    "This question took too long to answer (more than {seconds:g} seconds), so it was stopped. "
    "Try asking it in fewer, plainer words."
)
TOO_LONG_SCENARIO = (
    "This scenario took too long to evaluate (more than {seconds:g} seconds), so it was stopped. "
    "Check its fields and try again."
)
CRASHED = "Something went wrong while answering, so the answer was stopped. Please try again, perhaps in other words."
FAILED = "Something went wrong while answering this question. Please try again, perhaps in other words."
BUSY = "The assistant is busy restarting after a question it could not answer. Please try again in a minute."
CLOSED = "The assistant is shutting down. Please try again in a moment."

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_BOOT = "import sys; from assistant.web.answer_worker import main; main(int(sys.argv[1]), int(sys.argv[2]))"


class PoolStartError(RuntimeError):
    """A worker could not be started; the message says why."""


class _Worker:
    """One worker process and this side of its socket."""

    def __init__(self, process: subprocess.Popen[bytes], conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.pid = process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Terminate the process, killing it when it has not exited after ``grace`` seconds."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class AnswerPool:
    """Worker processes that answer questions and evaluate scenarios, each request under a deadline.

    Use :meth:`start` (or ``with AnswerPool(...) as pool``) before asking, and :meth:`close` at the end
    (also registered with :mod:`atexit`). Thread-safe: each call takes a worker to itself.

    Args:
        settings: Configuration; defaults to the environment's.
        size: Number of workers; ``settings.app_concurrency`` by default.
        deadline: Seconds one request may take; ``settings.answer_deadline`` by default.
        factory: ``"module:function"`` building the answerer inside each worker from the settings.
        start_timeout: Seconds a worker may take to become ready.
        wait_timeout: Seconds a request waits for an idle worker before it is told to try again.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        size: int | None = None,
        deadline: float | None = None,
        factory: str = DEFAULT_FACTORY,
        start_timeout: float = START_TIMEOUT,
        wait_timeout: float = WAIT_TIMEOUT,
    ) -> None:
        self.settings = settings or get_settings()
        self.size = size or self.settings.app_concurrency
        self.deadline = deadline or self.settings.answer_deadline
        self.factory = factory
        self.start_timeout = start_timeout
        self.wait_timeout = wait_timeout
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._spawner: ThreadPoolExecutor | None = None

    # ----- life cycle ------------------------------------------------------------------------------

    def start(self) -> list[str]:
        """Start the workers and wait until every one is ready.

        The first worker starts alone, so that it builds the index (or the ONNX export of the model)
        if need be while no other waits on the same lock; the others then start together.

        Returns:
            Notices of what preparing the index did.

        Raises:
            PoolStartError: A worker could not start (the pool is closed again).
        """
        if self._spawner is not None:
            raise RuntimeError("the pool has already been started")
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer-pool-spawner")
        atexit.register(self.close)
        started: list[_Worker] = []
        try:
            started.append(self._launch())
            notices = self._await_ready(started[0])
            started += [self._launch() for _ in range(self.size - 1)]
            for worker in started[1:]:
                notices += [n for n in self._await_ready(worker) if n not in notices]
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)
        return notices

    def close(self) -> None:
        """Stop every worker (those answering too) and refuse further requests; safe to call twice."""
        with self._lock:
            if self._closed.is_set():
                return
            self._closed.set()
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:  # idle workers exit on their own at this; busy ones are stopped below
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send_bytes(pickle.dumps(None))
        end = time.monotonic() + STOP_GRACE
        for worker in workers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=max(0.0, end - time.monotonic()))
        for worker in workers:
            worker.stop()
        self._idle.put(None)  # wakes whoever waits for a worker
        if self._spawner is not None:
            self._spawner.shutdown(wait=False, cancel_futures=True)
        atexit.unregister(self.close)

    def __enter__(self) -> AnswerPool:
        if self._spawner is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        """Process ids of the workers alive now (idle, busy or starting)."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    # ----- requests --------------------------------------------------------------------------------

    def answer(self, question: object, history: object = None, *, terms: str | None = None) -> Answer:
        """Answer one question in a worker; past the deadline, or when the worker fails, a plain message.

        Args:
            question: The question, as :meth:`assistant.api.Assistant.answer` takes it.
            history: Earlier turns as ``(question, answer_text)`` pairs (lists from JSON are fine).
            terms: Version of the agreement, as for ``Assistant.answer``.

        Returns:
            The worker's answer; or a declined :class:`Answer` (confidence 1) whose text says what happened.
        """
        request = {"op": "answer", "question": question, "history": history, "terms": terms}
        reply = self._call(request, TOO_LONG_ANSWER.format(seconds=self.deadline), _shown(question))
        if isinstance(reply, str):
            limit = self.settings.max_question_chars
            return Answer(kind="abstain", text=reply, confidence=1.0, question=_shown(question)[:limit])
        return Answer.model_validate(reply)

    def evaluate(self, fields: dict[str, Any]) -> ScenarioResult:
        """Evaluate a scenario in a worker; past the deadline, or when the worker fails, ``error`` says so."""
        from assistant.web.scenario_form import ScenarioResult

        request = {"op": "evaluate", "fields": dict(fields)}
        reply = self._call(request, TOO_LONG_SCENARIO.format(seconds=self.deadline), repr(fields))
        if isinstance(reply, str):
            return ScenarioResult(error=reply)
        return ScenarioResult.model_validate(reply)

    def _call(self, request: dict[str, Any], too_long: str, about: str) -> dict[str, Any] | str:
        """Send ``request`` to an idle worker; its reply's value, or the message to show instead."""
        if self._spawner is None:
            raise RuntimeError("start the pool before asking it")
        payload = pickle.dumps(request)
        for attempt in range(self.size + 1):  # another worker when one turns out to have died while idle
            worker = self._take()
            if worker is None:
                return CLOSED if self._closed.is_set() else BUSY
            reply = self._exchange(worker, payload, too_long, about, may_retry=attempt < self.size)
            if reply is not None:
                return reply
        return CRASHED

    def _exchange(
        self, worker: _Worker, payload: bytes, too_long: str, about: str, *, may_retry: bool
    ) -> dict[str, Any] | str | None:
        """One request to one worker: its reply's value, the message to show, or ``None`` to try another.

        ``None`` means the worker had died before it read the request (killed while idle, say), which is
        no fault of the request; a worker that dies after acknowledging it (see ``answer_worker.ACK``)
        died answering it.
        """
        taken = False
        try:
            worker.conn.send_bytes(payload)
            end = time.monotonic() + self.deadline
            taken = worker.conn.poll(self.deadline) and worker.conn.recv_bytes() == ACK
            if not taken or not worker.conn.poll(max(0.0, end - time.monotonic())):
                self._retire(worker, f"gave no reply within {self.deadline:g} s to {about[:200]!r}")
                return too_long
            reply = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError):
            if not taken and may_retry:
                self._retire(worker, "had died while idle")
                return None
            self._retire(worker, f"died while answering {about[:200]!r}")
            return CLOSED if self._closed.is_set() else CRASHED
        self._idle.put(worker)
        if not isinstance(reply, dict) or not reply.get("ok"):
            return FAILED  # the worker logged the traceback; the user gets a sentence
        return dict(reply["value"])

    def _take(self) -> _Worker | None:
        """An idle, living worker; ``None`` when none came within ``wait_timeout`` or the pool closed."""
        end = time.monotonic() + self.wait_timeout
        while not self._closed.is_set():
            try:
                worker = self._idle.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                return None
            if worker is None:
                self._idle.put(None)  # pass the wake-up on to the next waiter
                return None
            if worker.alive():
                return worker
            self._retire(worker, "exited while idle")
        return None

    # ----- workers ---------------------------------------------------------------------------------

    def _launch(self) -> _Worker:
        """Start a worker process from the spawner thread (see the module's docstring for why)."""
        if self._spawner is None:
            raise PoolStartError("the pool has not been started")
        try:
            return self._spawner.submit(self._spawn).result()
        except PoolStartError:
            raise
        except RuntimeError as exc:  # the spawner was shut down: the pool is closing
            raise PoolStartError("the pool is closed") from exc

    def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        paths = [_PACKAGE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])]
        try:
            process = subprocess.Popen(
                [sys.executable, "-P", "-c", _BOOT, str(theirs.fileno()), str(os.getpid())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
            )
        except OSError as exc:
            ours.close()
            raise PoolStartError(f"could not start a worker process: {exc}") from exc
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()))
        with self._lock:
            if self._closed.is_set():
                worker.stop()
                raise PoolStartError("the pool is closed")
            self._workers.add(worker)
        init = {"factory": self.factory, "settings": self.settings, "sys_path": list(sys.path)}
        with contextlib.suppress(OSError):  # a worker that died at once is reported by _await_ready
            worker.conn.send_bytes(pickle.dumps(init))
        return worker

    def _await_ready(self, worker: _Worker) -> list[str]:
        """Wait for ``worker`` to report ready; its notices. A worker that fails is stopped."""
        try:
            if not worker.conn.poll(self.start_timeout):
                raise PoolStartError(f"a worker was not ready within {self.start_timeout:g} s")
            reply = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError) as exc:
            self._discard(worker)
            raise PoolStartError(
                f"a worker exited while starting (exit code {worker.process.returncode}); its error is in the log"
            ) from exc
        except PoolStartError:
            self._discard(worker)
            raise
        if not isinstance(reply, dict) or not reply.get("ok"):
            self._discard(worker)
            raise PoolStartError(str(reply.get("error") if isinstance(reply, dict) else reply))
        return [str(n) for n in reply.get("notices") or []]

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()
        worker.conn.close()

    def _retire(self, worker: _Worker, reason: str) -> None:
        """Stop a worker that overran or died, and start its replacement in the background."""
        self._discard(worker)
        if self._closed.is_set():
            return
        log.warning(
            "answer worker %d %s (exit code %s); starting a new one", worker.pid, reason, worker.process.returncode
        )
        threading.Thread(target=self._replace, name="answer-pool-replace", daemon=True).start()

    def _replace(self) -> None:
        """Bring one new worker up, retrying with a growing pause while it fails and the pool is open."""
        pause = 1.0
        while not self._closed.is_set():
            try:
                worker = self._launch()
                self._await_ready(worker)
            except PoolStartError as exc:
                if self._closed.is_set():
                    return
                log.error("a new answer worker could not start (%s); trying again in %g s", exc, pause)
                self._closed.wait(pause)
                pause = min(pause * 2, 60.0)
                continue
            self._idle.put(worker)
            log.info("answer worker %d is ready", worker.pid)
            return


def _shown(question: object) -> str:
    """The question as text that is safe to put in an answer (no lone surrogates)."""
    if not isinstance(question, str):
        return ""
    return question.encode("utf-8", errors="replace").decode("utf-8")


# ----- inside a worker process -------------------------------------------------------------------------
