"""Writes of the dialogues app, one module per domain: each in one transaction, with its
activity recorded."""
