"""Any OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM): replies and classification."""
