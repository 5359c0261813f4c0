"""Chatbot flows: drafts, published versions, triggers, and what the conversation workflow reads."""
