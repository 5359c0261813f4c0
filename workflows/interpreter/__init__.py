"""The flow interpreter as a pure core (`core.advance`) that any host runs: the conversation
workflow today (`workflows/conversation_host.py`), automations next."""
