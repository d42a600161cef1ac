"""Reads of the dialogues app, one module per domain; each a fixed number of queries whatever
the data size."""
