"""A workspace's AI settings and token usage, and `WorkspaceAi`, which asks its model."""
