"""Local stand-ins for providers' HTTP APIs, served on real ports so adapters talk real HTTP."""
