"""JobChannel's three policies on a worker without TensorFlow: order, coalescing, staleness,
refusal, cancellation, and the one failure route (logged, then handed on)."""

from __future__ import annotations

import logging
import threading

import pytest
from receivers import count_jobs

from widgets.shared.jobs import JobChannel, Policy


class Gate:
    """A job that waits until the test opens it, so requests pile up behind it."""

    def __init__(self):
        self.event = threading.Event()

    def __call__(self, value):
        assert self.event.wait(10)
        return value


@pytest.fixture
def gate(bare_worker):
    gate = Gate()
    yield gate
    gate.event.set()


def test_queue_runs_every_request_in_order(qtbot, bare_worker):
    channel = JobChannel(bare_worker, "Test", Policy.QUEUE)
    got = []
    for i in range(5):
        channel.submit(f"job {i}", pow, i, 2, on_result=got.append)
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert got == [0, 1, 4, 9, 16]


def test_latest_keeps_one_waiting_request_and_drops_superseded_results(
    qtbot, bare_worker, gate, monkeypatch
):
    jobs = count_jobs(bare_worker, monkeypatch)
    channel = JobChannel(bare_worker, "Test", Policy.LATEST)
    got, finished = [], []
    channel.submit("first", gate, "first", on_result=got.append)
    for i in range(10):
        channel.submit("next", str, i, on_result=got.append, on_finished=lambda: finished.append(1))
    assert jobs == ["first"]  # the nine replaced requests never reached the worker
    gate.event.set()
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert jobs == ["first", "next"] and got == ["9"]  # "first" was superseded, so not shown
    assert finished == [1]


def test_latest_without_supersede_delivers_every_result_that_runs(qtbot, bare_worker, gate):
    channel = JobChannel(bare_worker, "Test", Policy.LATEST)
    got = []
    channel.submit("first", gate, "first", on_result=got.append)
    channel.submit("second", str, 2, on_result=got.append, supersede=False)
    gate.event.set()
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert got == ["first", "2"]


def test_exclusive_refuses_a_second_request_while_busy(qtbot, bare_worker, gate):
    channel = JobChannel(bare_worker, "Test", Policy.EXCLUSIVE)
    busy = []
    channel.busy_changed.connect(busy.append)
    assert channel.submit("run", gate, 1) is not None
    assert channel.submit("again", gate, 2) is None
    gate.event.set()
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert busy == [True, False]
    assert channel.submit("after", str, 3) is not None


def test_a_channel_destroyed_mid_job_is_safe(qtbot, bare_worker, gate):
    """A tab closed while its job runs: the job's late signals find nobody and change nothing."""
    got = []
    channel = JobChannel(bare_worker, "Test", Policy.QUEUE)
    channel.submit("running", gate, 1, on_result=got.append)
    channel.submit("queued", str, 2, on_result=got.append)
    del channel
    gate.event.set()
    qtbot.waitUntil(lambda: not bare_worker.busy, timeout=5000)
    qtbot.wait(50)
    assert got == []  # the channel is gone, so nothing is delivered (and nothing crashes)


def test_cancel_drops_what_is_waiting_and_what_is_running(qtbot, bare_worker, gate):
    channel = JobChannel(bare_worker, "Test", Policy.QUEUE)
    got = []
    channel.submit("running", gate, "running", on_result=got.append)
    channel.submit("queued", str, "queued", on_result=got.append)
    channel.cancel()
    gate.event.set()
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert got == []


def test_stopping_one_request_still_delivers_its_outcome(qtbot, bare_worker):
    """Stop in the trainer: the run ends early, and what it learned is still reported."""

    def steps(control):
        for i in range(1000):
            if control.stop_requested:
                return f"stopped at {i}"
            control.report(i)
            threading.Event().wait(0.005)
        return "ran to the end"

    channel = JobChannel(bare_worker, "Test", Policy.EXCLUSIVE)
    got, progress = [], []
    request = channel.submit(
        "steps", steps, pass_control=True, on_result=got.append, on_progress=progress.append
    )
    qtbot.waitUntil(lambda: len(progress) >= 3, timeout=5000)
    request.cancel()
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert got and got[0].startswith("stopped at")


def test_failures_are_logged_once_and_handed_on(qtbot, bare_worker, caplog):
    channel = JobChannel(bare_worker, "Test", Policy.QUEUE)
    handled, unhandled = [], []
    channel.failed.connect(unhandled.append)

    def refuse():
        raise ValueError("that input cannot work")

    def crash():
        raise RuntimeError("a bug")

    with caplog.at_level(logging.INFO, logger="widgets.shared.jobs"):
        channel.submit("refuse", refuse, on_failed=handled.append)
        channel.submit("crash", crash)
        qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert [f.message for f in handled] == ["that input cannot work"] and handled[0].expected
    assert [f.kind for f in unhandled] == ["RuntimeError"] and not unhandled[0].expected
    records = {r.levelname: r.getMessage() for r in caplog.records}
    assert "Traceback" not in records["INFO"] and "that input cannot work" in records["INFO"]
    assert "Traceback" in records["ERROR"] and "RuntimeError: a bug" in records["ERROR"]


def test_blocked_by_names_another_tabs_job(qtbot, bare_worker, gate):
    bare_worker.submit("Train the model", gate, 0, owner="MNIST Trainer")
    qtbot.waitUntil(lambda: bare_worker.current_job is not None, timeout=5000)
    channel = JobChannel(bare_worker, "Rank Explorer", Policy.LATEST)
    assert channel.blocked_by() is None  # nothing asked yet
    channel.submit("describe", str, 1)
    assert channel.blocked_by() == "for “Train the model” (MNIST Trainer) to finish"
    gate.event.set()
    qtbot.waitUntil(lambda: not channel.busy, timeout=5000)
    assert channel.blocked_by() is None


def test_a_closing_engine_refuses_new_work(bare_worker):
    channel = JobChannel(bare_worker, "Test", Policy.QUEUE)
    assert bare_worker.shutdown(5)
    assert channel.submit("late", str, 1) is None and not channel.busy
