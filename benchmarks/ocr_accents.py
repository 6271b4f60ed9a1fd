"""Accented Latin words read exactly: 122 words in seven languages, drawn at 150 dpi, through the OCR engine.

    python -m benchmarks.ocr_accents

The words (data/accented_words/<language>.txt, one a line) each carry a diacritic, a ligature or a currency
sign, the letters a faster OCR set-up could lose first. They are drawn black on white in DejaVu Sans at 10 pt,
150 dpi, four to a row with wide gaps, like a clean scan of a typed page; a word counts when the OCR gives that
exact token. tests/documents/test_ocr_accents.py holds every word to it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WORDS_DIR = Path(__file__).resolve().parent / "data" / "accented_words"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # the machine's DejaVu: it draws every word here
DPI, POINTS, PER_ROW = 150, 10, 4
PAGE_WIDTH = round(8.27 * DPI)  # A4


def words() -> dict[str, list[str]]:
    """language -> its words, in file order."""
    return {path.stem: [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                        if line.strip() and not line.startswith("#")]
            for path in sorted(WORDS_DIR.glob("*.txt"))}


def page(all_words: list[str]) -> Image.Image:
    """The words on one page, PER_ROW a row in equal columns."""
    face = ImageFont.truetype(str(FONT), round(POINTS * DPI / 72))
    row_height = round(face.size * 2)
    rows = [all_words[i:i + PER_ROW] for i in range(0, len(all_words), PER_ROW)]
    margin = DPI // 2
    image = Image.new("RGB", (PAGE_WIDTH, 2 * margin + len(rows) * row_height), "white")
    draw = ImageDraw.Draw(image)
    column = (PAGE_WIDTH - 2 * margin) // PER_ROW
    for r, row in enumerate(rows):
        for c, word in enumerate(row):
            draw.text((margin + c * column, margin + r * row_height), word, fill="black", font=face)
    return image


def missed(recognize) -> tuple[int, list[str]]:
    """(words drawn, the words the OCR did not give exactly) with `recognize(image) -> Page`."""
    drawn = [word for group in words().values() for word in group]
    read = {word.text for word in recognize(page(drawn)).words}
    return len(drawn), [word for word in drawn if word not in read]


def main() -> None:
    from fieldwise.documents.ocr import recognize
    from fieldwise.documents.options import ReadOptions

    for effort in ("standard", "low"):
        total, misses = missed(lambda image: recognize(image, 1, ReadOptions(effort=effort)))
        print(f"accented words read exactly, {effort} effort: {total - len(misses)} of {total} ({len(words())} "
              f"languages, {POINTS} pt at {DPI} dpi){'; missed: ' + ' '.join(misses) if misses else ''}")


if __name__ == "__main__":
    main()
