"""An installed (not editable) fieldwise must carry every file it reads: the Docker image and `pip install .` get
only what pyproject's package-data names, so a data file it misses breaks the engine there and nowhere else."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "fieldwise"


def test_every_data_file_is_shipped_in_the_package():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["fieldwise"]
    data = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert data, "the package has data files (lexicon, calibration, templates)"
    missing = [path for path in data if not any(fnmatch.fnmatch(path, g) for g in globs)]
    assert missing == []
