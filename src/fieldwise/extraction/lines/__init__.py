"""Line items: an `object` field read as a table, cell by cell, on every reader's words.

    header.py      the header row: which printed column each nested field is, by meaning, in any language
    grid.py        the rows under it: visual rows from the words' positions, item rows, multi-line descriptions
    headerless.py  tables whose header no word of the lexicon names, found from rows that add up
    arithmetic.py  quantity x unit price = amount; the amounts against the total printed under the table
    features.py    the typed evidence each cell carries
    confidence.py  one fitted function from a cell's evidence to its confidence (trained by benchmarks.train_lines)

`read_items` gives the rows with their evidence (the trainer reads it); `extract_rows` the engine's answer.
"""

from fieldwise.extraction.lines.rows import extract_rows, read_items

__all__ = ["extract_rows", "read_items"]
