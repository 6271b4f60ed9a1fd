# The fieldwise image for compose.yaml: the API (`fieldwise serve`) and the workers (`fieldwise worker`).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir .
USER nobody
