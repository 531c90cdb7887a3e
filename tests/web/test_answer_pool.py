"""The pool of answer workers: a deadline per request, replacements for workers that overrun or die, no orphans.

These use light workers (``tests/web/_slow_worker.py``: answers echo the question, magic questions spin, crash
or raise), so no model is loaded; the app-level test over HTTP with the real assistant is in test_app.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.models import Answer
from assistant.settings import Settings
from assistant.web.answer_pool import BUSY, CLOSED, CRASHED, FAILED, AnswerPool, PoolStartError

from ..conftest import REPO, process_running, wait_until
from . import _slow_worker as traps

pytestmark = pytest.mark.slow  # starts worker processes and waits out deadlines (about 17 s)
FACTORY = "tests.web._slow_worker:build"


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file a trapped worker creates when it starts spinning (workers inherit the environment)."""
    path = tmp_path / "spinning"
    monkeypatch.setenv("TRAP_MARKER", str(path))
    return path


def _pool(size: int = 1, deadline: float = 1.0, **options: object) -> AnswerPool:
    return AnswerPool(Settings(), size=size, deadline=deadline, factory=FACTORY, **options)  # type: ignore[arg-type]


@pytest.fixture
def pool() -> Iterator[AnswerPool]:
    with _pool() as started:
        yield started
    assert started.pids == []


def _pid(answer: Answer) -> int:
    assert answer.kind == "answer", answer.text
    return int(answer.text.rsplit(" ", 1)[1])


def _fresh_answer(pool: AnswerPool) -> Answer:
    """The next normal answer (the pool waits for the replacement worker if need be)."""
    return pool.answer("hello")


def test_answers_and_verdicts_come_from_worker_processes(pool: AnswerPool) -> None:
    answer = pool.answer("hello")
    assert answer.text.startswith("echo: hello from ")
    assert _pid(answer) != os.getpid() and pool.pids == [_pid(answer)]
    result = pool.evaluate({"profit_billions": 150, "date": "2027", "capacity_request": "yes", "terms": "2025-01"})
    assert result.error is None and result.verdict is not None
    assert result.verdict.outcomes["agi_reached"] is True
    assert result.rows and result.citations and result.trace
    assert "month 13" in (pool.evaluate({"date": "2027-13"}).error or "")


@pytest.mark.parametrize("question", [traps.SPIN, traps.REGEX], ids=["python-loop", "catastrophic-regex"])
def test_a_runaway_answer_is_stopped_at_the_deadline_and_a_new_worker_answers_next(
    pool: AnswerPool, question: str
) -> None:
    before = pool.pids[0]
    started = time.monotonic()
    answer = pool.answer(question)
    elapsed = time.monotonic() - started
    assert answer.kind == "abstain" and answer.confidence == 1.0 and answer.question == question
    assert answer.text.startswith("This question took too long to answer (more than 1 seconds)")
    assert 1.0 <= elapsed < 15  # the deadline, plus stopping the worker (generous: 2 shared cores)
    assert not process_running(before)
    after = _pid(_fresh_answer(pool))
    assert after != before and pool.pids == [after]


def test_the_other_workers_keep_answering_while_one_runs_away(marker: Path) -> None:
    with _pool(size=2, deadline=30) as pool:
        outcome: list[Answer] = []
        runaway = threading.Thread(target=lambda: outcome.append(pool.answer(traps.SPIN)))
        runaway.start()
        assert wait_until(marker.exists, 30), "the trapped worker never started spinning"
        for _ in range(5):
            started = time.monotonic()
            assert pool.answer("hello").text.startswith("echo: hello")
            assert time.monotonic() - started < 1.0  # about a millisecond when nothing holds it up
        pool.close()  # stops the spinning worker too
        runaway.join(timeout=30)
        assert outcome and outcome[0].text == CLOSED


def test_a_worker_that_dies_is_replaced_and_its_caller_told(pool: AnswerPool) -> None:
    before = pool.pids[0]
    answer = pool.answer(traps.CRASH)
    assert (answer.kind, answer.text, answer.confidence) == ("abstain", CRASHED, 1.0)
    assert not process_running(before)
    assert _pid(_fresh_answer(pool)) != before


def test_a_worker_killed_while_idle_is_replaced_before_the_next_question(pool: AnswerPool) -> None:
    before = pool.pids[0]
    os.kill(before, signal.SIGKILL)
    assert wait_until(lambda: not process_running(before), 10)
    assert _pid(pool.answer("hello")) != before


def test_a_worker_that_died_idle_unnoticed_costs_the_next_question_nothing(
    pool: AnswerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool can hand out a dead worker before the kernel lets it see the death (a killed process with
    threads still exiting looks alive to ``poll()``); the question then goes to a new worker, not to the bin."""
    from assistant.web import answer_pool

    monkeypatch.setattr(answer_pool._Worker, "alive", lambda self: True)  # as if the death were not visible yet
    before = pool.pids[0]
    os.kill(before, signal.SIGKILL)
    assert wait_until(lambda: not process_running(before), 10)
    answer = pool.answer("hello")
    assert _pid(answer) != before and pool.pids == [_pid(answer)]


def test_an_error_in_the_answerer_is_a_sentence_and_the_worker_stays(pool: AnswerPool) -> None:
    before = pool.pids
    answer = pool.answer(traps.FAIL)
    assert (answer.kind, answer.text) == ("abstain", FAILED)
    assert "Traceback" not in answer.model_dump_json() and "ValueError" not in answer.text
    assert pool.pids == before and _pid(pool.answer("hello")) == before[0]


def test_a_scenario_past_the_deadline_gets_the_message_as_its_error(pool: AnswerPool) -> None:
    result = pool.evaluate({"date": traps.SLOW_SCENARIO_DATE})
    assert result.verdict is None
    assert (result.error or "").startswith("This scenario took too long to evaluate (more than 1 seconds)")
    assert pool.evaluate({"profit_billions": 150, "date": "2027"}).verdict is not None


def test_a_question_that_cannot_get_a_worker_is_told_to_try_again(marker: Path) -> None:
    with _pool(size=1, deadline=30, wait_timeout=0.5) as pool:
        runaway = threading.Thread(target=pool.answer, args=(traps.SPIN,))
        runaway.start()
        assert wait_until(marker.exists, 30)
        assert pool.answer("hello").text == BUSY
        pool.close()
        runaway.join(timeout=30)


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        ("tests.web._slow_worker:broken", "this worker cannot start"),
        ("tests.web._slow_worker:nothing_here", "names nothing callable"),
        ("no_such_module:build", "No module named 'no_such_module'"),
        ("no colon", "is not module:function"),
    ],
)
def test_a_worker_that_cannot_start_is_reported_and_leaves_no_process(factory: str, message: str) -> None:
    pool = AnswerPool(Settings(), size=1, factory=factory)
    with pytest.raises(PoolStartError, match=message):
        pool.start()
    assert pool.pids == []
    assert pool.answer("hello").text == CLOSED


def test_close_stops_every_worker_and_later_questions_get_a_message() -> None:
    pool = _pool(size=2)
    pool.start()
    pids = pool.pids
    assert len(pids) == 2 and all(process_running(p) for p in pids)
    pool.close()
    pool.close()
    assert not any(process_running(p) for p in pids)
    assert pool.answer("hello").text == CLOSED
    assert pool.evaluate({"date": "2027"}).error == CLOSED


SERVER = """
import sys
import time
from assistant.web.answer_pool import AnswerPool
from assistant.settings import Settings

pool = AnswerPool(Settings(), size=1, deadline=600, factory="tests.web._slow_worker:build")
pool.start()
print(pool.pids[0], flush=True)
pool.answer(sys.argv[1])
time.sleep(600)
"""


@pytest.mark.parametrize("question", [traps.SPIN, "hello"], ids=["busy-worker", "idle-worker"])
def test_workers_die_with_a_server_that_is_killed(marker: Path, question: str) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, question], cwd=REPO, stdout=subprocess.PIPE, text=True, env=os.environ
    )
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        if question == traps.SPIN:
            assert wait_until(marker.exists, 30)
        server.kill()  # SIGKILL: no clean-up runs in the server
        server.wait()
        assert wait_until(lambda: not process_running(worker), 15), f"worker {worker} outlived its server"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
