"""The OpenAPI document against the server it describes: schemathesis, bounded, with a valid key.

    python -m benchmarks.schema_conformance [--max-examples 20] [--seed N]

A fieldwise server on loopback (embedded default, its own data folder, rate limits lifted) answers schemathesis's
generated requests for every operation of /schema/. Printed: schemathesis's failures by check (server errors,
response-schema violations, undocumented status codes), and how many operations' JSON success responses are
described by a typed schema (a model, not an untyped object), with the list of those that are not.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

from benchmarks.servers import fieldwise_server

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"


def _typed(schema: dict[str, Any]) -> bool:
    """A schema that says what is in the answer: a model, typed items, or properties, not a bare object."""
    if "$ref" in schema or schema.get("properties"):
        return True
    if schema.get("type") == "array":
        return _typed(schema.get("items") or {})
    options = schema.get("anyOf") or schema.get("oneOf") or []
    return bool(options) and all(_typed(o) or o.get("type") == "null" for o in options)


def json_success_coverage(openapi: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(typed, untyped): the operations whose 2xx JSON answers are described by a typed schema, and the rest."""
    typed, untyped = [], []
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                schema = (response.get("content") or {}).get("application/json", {}).get("schema")
                if not status.startswith("2") or schema is None:
                    continue
                (typed if _typed(schema) else untyped).append(f"{method.upper()} {path} {status}")
    return typed, untyped


def failures(output: str) -> dict[str, int]:
    """schemathesis's summary: failures by check."""
    return {name.strip(): int(count) for name, count in re.findall(r"❌ ([^:\n]+): (\d+)$", output, re.M)
            if name.strip() not in ("Examples", "Fuzzing", "Coverage", "Stateful")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server, key = fieldwise_server(Path(folder), workers="1", rate_limit_submissions="100000",
                                       rate_limit_general="100000")
        with server:
            openapi = httpx.get(f"{server.base_url}/schema/", timeout=30).json()
            done = subprocess.run(
                [str(SCHEMATHESIS), "run", f"{server.base_url}/schema/", "-H", f"Authorization: Bearer {key}",
                 "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--checks", CHECKS,
                 "--phases", "examples,fuzzing", "--request-timeout", "30", "--workers", "1", "--no-color"],
                capture_output=True, text=True, timeout=1800, cwd=folder)
    operations = sum(len(item) for item in openapi["paths"].values())
    typed, untyped = json_success_coverage(openapi)
    found = failures(done.stdout)
    print(f"operations in /schema/: {operations}; schemathesis exit code {done.returncode}")
    print(f"failures by check: {found or 'none'}")
    tested = re.search(r"(\d+) generated, .*", done.stdout)
    print(f"test cases: {tested.group(0) if tested else 'see output'}")
    share = len(typed) / max(1, len(typed) + len(untyped))
    print(f"JSON success responses with a typed schema: {len(typed)} of {len(typed) + len(untyped)} ({share:.0%})")
    for entry in untyped:
        print(f"  untyped: {entry}")
    if found:
        print(done.stdout[-6000:])


if __name__ == "__main__":
    main()
