"""The baseline for the polling benchmark: a bare FastAPI endpoint that returns a fixed JSON body."""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()
_BODY = json.loads(Path(os.environ["BARE_BODY"]).read_text())


@app.get("/v2/files/{collection_id}/extraction/")
def extraction(collection_id: str) -> JSONResponse:
    return JSONResponse(_BODY)
