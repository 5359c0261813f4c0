"""The inbox around conversations: list queries and counts, status, snooze and assignment
changes, labels, private notes, canned responses and agent teams. Every call takes the
workspace id, and a row of another workspace is reported exactly like a missing one."""
