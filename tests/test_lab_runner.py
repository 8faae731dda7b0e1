"""LabRunner: newest result only, and a lab that goes away while its job runs is not an error."""
from __future__ import annotations

import threading

import shiboken6

from explorer.labs.runner import LabRunner


def test_only_the_newest_submission_is_delivered(qtbot):
    runner = LabRunner()
    gate = threading.Event()
    got = []
    runner.result_ready.connect(lambda generation, result: got.append(result))
    runner.submit(lambda: gate.wait(5) and "first")
    last = runner.submit(lambda: "second")
    gate.set()
    runner.wait()
    qtbot.waitUntil(lambda: got == ["second"], timeout=2000)
    assert runner.generation == last
    runner.stop()


def test_a_runner_deleted_while_its_job_runs_drops_the_result(qtbot, capfd):
    runner = LabRunner()
    started, gate = threading.Event(), threading.Event()

    def job():
        started.set()
        gate.wait(5)
        return "late"

    runner.submit(job)
    assert started.wait(5)
    threading.Timer(0.2, gate.set).start()
    shiboken6.delete(runner)          # the lab closed without stop(): its pool waits for the job
    qtbot.wait(50)
    assert "Signal source has been deleted" not in capfd.readouterr().err
