"""A conversation's persistence: the conversation and its messages, who wrote, the send ledger and
the delivery statuses providers report."""
