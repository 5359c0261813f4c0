"""The `fluxo` command: dev, api, worker, migrate, openapi."""
