"""compose.yaml names only settings that exist and starts every part of the distributed stack.

(`docker compose config` needs the compose plugin, which this machine kind lacks; Debian's docker-compose 1.29
accepts the file: `docker-compose -f compose.yaml config -q`.)"""

from __future__ import annotations

from pathlib import Path

import yaml

from fieldwise.settings import Settings

COMPOSE = Path(__file__).resolve().parents[1] / "compose.yaml"


def test_compose_runs_api_workers_and_their_services_with_real_settings() -> None:
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert {"api", "worker", "postgres", "redis", "minio"} <= set(services)
    assert services["worker"]["command"][:2] == ["fieldwise", "worker"]
    assert services["api"]["command"][:2] == ["fieldwise", "serve"]
    for name in ("api", "worker"):
        env = services[name]["environment"]
        fields = {key.removeprefix("FIELDWISE_").lower() for key in env if key.startswith("FIELDWISE_")}
        assert fields <= set(Settings.model_fields), fields - set(Settings.model_fields)
        settings = Settings(**{field: env[f"FIELDWISE_{field.upper()}"] for field in fields})
        assert settings.queue == "celery" and settings.storage_url.startswith("s3://")
        assert settings.resolved_database_url.startswith("postgresql+psycopg://")
