"""Warmline test plumbing (the stray-connection closer lives in tests/conftest.py)."""
