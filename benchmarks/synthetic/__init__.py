"""Synthetic business documents with their schemas and answers, for tuning, calibration and regression tests.

    python -m benchmarks.synthetic generate --out DIR --per-kind N --seed S [--scans]
    python -m benchmarks.synthetic score --dir DIR

Seven kinds (kinds.py) in seven languages (vocab/*.toml: label words, number and date formats per locale) and
several layouts each (layouts.py), drawn as text-layer PDFs with reportlab and, on request, rasterised with
pypdfium2 and degraded with Pillow into scans (render.py). Everything is drawn from one seed, so a seed names
a set.
The figures users read come from the real sets in ../shared/bench; these documents are for finding weak spots.
"""
