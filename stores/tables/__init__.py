"""The database schema, one module per aggregate.

Importing any of them registers every table on `SQLModel.metadata`: tables reference each other,
and migrations and the engine need them all."""

from stores.tables import contacts, conversations, flows, inbox, workspaces

__all__ = ["contacts", "conversations", "flows", "inbox", "workspaces"]
