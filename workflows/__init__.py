"""Deterministic orchestration: workflows decide, activities act."""
