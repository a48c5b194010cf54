"""Writes of the API app: tokens (tokens.py) and idempotent replays (idempotency.py)."""
