"""The engine worker: jobs run off the GUI thread and report back on it."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from receivers import JobRecorder

MAIN = threading.get_ident()


def where_am_i():
    return threading.get_ident()


def test_job_result_arrives_on_gui_thread_after_running_elsewhere(qtbot, bare_worker):
    rec = JobRecorder()
    bare_worker.submit("where", where_am_i, **rec.slots())
    qtbot.waitUntil(lambda: rec.finished, timeout=5000)
    assert rec.results and rec.results[0] != MAIN  # ran on the worker thread
    assert rec.threads == {MAIN}  # delivered on the GUI thread


def fail():
    raise ValueError("bad input 42")


def test_failing_job_reports_and_worker_stays_usable(qtbot, bare_worker):
    bad = JobRecorder()
    bare_worker.submit("fail", fail, **bad.slots())
    good = JobRecorder()
    bare_worker.submit("add", lambda: 2 + 3, **good.slots())
    qtbot.waitUntil(lambda: good.finished, timeout=5000)
    failure = bad.failures[0]
    assert failure.message == "bad input 42" and failure.kind == "ValueError" and failure.expected
    assert "ValueError" in failure.details and "Traceback" in failure.details
    assert good.results == [5]


def count_forever():
    n = 0
    while True:
        yield n
        n += 1
        time.sleep(0.005)


def test_cancel_stops_a_long_generator_job(qtbot, bare_worker):
    rec = JobRecorder()
    job = bare_worker.submit("count", count_forever, **rec.slots())
    qtbot.waitUntil(lambda: len(rec.progress) >= 5, timeout=5000)
    job.cancel()
    qtbot.waitUntil(lambda: rec.finished, timeout=2000)
    assert rec.cancelled and not rec.results and not rec.failures
    assert rec.progress[:5] == [0, 1, 2, 3, 4]
    after = JobRecorder()
    bare_worker.submit("next", lambda: "ok", **after.slots())
    qtbot.waitUntil(lambda: after.finished, timeout=2000)
    assert after.results == ["ok"]


def finite(n):
    for i in range(n):
        yield i / n
    return "done"


def test_generator_result_is_its_return_value(qtbot, bare_worker):
    rec = JobRecorder()
    bare_worker.submit("finite", finite, 4, **rec.slots())
    qtbot.waitUntil(lambda: rec.finished, timeout=2000)
    assert rec.progress == [0.0, 0.25, 0.5, 0.75]
    assert rec.results == ["done"]


def polls_control(control):
    steps = 0
    while not control.stop_requested:
        control.report(steps)
        steps += 1
        time.sleep(0.005)
    return steps


def test_callable_job_gets_control_for_progress_and_stop(qtbot, bare_worker):
    rec = JobRecorder()
    job = bare_worker.submit("poll", polls_control, pass_control=True, **rec.slots())
    qtbot.waitUntil(lambda: len(rec.progress) >= 3, timeout=5000)
    job.cancel()
    qtbot.waitUntil(lambda: rec.finished, timeout=2000)
    assert rec.results and rec.results[0] >= 3


def test_jobs_run_one_at_a_time_in_submission_order(qtbot, bare_worker):
    order = []
    lock_held = threading.Lock()

    def step(i):
        assert lock_held.acquire(blocking=False), "two jobs overlapped"
        time.sleep(0.01)
        order.append(i)
        lock_held.release()

    recs = [JobRecorder() for _ in range(6)]
    for i, rec in enumerate(recs):
        bare_worker.submit(f"s{i}", step, i, **rec.slots())
    qtbot.waitUntil(lambda: all(r.finished for r in recs), timeout=5000)
    assert order == list(range(6))
    assert not any(r.failures for r in recs)


def tensorflow_is_loaded():
    return "tensorflow" in sys.modules


def test_jobs_submitted_while_tensorflow_loads_wait_their_turn(qtbot):
    from engine.worker import LOADING, READY, Worker

    w = Worker()
    assert w.state == LOADING
    rec = JobRecorder()
    w.submit("tf", tensorflow_is_loaded, **rec.slots())
    w.start()
    try:
        qtbot.waitUntil(lambda: rec.finished, timeout=60_000)
        assert rec.results == [True]  # the job ran only after the import
        qtbot.waitUntil(lambda: w.state == READY, timeout=2000)
        assert "TensorFlow" in w.versions and "Keras" in w.versions
    finally:
        assert w.shutdown(10)


def test_shutdown_during_a_running_job_is_bounded(qtbot):
    from engine.worker import Worker

    w = Worker(load_tf=False)
    w.start()
    rec = JobRecorder()
    w.submit("count", count_forever, **rec.slots())
    queued = JobRecorder()
    w.submit("never", lambda: "should not run", **queued.slots())
    qtbot.waitUntil(lambda: len(rec.progress) >= 2, timeout=5000)
    started = time.monotonic()
    assert w.shutdown(5)
    assert time.monotonic() - started < 2
    assert not w.isRunning()
    assert not queued.results


def test_slots_must_be_qobject_methods(bare_worker):
    # A lambda slot would run in the worker thread and touch widgets from there.
    with pytest.raises(TypeError, match="method of a QObject"):
        bare_worker.submit("x", where_am_i, on_result=lambda value: None)
    with pytest.raises(TypeError, match="unknown job signal"):
        bare_worker.submit("x", where_am_i, on_done=JobRecorder().on_finished)
