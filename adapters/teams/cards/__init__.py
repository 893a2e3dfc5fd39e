"""Adaptive Cards (schema 1.5, the newest Teams renders everywhere) for each reply type."""
