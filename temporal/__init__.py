"""Temporal plumbing shared by the API and the workers: client, ids, names, dev server."""
