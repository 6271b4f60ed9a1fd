"""Whatever the bytes, read() returns a Document or raises a DocumentError with a reason: never a library error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldwise import documents
from fieldwise.documents import sniff
from fieldwise.errors import DocumentError

PREFIXES = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"BM", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP",
            b"PK\x03\x04", b"<html><body>", b"From: a@b.c\nTo: d@e.f\nSubject: x\n\n", b"", b"\xd0\xcf\x11\xe0"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400),
       declared=st.sampled_from([None, sniff.PDF, sniff.PNG, sniff.DOCX, sniff.CSV, sniff.TEXT, "application/x-nope"]))
def test_read_never_leaks_a_library_error(prefix, body, declared):
    try:
        document = documents.read(prefix + body, declared)
    except DocumentError as exc:
        assert str(exc)
    else:
        assert document.page_count >= 1
