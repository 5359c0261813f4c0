"""Domain models, settings and schemas shared by every layer. No I/O, no Temporal, no FastAPI."""
