"""E-mail (RFC 822 .eml) -> a first page with the headers and the body, then the pages of each attachment.

Each attachment is read by its own reader through `read`, its pages appended and renumbered; one that cannot be
read (unsupported, damaged, nested too deep) becomes a warning naming it, never the end of the e-mail.
"""

from __future__ import annotations

import dataclasses
import email
import email.policy
from email.message import EmailMessage

from fieldwise.documents.limits import check_pages_ahead, spend_pages, tick
from fieldwise.documents.model import Document, Page
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder
from fieldwise.errors import DocumentError, LimitExceeded, Withdrawn

_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def _body(message: EmailMessage, builder: PageBuilder) -> None:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return
    content = part.get_content()
    if part.get_content_subtype() == "html":
        from fieldwise.documents.html import add_html

        add_html(builder, content)
        return
    for paragraph in content.replace("\r\n", "\n").split("\n\n"):
        builder.text(paragraph)


def _attachment_bytes(part: EmailMessage) -> bytes:
    content = part.get_content()
    if isinstance(content, EmailMessage):
        return content.as_bytes()
    if isinstance(content, str):
        return content.encode("utf-8")
    return content


def _pages_ahead(message: EmailMessage) -> int:
    from fieldwise import documents

    total = 0
    for part in message.iter_attachments():
        try:
            total += documents.pages_ahead(_attachment_bytes(part), None, part.get_filename())
        except Exception:  # a malformed part: its own reading reports it as a warning
            continue
    return total


def read_eml(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    from fieldwise import documents

    options = options or ReadOptions()
    spend_pages(options, 1, "the e-mail")
    message = email.message_from_bytes(data, policy=email.policy.default)
    builder = PageBuilder(1, options, "the e-mail")
    header_lines = [f"{name}: {message[name]}" for name in _HEADERS if message[name] is not None]
    builder.text("\n".join(header_lines))
    _body(message, builder)
    pages: list[Page] = [builder.page()]
    warnings: list[str] = []
    deeper = dataclasses.replace(options, max_attachment_depth=options.max_attachment_depth - 1)
    if options.max_attachment_depth > 0:
        check_pages_ahead(options, _pages_ahead(message), "the e-mail's attachments")
    for index, part in enumerate(message.iter_attachments(), start=1):
        name = part.get_filename() or f"attachment {index}"
        if options.max_attachment_depth <= 0:
            warnings.append(f"attachment {name}: skipped, e-mails nested too deep")
            continue
        tick(options)
        try:
            attached = documents.read(_attachment_bytes(part), None, deeper, filename=part.get_filename())
        except (LimitExceeded, Withdrawn):
            raise  # the run's limits hold over its attachments: past one, the whole run ends with the reason
        except DocumentError as exc:
            warnings.append(f"attachment {name}: {exc}")
            continue
        except Exception as exc:  # a malformed MIME part: the rest of the e-mail is still worth reading
            warnings.append(f"attachment {name}: could not be decoded ({type(exc).__name__}: {exc})")
            continue
        for page in attached.pages:
            page.number = len(pages) + 1
            pages.append(page)
        warnings.extend(f"attachment {name}: {warning}" for warning in attached.warnings)
    return Document(pages=pages, media_type=media_type, warnings=warnings)
