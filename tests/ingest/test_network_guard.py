"""The network tripwire used by the ingest tests really trips."""

from __future__ import annotations

import socket

import pytest


def test_connect_is_refused_inside_ingest_tests() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(AssertionError, match="network connection attempted"):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()
