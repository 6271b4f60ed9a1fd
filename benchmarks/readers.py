"""Reader speed on the dev NDAs and memory on a long PDF, as ratios to raw pypdfium2 measured in the same run.

    python -m benchmarks.readers [--docs 20] [--repeat 3] [--long-pages 500]

Times are CPU seconds of this process (the machine is shared, so wall time says more about the neighbours),
best of `repeat` rounds over the same documents:
  raw text   pypdfium2 get_text_range per page, no boxes (the floor for any text-layer reader)
  raw chars  get_text_range plus get_charbox for every character (a naive word reader)
  read       fieldwise.documents.read (words, boxes, lines, blocks, tables)
  read+extract  read, parse_output and the extraction engine with the NDA schema (what a worker does)
Receipts: fieldwise.documents.read on dev receipt photos (decode, EXIF, clean-up, OCR, words, lines, tables)
against the bare RapidOCR call on the same decoded pixels, same engine, one onnxruntime thread.
The peak RSS check renders a generated `long-pages` PDF in a child process and reads it.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path("/work/shared/bench")


def _raw_text(data: bytes, chars: bool) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages = len(pdf)
    for index in range(pages):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        if chars:
            for char in range(textpage.count_chars()):
                textpage.get_charbox(char, loose=True)
        textpage.close()
        page.close()
    pdf.close()
    return pages


def _read(data: bytes, extract_fields) -> int:
    from fieldwise import documents, extraction
    from fieldwise.documents.parse_output import parse_output

    document = documents.read(data, "application/pdf")
    if extract_fields is not None:
        parse_output(document)
        extraction.extract(document, extract_fields)
    return document.page_count


def _best(fn, datas, repeat: int) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        pages = sum(fn(data) for data in datas)
        best = min(best, time.process_time() - start)
    return best, pages


def speed(docs: int, repeat: int) -> None:
    from fieldwise.extraction import FieldSpec

    schema = json.loads((BENCH / "schemas" / "kleister-nda.json").read_text())
    fields = [FieldSpec(f["name"], f.get("description", ""), f["data_type"]) for f in schema["fields"]]
    files = sorted((BENCH / "dev" / "kleister-nda").rglob("*.pdf"))[:docs]
    datas = [f.read_bytes() for f in files]
    _read(datas[0], fields)  # warm imports
    runs = {
        "raw text": lambda d: _raw_text(d, chars=False),
        "raw chars": lambda d: _raw_text(d, chars=True),
        "read": lambda d: _read(d, None),
        "read+extract": lambda d: _read(d, fields),
    }
    results = {name: _best(fn, datas, repeat) for name, fn in runs.items()}
    base = results["raw text"][0]
    print(f"{len(files)} NDA PDFs, {results['raw text'][1]} pages, best of {repeat}, CPU seconds")
    print("| run | pages/s | x raw text |\n|---|---|---|")
    for name, (seconds, pages) in results.items():
        print(f"| {name} | {pages / seconds:.1f} | {seconds / base:.2f} |")


def receipts(count: int) -> None:
    import numpy as np
    from PIL import Image

    from fieldwise import documents
    from fieldwise.documents.ocr import get_engine
    from fieldwise.documents.options import ReadOptions

    files = sorted((BENCH / "dev" / "sroie" / "images").glob("*.jpg"))[:count]
    datas = [f.read_bytes() for f in files]
    engine = get_engine(ReadOptions())
    pixels = []
    for data in datas:
        with Image.open(io.BytesIO(data)) as image:
            pixels.append(np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1]))
    engine._ocr(pixels[0])  # warm the sessions
    start = time.process_time()
    for array in pixels:
        engine._ocr(array)
    bare = (time.process_time() - start) / len(pixels)
    start = time.process_time()
    for data in datas:
        documents.read(data, "image/jpeg")
    full = (time.process_time() - start) / len(datas)
    print(f"{len(datas)} receipts, CPU seconds each: bare RapidOCR {bare:.2f}, read() end to end {full:.2f} "
          f"({full / bare:.2f}x)")


def long_pdf(pages: int) -> bytes:
    """A text PDF of `pages` pages, each a copy of a dev NDA page, built with pypdfium2."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(sorted((BENCH / "dev" / "kleister-nda").rglob("*.pdf"))[0].read_bytes())
    target = pdfium.PdfDocument.new()
    while len(target) < pages:
        target.import_pages(source, list(range(min(len(source), pages - len(target)))))
    path = Path("/tmp/fieldwise-long.pdf")
    target.save(str(path))
    return path.read_bytes()


def rss_child(path: str) -> None:
    from fieldwise import documents

    data = Path(path).read_bytes()
    start, start_cpu = time.perf_counter(), time.process_time()
    document = documents.read(data, "application/pdf")
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    # VmHWM belongs to this exec'd image; ru_maxrss would carry the parent's peak across fork and exec
    status = Path("/proc/self/status").read_text()
    peak_mb = int(status.split("VmHWM:")[1].split()[0]) / 1024
    print(f"{document.page_count} pages read in {cpu:.1f} s CPU ({seconds:.1f} s wall), peak RSS {peak_mb:.0f} MB "
          f"({len(data) / 1e6:.1f} MB file)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long-pages", type=int, default=500)
    parser.add_argument("--receipts", type=int, default=3)
    parser.add_argument("--rss-child")
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return
    long_pdf(args.long_pages)
    subprocess.run([sys.executable, "-m", "benchmarks.readers", "--rss-child", "/tmp/fieldwise-long.pdf"], check=True)
    speed(args.docs, args.repeat)
    if args.receipts:
        receipts(args.receipts)


if __name__ == "__main__":
    main()
