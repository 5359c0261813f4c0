"""Everything that talks to the world outside the process, each behind a small Protocol."""
