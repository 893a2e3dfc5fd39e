"""Answerers: the grounded extractive one (default) and the LLM chain with fallback."""
