"""Make the int8 OCR models that fieldwise ships, from the float models in the rapidocr wheel.

    python -m benchmarks.ocr_models [--out src/fieldwise/documents/models]

Static int8 quantization (onnxruntime.quantization, QDQ, weights per channel, MinMax calibration), after
converting the model to ONNX opset 13 (per-channel dequantization needs it) and onnxruntime's own
pre-processing. Calibration data: the detector's inputs on the scans of benchmarks.synthetic (one document of
each kind, seed 7, drawn and degraded from the seed alone), the same inputs fieldwise's standard OCR profile makes.
None of the dev or holdout documents is used. Deterministic: same wheel, same seed, same bytes. It writes each model
with its sha256 into models/meta.json, which fieldwise checks on load (documents.ocr).

Needs the `onnx` package (pip install onnx==1.23.2), which fieldwise itself does not: the server only loads the
result with onnxruntime.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import dataclasses
import hashlib
import json
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "fieldwise" / "documents" / "models"
SEED, PER_KIND = 7, 1
# shipped name -> (the float model in the rapidocr wheel, the RapidOCR task whose inputs calibrate it)
MODELS = {"PP-OCRv6_det_small.int8.onnx": ("PP-OCRv6_det_small.onnx", "det")}


def calibration_inputs(task: str) -> list:
    """The float engine's own inputs to `task` on the synthetic scans, in file order."""
    from PIL import Image

    from benchmarks.synthetic.generate import generate
    from fieldwise.documents.cleanup import prepare
    from fieldwise.documents.ocr import PROFILES, RapidOcrEngine
    from fieldwise.documents.options import ReadOptions

    engine = RapidOcrEngine(threads=1, profile=dataclasses.replace(PROFILES["standard"], int8_detector=False))
    ocr = engine._ocr
    model = ocr._load_det_model() if task == "det" else ocr._load_rec_model()
    captured: list = []
    inner = model.session

    class Recording:
        def __getattr__(self, name: str):
            return getattr(inner, name)

        def __call__(self, x):
            captured.append(x.copy())
            return inner(x)

    model.session = Recording()
    with tempfile.TemporaryDirectory() as folder:
        rows = generate(Path(folder), PER_KIND, SEED, scans=True)
        for row in rows:
            if "scan" in row["file"]:
                with Image.open(Path(folder) / row["file"]) as image:
                    engine.recognize(prepare(image), 1, ReadOptions())
    return captured


def quantize(source: Path, target: Path, inputs: list) -> None:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                          quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self._items = iter([{"x": x} for x in inputs])

        def get_next(self):
            return next(self._items, None)

    with tempfile.TemporaryDirectory() as folder:
        opset13, prepared = Path(folder) / "opset13.onnx", Path(folder) / "prepared.onnx"
        onnx.save(version_converter.convert_version(onnx.load(str(source)), 13), str(opset13))
        quant_pre_process(str(opset13), str(prepared), skip_symbolic_shape=True)
        quantize_static(str(prepared), str(target), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax)


def main() -> None:
    import rapidocr

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    wheel = Path(rapidocr.__file__).parent / "models"
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {}
    for name, (source, task) in MODELS.items():
        inputs = calibration_inputs(task)
        quantize(wheel / source, args.out / name, inputs)
        meta[name] = {
            "sha256": hashlib.sha256((args.out / name).read_bytes()).hexdigest(),
            "source": f"rapidocr {importlib.metadata.version('rapidocr')} wheel, models/{source}",
            "source_sha256": hashlib.sha256((wheel / source).read_bytes()).hexdigest(),
            "method": "onnxruntime static int8, QDQ, per-channel weights, MinMax, opset 13",
            "calibration": f"{len(inputs)} detector inputs: benchmarks.synthetic scans, {PER_KIND} per kind, "
                           f"seed {SEED}",
            "licence": "Apache-2.0 (PaddleOCR model weights, as redistributed by RapidOCR; see LICENSE)",
        }
        print(f"{name}: {meta[name]['sha256']}", flush=True)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
