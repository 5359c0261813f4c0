"""Persistence: one package per aggregate, plain rows in, domain models out, workspace-scoped."""
