"""Contacts: upsert by identity, merge, queries, timeline, imports."""
