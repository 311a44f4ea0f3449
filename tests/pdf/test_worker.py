"""PdfWorker: extraction in a child process that survives crashes, hangs and cancellation."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from casebook.core.errors import ImportRejected, RejectReason
from casebook.core.progress import Cancelled, CancelToken
from casebook.pdf.extract import extract_pdf
from casebook.pdf.worker import PdfWorker, default_timeout, extract_in_process


@pytest.fixture(scope="module")
def worker():
    with PdfWorker() as running:
        yield running


def test_worker_result_equals_in_process_result(worker, labelled_pdf):
    updates = []
    remote = worker.extract(labelled_pdf, progress=updates.append)
    local = extract_in_process(labelled_pdf)
    assert remote == local
    assert updates and updates[-1].done == updates[-1].total == 4


def test_rejection_crosses_the_process_boundary_intact(worker, docx_named_pdf, user_password_pdf):
    with pytest.raises(ImportRejected) as caught:
        worker.extract(docx_named_pdf)
    assert caught.value.reason is RejectReason.NOT_PDF
    assert caught.value.message.startswith(f"{docx_named_pdf.name}: not a PDF")
    with pytest.raises(ImportRejected) as caught:
        worker.extract(user_password_pdf)
    assert caught.value.reason is RejectReason.PASSWORD_REQUIRED
    assert "Sealed exhibit" in worker.extract(user_password_pdf, password="secret").pages[0].text


posix_only = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="stops the child with POSIX signals")


def _stopped_child(worker: PdfWorker) -> int:
    """Start the child and freeze it, so the next request hangs as if MuPDF looped on a page."""
    worker.start()
    pid = worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    return pid


@posix_only
def test_child_crash_is_reported_and_the_next_file_still_works(worker, text_pdf):
    pid = _stopped_child(worker)
    started = worker.started
    threading.Timer(0.3, os.kill, (pid, signal.SIGKILL)).start()  # stands in for MuPDF taking the process down
    with pytest.raises(ImportRejected) as caught:
        worker.extract(text_pdf, timeout=30)
    assert caught.value.reason is RejectReason.CRASHED
    assert "crashed" in caught.value.message
    assert "ORDER GRANTING" in worker.extract(text_pdf).pages[0].text
    assert worker.started == started + 1


@posix_only
def test_hung_child_is_killed_on_timeout(worker, text_pdf):
    pid = _stopped_child(worker)
    began = time.monotonic()
    with pytest.raises(ImportRejected) as caught:
        worker.extract(text_pdf, timeout=0.5)
    assert caught.value.reason is RejectReason.TIMEOUT and text_pdf.name in caught.value.message
    assert time.monotonic() - began < 5
    assert worker.pid != pid
    assert worker.extract(text_pdf).pages
    with pytest.raises(ImportRejected) as caught:
        worker.extract(text_pdf, timeout=0.0)
    assert caught.value.reason is RejectReason.TIMEOUT and text_pdf.name in caught.value.message


@posix_only
def test_cancel_while_in_flight_kills_the_child(worker, text_pdf):
    _stopped_child(worker)
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    began = time.monotonic()
    with pytest.raises(Cancelled):
        worker.extract(text_pdf, cancel=token)
    assert time.monotonic() - began < 5
    assert not worker.alive
    with pytest.raises(Cancelled):
        worker.extract(text_pdf, cancel=token)  # already cancelled: nothing is started
    assert worker.extract(text_pdf).pages


def test_the_child_refuses_to_run_a_callable(worker, text_pdf):
    """The child serves "extract", "ocr" and "stop" only; a pickled callable is refused, not run."""
    with pytest.raises(ImportRejected) as caught:
        worker._request(("call", os._exit, (7,)), label="call", timeout=30, cancel=None, progress=None)
    assert "unknown PDF worker request 'call'" in caught.value.message
    assert worker.alive  # os._exit(7) never ran
    assert worker.extract(text_pdf).pages


def test_close_stops_the_child(text_pdf):
    worker = PdfWorker()
    worker.extract(text_pdf)
    assert worker.alive
    worker.close()
    assert not worker.alive


def test_default_timeout_scales_with_size():
    assert default_timeout(0) == 60
    assert default_timeout(100 * 1024 * 1024) == 160


def test_in_process_alias():
    assert extract_in_process is extract_pdf
