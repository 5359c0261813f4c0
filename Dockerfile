# One image for `fluxo api`, `fluxo worker` and `fluxo migrate`.
FROM node:20-slim AS ui
WORKDIR /src/ui
COPY ui/package.json ui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY ui/ ./
RUN npm run build

FROM python:3.11-slim
ENV UV_PYTHON_DOWNLOADS=never PYTHONUNBUFFERED=1
WORKDIR /app
RUN pip install --no-cache-dir uv
COPY pyproject.toml uv.lock README.md ./
COPY domain/ domain/
COPY infra/ infra/
COPY stores/ stores/
COPY providers/ providers/
COPY channels/ channels/
COPY activities/ activities/
COPY workflows/ workflows/
COPY workers/ workers/
COPY temporal/ temporal/
COPY api/ api/
COPY cli/ cli/
COPY migrations/ migrations/
RUN uv sync --locked --no-dev
COPY --from=ui /src/ui/dist ui/dist
ENV PATH="/app/.venv/bin:$PATH" FLUXO_HOST=0.0.0.0 FLUXO_DATA_DIR=/data
EXPOSE 8000
CMD ["fluxo", "api"]
