"""Documents arriving in a request: multipart parts `file`, `files`, `files[]`, a `text` field, or the older
SDKs' `file_base64` + `filename` + `content_type` fields. Size is enforced while the body streams in, so an
oversized upload is refused without being held in memory."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message

from fieldwise.documents.sniff import detect_media_type
from fieldwise.errors import FileTooLarge, UnsupportedFileType, ValidationFailed
from fieldwise.jobs.submit import Upload

_FORM_OVERHEAD = 256 * 1024
TEXT_NAME_WORDS, TEXT_NAME_CHARS = 5, 40  # a text upload is named by at most this many of its first words
_SDK_FILE_BUG = (
    "'file' arrived as a plain form field, not as a file part. The official anyformat 0.x SDKs send the Python "
    "repr of a file object this way; send the document as a multipart file part, or use file_base64 with "
    "filename and content_type, or text."
)


def _too_large(limit: int) -> FileTooLarge:
    return FileTooLarge(f"the file is larger than the {limit // (1024 * 1024)} MB limit")


def limited_request(request: Request, max_file_bytes: int) -> Request:
    """The same request, whose body read raises FileTooLarge once it passes what a file of the limit needs."""
    budget = max_file_bytes * 4 // 3 + _FORM_OVERHEAD  # room for base64 and multipart framing
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > budget:
        raise _too_large(max_file_bytes)
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > budget:
                raise _too_large(max_file_bytes)
        return message

    return Request(request.scope, receive)


async def read_form(request: Request, max_file_bytes: int) -> FormData:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise ValidationFailed("send the document as multipart/form-data (a 'file' part or a 'text' field)")
    try:
        return await limited_request(request, max_file_bytes).form(
            max_files=100, max_fields=100, max_part_size=max_file_bytes * 4 // 3 + _FORM_OVERHEAD
        )
    except FileTooLarge:
        raise
    except Exception as exc:  # a malformed multipart body is the client's mistake
        raise ValidationFailed(f"the multipart body could not be parsed: {exc}") from exc


def text_filename(text: str) -> str:
    """A text upload's file name: its first words, slugged ("invoice-number-r-9.txt"), or text.txt."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())
    slug = ""
    for word in words[:TEXT_NAME_WORDS]:
        if slug and len(slug) + len(word) + 1 > TEXT_NAME_CHARS:
            break
        slug = f"{slug}-{word}" if slug else word[:TEXT_NAME_CHARS]
    return f"{slug or 'text'}.txt"


async def _from_part(part: UploadFile, max_file_bytes: int) -> Upload:
    if part.size is not None and part.size > max_file_bytes:
        raise _too_large(max_file_bytes)
    data = await part.read()
    if len(data) > max_file_bytes:
        raise _too_large(max_file_bytes)
    name = part.filename or "document"
    return await run_in_threadpool(_checked, name, data, part.content_type)  # sniffing reads zips: off the loop


_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/csv", "text/html", "message/rfc822"})
_BINARY_PREFIXES = ("application/pdf", "image/", "application/vnd.openxmlformats-officedocument.")


def _contradicts(declared: str | None, detected: str) -> bool:
    """A body whose bytes are text, sent as a PDF, an image or an Office file: the bytes contradict the type."""
    base = (declared or "").split(";")[0].strip().lower()
    return detected in _TEXT_TYPES and base.startswith(_BINARY_PREFIXES)


def _checked(filename: str, data: bytes, declared: str | None) -> Upload:
    if not data:
        raise ValidationFailed({"file": [f"the file {filename!r} is empty"]})
    filename = filename.replace("\x00", "")[-255:] or "document"
    detected = detect_media_type(data, filename, declared)
    if _contradicts(declared, detected):
        raise UnsupportedFileType(f"the file {filename!r} is declared {declared} but its content is text; send it "
                                  "with its own type (text/plain, text/csv, ...) or send the real file")
    return Upload(filename, detected, data)


def _one_text(form: FormData, key: str) -> str | None:
    value = form.get(key)
    return value if isinstance(value, str) else None


async def single_document(form: FormData, max_file_bytes: int) -> Upload:
    """Exactly one of: a `file` part, a `text` field, or `file_base64` (+ filename, content_type)."""
    repeated = [name for name in ("file", "text", "file_base64") if len(form.getlist(name)) > 1]
    if repeated:
        raise ValidationFailed({repeated[0]: [f"send one {repeated[0]!r} part, not {len(form.getlist(repeated[0]))}; "
                                              "to send several files, POST them to /v2/workflows/{id}/files/"]})
    file_value = form.get("file")
    if isinstance(file_value, str):
        raise ValidationFailed({"file": [_SDK_FILE_BUG]})
    text = _one_text(form, "text")
    encoded = _one_text(form, "file_base64")
    given = [name for name, value in (("file", file_value), ("text", text), ("file_base64", encoded))
             if value is not None]
    if len(given) != 1:
        raise ValidationFailed(
            {"file": [f"send exactly one of file, text or file_base64 (got {', '.join(given) or 'none'})"]}
        )
    if isinstance(file_value, UploadFile):
        return await _from_part(file_value, max_file_bytes)
    if text is not None:
        data = text.encode("utf-8")
        if len(data) > max_file_bytes:
            raise _too_large(max_file_bytes)
        if not text.strip():
            raise ValidationFailed({"text": ["the text is empty"]})
        return Upload(text_filename(text), "text/plain", data)
    return await run_in_threadpool(_decoded, encoded or "", max_file_bytes, _one_text(form, "filename") or "document",
                                   _one_text(form, "content_type"))


def _decoded(encoded: str, max_file_bytes: int, filename: str, declared: str | None) -> Upload:
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed({"file_base64": ["not valid base64"]}) from exc
    if len(data) > max_file_bytes:
        raise _too_large(max_file_bytes)
    return _checked(filename, data, declared)


async def many_documents(form: FormData, max_file_bytes: int) -> list[Upload]:
    """One or more file parts named `files`, `files[]` or `file`."""
    parts = [*form.getlist("files"), *form.getlist("files[]"), *form.getlist("file")]
    if not parts:
        raise ValidationFailed({"files": ["at least one file part is required"]})
    uploads = [p for p in parts if not isinstance(p, str)]
    if len(uploads) < len(parts):
        raise ValidationFailed({"files": [_SDK_FILE_BUG.replace("'file'", "'files'")]})
    return [await _from_part(p, max_file_bytes) for p in uploads]
