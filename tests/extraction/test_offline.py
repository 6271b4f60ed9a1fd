"""Extraction never opens a network connection."""

import socket

import pytest

from fieldwise.extraction import extract
from fieldwise.extraction.schema import FieldSpec

from tests.extraction.test_extract_types import AGREEMENT, INVOICE, NDA_FIELDS


def test_full_extraction_opens_no_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("extraction tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    extract(AGREEMENT, NDA_FIELDS)
    extract(INVOICE, [FieldSpec("total", "Total amount paid", "float"), FieldSpec("vendor", "Company that issued it")])


def test_the_guard_works(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", lambda *a, **k: (_ for _ in ()).throw(AssertionError("net")))
    with pytest.raises(AssertionError):
        socket.socket().connect(("127.0.0.1", 9))
