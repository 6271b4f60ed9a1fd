"""A Document as the `parse` section of the results envelope (spec 2.5): Markdown with block anchors, and blocks.

Confidences are on the API's 0-100 scale."""

from __future__ import annotations

from typing import Any

from fieldwise.documents.model import Block, Document


def _block_markdown(block: Block) -> str:
    if block.type == "table" and block.rows:
        cells = [[c.text.replace("|", "\\|").replace("\n", " ") for c in row] for row in block.rows]
        width = max(len(row) for row in cells)
        cells = [row + [""] * (width - len(row)) for row in cells]
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return "\n".join(lines)
    if block.type == "title":
        return "# " + block.text.replace("\n", " ")
    if block.type == "section-header":
        return "## " + block.text.replace("\n", " ")
    return block.text


def _confidence(block: Block) -> float | None:
    scores = [w.confidence for line in block.lines for w in line.words if w.confidence is not None]
    return round(100 * sum(scores) / len(scores), 2) if scores else None


def parse_output(document: Document, file_name: str | None = None) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    parts: list[str] = [f'<DOCUMENT name="{file_name or "document"}" pages="{document.page_count}">']
    for page in document.pages:
        for index, block in enumerate(page.blocks):
            block_id = f"p{page.number}_b{index}"
            marker = "<!-- continues the table at the end of the previous page -->\n" if block.continued else ""
            parts.append(f'<a id="{block_id}"></a>\n{marker}{_block_markdown(block)}')
            rows = None
            if block.rows is not None:
                rows = [
                    [{"cell_id": f"{block_id}_r{r}_c{c}", "text": cell.text} for c, cell in enumerate(row)]
                    for r, row in enumerate(block.rows)
                ]
            blocks.append({
                "id": block_id,
                "type": block.type,
                "page": page.number,
                "bbox": block.bbox.to_dict() if block.bbox else None,
                "layout_confidence": 100.0 if page.source != "ocr" else 90.0,
                "parse_confidence": _confidence(block),
                "content": block.text,
                "hyperlinks": list(block.hyperlinks),
                "rows": rows,
                "image_base64": None,
            })
    parts.append("</DOCUMENT>")
    confidences = [b["parse_confidence"] for b in blocks if b["parse_confidence"] is not None]
    return {
        "markdown": "\n\n".join(parts),
        "text": document.text,
        "layout_confidence": round(sum(b["layout_confidence"] for b in blocks) / len(blocks), 2) if blocks else None,
        "parse_confidence": round(sum(confidences) / len(confidences), 2) if confidences else None,
        "blocks": blocks,
    }
