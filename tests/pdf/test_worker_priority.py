"""PDF worker processes started for the desktop app lower their own CPU priority; the command line's do not."""

from __future__ import annotations

import os

import pytest

from casebook.core.worker_priority import NICENESS_VARIABLE, yield_if_asked
from casebook.pdf.worker import PdfWorker

needs_nice = pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no nice values on this platform")


def _extract_and_read_niceness(text_pdf) -> int:
    with PdfWorker() as worker:
        assert "ORDER GRANTING" in worker.extract(text_pdf).pages[0].text  # it still does its work
        return os.getpriority(os.PRIO_PROCESS, worker._process.pid)


@needs_nice
def test_a_worker_started_for_the_app_runs_below_the_apps_priority(monkeypatch, text_pdf):
    monkeypatch.setenv(NICENESS_VARIABLE, "5")
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert _extract_and_read_niceness(text_pdf) == min(19, own + 5)


@needs_nice
def test_a_worker_of_the_command_line_keeps_full_priority(monkeypatch, text_pdf):
    monkeypatch.delenv(NICENESS_VARIABLE, raising=False)
    assert _extract_and_read_niceness(text_pdf) == os.getpriority(os.PRIO_PROCESS, 0)


def test_only_a_plain_increment_is_applied(monkeypatch):
    applied: list[int] = []
    monkeypatch.setattr(os, "nice", applied.append, raising=False)
    for value in ("", "ten", "-5", "2.5"):  # raising a priority is never asked for
        monkeypatch.setenv(NICENESS_VARIABLE, value)
        assert yield_if_asked() == 0
    monkeypatch.setenv(NICENESS_VARIABLE, "40")
    assert yield_if_asked() == 19
    assert applied == [19]
