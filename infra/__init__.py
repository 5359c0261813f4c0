"""Infrastructure every layer above may use: database engine and migrations, event bus, rate
limits, file storage, encryption keys and secrets at rest. (Account mail needs a provider, so it
lives in `channels/email/account_mail.py`.)"""
