"""A seed to a folder: documents, DIR/schemas/<kind>.json and DIR/manifest.jsonl (one row per document)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from benchmarks.synthetic import kinds as kinds_module
from benchmarks.synthetic import layouts, render
from benchmarks.synthetic.vocab import LANGUAGES, Words, load


def document(kind: str, index: int, seed: int, scans: bool, series: int = 0) -> tuple[list[dict], dict[str, bytes]]:
    """One document of a kind: its manifest rows (the PDF, and the scan when asked) and its files' bytes.
    `series`: documents come in runs of this many that share language, locale and layout (one sender's
    documents, for the learning benchmark); 0: each draws its own."""
    rng = random.Random(f"{seed}:{kind}:{index}")
    offset = random.Random(f"{seed}:{kind}").randrange(len(LANGUAGES))
    run = index // series if series else index
    form = random.Random(f"{seed}:{kind}:series:{run}") if series else rng
    language = LANGUAGES[(run + offset) % len(LANGUAGES)]  # every language in turn, from a seeded start
    locale = form.choice(load(language)["faker_locales"])
    layout = form.choice(layouts.layouts_for(kind))
    house = f"{seed}:{kind}:series:{run}" if series else None
    content = kinds_module.make(kind, Words(language, locale, rng, house), rng)
    size = render.page_size(locale)
    data = render.pdf(layouts.place(content, layout, size[1]), size, title=content.title)
    ident = f"{kind}-{index:03d}"
    row = {"id": ident, "file": f"{kind}/{ident}.pdf", "schema": kind, "kind": kind, "language": language,
           "locale": locale, "layout": layout, "medium": "pdf", "expected": content.answers,
           "printed": content.printed}
    if series:
        row["series"] = f"{kind}-{run:03d}"
    rows, files = [row], {row["file"]: data}
    if scans:
        image, ext = render.scan(data, rng)
        scan_row = {**row, "id": f"{ident}-scan", "file": f"{kind}/{ident}-scan.{ext}", "medium": "scan"}
        rows.append(scan_row)
        files[scan_row["file"]] = image
    return rows, files


def schema(kind: str, seed: int) -> dict:
    """The kind's schema, each field's description drawn from its wordings once per seed."""
    spec = kinds_module.schemas()[kind]
    rng = random.Random(f"{seed}:schema:{kind}")
    fields = []
    for field in spec["fields"]:
        wordings = field["description"]
        fields.append({"name": field["name"],
                       "description": wordings if isinstance(wordings, str) else rng.choice(wordings),
                       "data_type": field["data_type"]})
    return {"name": spec["name"], "description": spec["description"], "fields": fields}


def generate(out: Path, per_kind: int, seed: int, scans: bool = False,
             kinds: tuple[str, ...] = kinds_module.KINDS, series: int = 0) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "schemas").mkdir(exist_ok=True)
    manifest = []
    for kind in kinds:
        spec = json.dumps(schema(kind, seed), indent=2, ensure_ascii=False)
        (out / "schemas" / f"{kind}.json").write_text(spec + "\n")
        (out / kind).mkdir(exist_ok=True)
        for index in range(per_kind):
            rows, files = document(kind, index, seed, scans, series)
            for name, data in files.items():
                (out / name).write_bytes(data)
            manifest.extend(rows)
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as sink:
        for row in manifest:
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    return manifest
