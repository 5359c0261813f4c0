"""Infrastructure every layer above may use: database engine and migrations, event bus, rate
limits, file storage, encryption keys and secrets at rest, account mail."""
