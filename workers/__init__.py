"""Wiring only: which workflows and activities each task queue serves."""
