"""Fakes that stand in for external services over real HTTP."""
