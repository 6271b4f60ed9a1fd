"""OCR engines behind one small protocol, and the RapidOCR default (PP-OCR ONNX models shipped in its wheel).

An engine turns one page image into a Page whose words carry boxes in page fractions and the recognizer's
confidence. Engines are heavy to load, so each is built once per process on first use (`get_engine`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from fieldwise.documents.layout import build_blocks, group_lines
from fieldwise.documents.model import BBox, Page, Word
from fieldwise.documents.options import ReadOptions

if TYPE_CHECKING:
    from PIL import Image


Recognize = Callable[["Image.Image", int, ReadOptions], Page]  # what readers call to OCR one page image


class OcrEngine(Protocol):
    name: str

    def recognize(self, image: "Image.Image", page_number: int, options: ReadOptions) -> Page:
        """Read the text of one page image. Raises on failure; callers decide whether that ends the document."""
        ...


class PagePool(Protocol):
    """OCRs the scanned pages of one document: a reader hands it (page number, image) pairs, rendered as it asks
    for them, and gets each page back in order, or the exception its OCR raised. The default reads them one by one
    in the process (SerialPages); the server's workers lend each other their idle time (jobs.pages)."""

    def map(self, images: Iterable[tuple[int, "Image.Image"]], options: ReadOptions) -> Iterator[Page | Exception]:
        ...


class SerialPages:
    """Every page in this process, one after the other, with `recognize` (the configured engine by default)."""

    def __init__(self, recognize: Recognize | None = None) -> None:
        self._recognize = recognize

    def map(self, images: Iterable[tuple[int, "Image.Image"]], options: ReadOptions) -> Iterator[Page | Exception]:
        read = self._recognize or recognize
        for number, image in images:
            try:
                yield read(image, number, options)
            except Exception as exc:  # one page failing OCR leaves the others readable
                yield exc


def line_words(text: str, box: BBox, confidence: float | None) -> list[Word]:
    """Split a recognized line into words whose boxes share the line's width in proportion to their characters."""
    tokens = text.split()
    if not tokens:
        return []
    span = len(" ".join(tokens))
    words: list[Word] = []
    offset = 0
    for token in tokens:
        x0 = box.x0 + box.width * offset / span
        x1 = box.x0 + box.width * (offset + len(token)) / span
        words.append(Word(token, BBox(x0, box.y0, x1, box.y1), confidence))
        offset += len(token) + 1
    return words


def page_from_lines(
    lines: list[tuple[str, BBox, float | None]], page_number: int, width: float, height: float
) -> Page:
    """A Page of source "ocr" from recognized lines, each (text, box in page fractions, confidence)."""
    words = [word for text, box, confidence in lines for word in line_words(text, box, confidence)]
    blocks = build_blocks(group_lines(words), width, height)
    return Page(page_number, float(width), float(height), blocks, source="ocr")


@dataclass(frozen=True, slots=True)
class OcrProfile:
    """How hard the OCR looks, per reading effort (ReadOptions.effort).

    detect_max_side: the longest side, in pixels, at which the text detector sees the page; None keeps the image's
    own resolution (RapidOCR then scales the short side up to 736 px). On the dev receipts a 1280 px cap cut
    detection from 1.04 to 0.38 s a receipt and SROIE F1 rose (0.809 -> 0.828, with batches of one line); 960 px
    detects in 0.20 s but scored 0.812. classify_angle: turn lines printed upside down before reading them; it
    cost 0.05 s a receipt and changed no dev answer for the better. See benchmarks/ocr_receipts.py.
    int8_detector: detect text with the int8 copy of the detector that fieldwise ships (models/, made by
    benchmarks/ocr_models.py). rec_min_width: the width, at the recognizer's 48 px height, to which a shorter line
    is padded; RapidOCR pads to 320 px, the training width, and 80% of receipt lines are narrower.
    Both speed steps are in `low` only: on the 12 dev receipts (one thread) the int8 detector took the OCR call
    from 2.13 to 1.35 CPU s and unpadded lines saved another 27%, each with the same answers printed verbatim
    (43 of 48; 69 of 80 on 20), but SROIE dev F1 went 0.870 -> 0.865 (unpadded) -> 0.860 (both), a few answers
    won and lost each way, so `standard` keeps the float detector and the padding.
    """

    detect_max_side: int | None
    classify_angle: bool
    int8_detector: bool = False
    rec_min_width: int = 320


PROFILES: dict[str, OcrProfile] = {
    "low": OcrProfile(960, False, int8_detector=True, rec_min_width=16),
    "standard": OcrProfile(1280, False),
    "high": OcrProfile(None, True),
}

MODELS_DIR = Path(__file__).resolve().parent / "models"  # fieldwise's own model files, with meta.json
INT8_DETECTOR = "PP-OCRv6_det_small.int8.onnx"


def shipped_model(name: str) -> Path:
    """A model file of models/, checked against the sha256 in models/meta.json (a damaged or swapped file fails)."""
    import hashlib
    import json

    path = MODELS_DIR / name
    expected = json.loads((MODELS_DIR / "meta.json").read_text())[name]["sha256"]
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        raise RuntimeError(f"the OCR model {path} is missing or does not match its checksum in meta.json")
    return path


class RapidOcrEngine:
    """RapidOCR with the PP-OCR detection, angle and recognition models bundled in the rapidocr wheel (the
    detector as fieldwise's int8 copy of it where the profile says so).

    Model paths are given explicitly so RapidOCR never reaches for its download code; onnxruntime is limited to
    `threads` intra-op threads because the server already runs one worker process per core. Lines are recognized
    one at a time: even sorted by width, batches of eight (each line padded to the batch's widest) read 66 of 80
    dev answers verbatim against 69 and were slower.
    """

    name = "rapidocr"
    _MODELS = {
        "Det": "PP-OCRv6_det_small.onnx",
        "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
        "Rec": "PP-OCRv6_rec_small.onnx",
    }

    def __init__(self, threads: int = 1, profile: OcrProfile = PROFILES["standard"], **overrides: Any) -> None:
        import cv2
        import rapidocr

        cv2.setNumThreads(threads)  # RapidOCR's resizing and box drawing would otherwise use every core

        model_dir = Path(rapidocr.__file__).parent / "models"
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.model_root_dir": str(model_dir),
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Rec.rec_batch_num": 1,
            "Rec.rec_img_shape": [3, 48, profile.rec_min_width],  # the floor of RapidOCR's padding
            "Global.use_cls": profile.classify_angle,
        }
        if profile.detect_max_side is not None:
            params.update({"Det.limit_type": "max", "Det.limit_side_len": profile.detect_max_side})
        for task, file_name in self._MODELS.items():
            path = model_dir / file_name
            if not path.is_file():
                raise RuntimeError(f"RapidOCR model {path} is missing from the installed wheel")
            params[f"{task}.model_path"] = str(path)
        if profile.int8_detector:
            params["Det.model_path"] = str(shipped_model(INT8_DETECTOR))
        params.update(overrides)
        self._ocr = rapidocr.RapidOCR(params=params)
        self._lock = threading.Lock()  # onnxruntime sessions are shared; one page at a time per process

    def recognize(self, image: "Image.Image", page_number: int, options: ReadOptions) -> Page:
        import numpy as np

        rgb = image if image.mode == "RGB" else image.convert("RGB")
        pixels = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])  # RapidOCR works on BGR like OpenCV
        with self._lock:
            result = self._ocr(pixels)
        width, height = rgb.size
        lines: list[tuple[str, BBox, float | None]] = []
        if result.boxes is not None and result.txts is not None:
            for quad, text, score in zip(result.boxes, result.txts, result.scores):
                xs = [float(p[0]) for p in quad]
                ys = [float(p[1]) for p in quad]
                box = BBox(
                    max(min(xs) / width, 0.0), max(min(ys) / height, 0.0),
                    min(max(xs) / width, 1.0), min(max(ys) / height, 1.0),
                )
                lines.append((text, box, round(float(score), 4)))
        return page_from_lines(lines, page_number, width, height)


ENGINES: dict[str, Callable[..., OcrEngine]] = {"rapidocr": RapidOcrEngine}

_loaded: dict[tuple[str, int, OcrProfile], OcrEngine] = {}
_loading = threading.Lock()


def get_engine(options: ReadOptions) -> OcrEngine:
    """The process-wide engine named by the options, built on first use (one per reading effort in use)."""
    key = (options.ocr_engine, options.ocr_threads, PROFILES.get(options.effort, PROFILES["standard"]))
    engine = _loaded.get(key)
    if engine is None:
        with _loading:
            engine = _loaded.get(key)
            if engine is None:
                factory = ENGINES.get(options.ocr_engine)
                if factory is None:
                    raise ValueError(f"unknown OCR engine {options.ocr_engine!r}; known: {sorted(ENGINES)}")
                engine = _loaded[key] = factory(threads=options.ocr_threads, profile=key[2])
    return engine


def recognize(image: "Image.Image", page_number: int, options: ReadOptions) -> Page:
    """OCR one page image with the configured engine."""
    return get_engine(options).recognize(image, page_number, options)
