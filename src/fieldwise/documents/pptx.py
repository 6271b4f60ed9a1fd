"""PPTX -> one page per slide: the title, each text frame as a block, tables as table blocks, notes last."""

from __future__ import annotations

import io

from fieldwise.documents.limits import spend_pages, tick
from fieldwise.documents.model import BlockType, Document
from fieldwise.documents.ooxml import check_archive
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.structured import PageBuilder


def _links(text_frame) -> list[dict[str, str]]:
    return [
        {"text": run.text, "uri": run.hyperlink.address}
        for paragraph in text_frame.paragraphs for run in paragraph.runs if run.hyperlink.address
    ]


def _add_shape(builder: PageBuilder, shape, title_id: int | None) -> None:
    if shape.shape_type is not None and shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
        for child in shape.shapes:
            _add_shape(builder, child, title_id)
        return
    if getattr(shape, "has_table", False) and shape.has_table:
        builder.table([[cell.text for cell in row.cells] for row in shape.table.rows])
    elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        kind: BlockType = "title" if shape.shape_id == title_id else "text"
        builder.text(shape.text_frame.text, kind, _links(shape.text_frame))


def read_pptx(data: bytes, media_type: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    check_archive(data, "PPTX", options)
    from pptx import Presentation

    presentation = Presentation(io.BytesIO(data))
    spend_pages(options, len(presentation.slides), "the presentation")
    pages = []
    for number, slide in enumerate(presentation.slides, start=1):
        tick(options)
        builder = PageBuilder(number, options, "the presentation")
        title = slide.shapes.title
        title_id = title.shape_id if title is not None else None
        shapes = sorted(slide.shapes, key=lambda s: (s.shape_id != title_id, s.top or 0, s.left or 0))
        for shape in shapes:
            _add_shape(builder, shape, title_id)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            builder.text(slide.notes_slide.notes_text_frame.text)
        pages.append(builder.page())
    return Document(pages=pages, media_type=media_type)
