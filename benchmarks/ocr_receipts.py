"""How much of each true receipt value the OCR reads verbatim, and seconds per receipt, per clean-up variant.

    python -m benchmarks.ocr_receipts [--n 30] [--variant NAME ...]

A value "hits" when its upper-cased, white-space-collapsed form appears in the page text collapsed the same way
(lines joined by a space), the bound the README in shared/bench describes. Time is OCR plus clean-up per receipt,
engine loaded once beforehand, as CPU seconds of this process (the machine is shared: wall time mostly
measures the neighbours) and wall seconds.

Measured 2026-11-29 on the first 30 dev receipts, RapidOCR 3.10 PP-OCRv6 small, one thread. The default (standard
effort) is now the detector capped at 1280 px, lines recognized one at a time and no angle classifier (RapidOCR's
own defaults scale the detector's short side up to 736 px, classify every line's angle and recognize six lines a
batch, each padded to the widest). Same run, quiet machine:

| variant | company | address | total | date | CPU s/receipt |
|---|---|---|---|---|---|
| none (fieldwise standard effort) | 27/30 | 21/30 | 30/30 | 29/30 | 1.78 |
| rapidocr-defaults (the previous default) | 26/30 | 19/30 | 30/30 | 29/30 | 2.33 |
| angle-classifier (standard plus the angle classifier) | 27/30 | 21/30 | 30/30 | 29/30 | 1.76 |
| det-960max (low effort) | 25/30 | 20/30 | 30/30 | 29/30 | 1.55 |

On the first 12 receipts the cap took detection from 1.04 to 0.38 s (recognition, about 1.4 s, is the floor).
Over all 100 dev receipts, before any extraction change, SROIE F1 went from 0.809 (previous default) to 0.828.
Earlier, on a loaded machine (load 5-12), against the previous default: autocontrast, grayscale, upscaling, deskew
and a lower text score changed no hit count by more than one; intra-op threads 2 ran slower (6.46 against 4.05 CPU
s). Of the address misses, several differ from the text only in spaces around punctuation ("LOT 37636 , JALAN"
against the printed "LOT 37636,JALAN"): the annotation's spacing, which the image does not show.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import rapidocr
from PIL import Image, ImageOps

from fieldwise.documents.cleanup import prepare
from fieldwise.documents.ocr import INT8_DETECTOR, RapidOcrEngine, shipped_model
from fieldwise.documents.options import ReadOptions

BENCH = Path("/work/shared/bench/dev")
FIELDS = ("company", "address", "total", "date")

# The OCR call as fieldwise made it before issue 24 (PP-OCRv6 small, detector capped at 1280 px, no angle
# classifier, one line a batch, one thread): the wheel's float detector, every line padded to 320 px.
BASELINE = {"Rec.rec_img_shape": [3, 48, 320],
            "Det.model_path": str(Path(rapidocr.__file__).parent / "models" / "PP-OCRv6_det_small.onnx")}

# name -> (clean-up steps, RapidOCR parameter overrides)
VARIANTS: dict[str, tuple[tuple[str, ...], dict]] = {
    "none": ((), {}),
    "downscale": (("downscale",), {}),
    "upscale": (("upscale",), {}),
    "autocontrast": (("autocontrast",), {}),
    "grayscale": (("grayscale",), {}),
    "sharpen": (("sharpen",), {}),
    "deskew": (("deskew",), {}),
    "rapidocr-defaults": ((), {"Det.limit_type": "min", "Det.limit_side_len": 736, "Rec.rec_batch_num": 6,
                               "Global.use_cls": True}),
    "det-960max": ((), {"Det.limit_type": "max", "Det.limit_side_len": 960}),
    "angle-classifier": ((), {"Global.use_cls": True}),
    "text-score-0.3": ((), {"Global.text_score": 0.3}),
    "unclip-2.0": ((), {"Det.unclip_ratio": 2.0}),
    "arena": ((), {"EngineConfig.onnxruntime.enable_cpu_mem_arena": True}),
    "rec-batch-12": ((), {"Rec.rec_batch_num": 12}),
    "baseline": ((), BASELINE),
    "rec-unpadded": ((), {"Rec.rec_img_shape": [3, 48, 16]}),  # lines at their own width (the low profile's)
    "int8-detector": ((), {"Det.model_path": str(shipped_model(INT8_DETECTOR))}),
    "int8-unpadded": ((), {"Rec.rec_img_shape": [3, 48, 16], "Det.model_path": str(shipped_model(INT8_DETECTOR))}),
    "rec-batch-8": ((), {"Rec.rec_batch_num": 8}),
}


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.upper()).strip()


def receipts(n: int) -> list[dict]:
    rows = [json.loads(line) for line in (BENCH / "manifest.jsonl").read_text().splitlines() if line.strip()]
    return [row for row in rows if row["schema"] == "sroie"][:n]


def run(variant: str, rows: list[dict], threads: int = 1, texts: dict | None = None) -> tuple[dict[str, int], float, float]:
    steps, overrides = VARIANTS[variant]
    engine = RapidOcrEngine(threads=threads, **overrides)
    options = ReadOptions(ocr_threads=threads)
    hits = dict.fromkeys(FIELDS, 0)
    cpu = wall = 0.0
    for row in rows:
        with Image.open(BENCH / row["file"]) as raw:
            image = ImageOps.exif_transpose(raw)
            image.load()
        start, start_cpu = time.perf_counter(), time.process_time()
        page = engine.recognize(prepare(image, steps), 1, options)
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        text = normalize(" ".join(line.text for line in page.lines))
        if texts is not None:
            texts[row["file"]] = {"text": text, "expected": row["expected"]}
        for name in FIELDS:
            if normalize(str(row["expected"].get(name, ""))) in text:
                hits[name] += 1
    return hits, cpu / max(len(rows), 1), wall / max(len(rows), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    parser.add_argument("--dump", help="write each receipt's OCR text and answers to this JSON file (last variant)")
    args = parser.parse_args()
    rows = receipts(args.n)
    print(f"| variant | {' | '.join(FIELDS)} | CPU s/receipt | wall s/receipt |\n|---|{'---|' * len(FIELDS)}---|---|")
    for variant in args.variant or ["none"]:
        texts: dict = {}
        hits, cpu, wall = run(variant, rows, args.threads, texts)
        if args.dump:
            Path(args.dump).write_text(json.dumps(texts, indent=1))
        cells = " | ".join(f"{hits[f]}/{len(rows)}" for f in FIELDS)
        print(f"| {variant} | {cells} | {cpu:.2f} | {wall:.2f} |", flush=True)


if __name__ == "__main__":
    main()
