"""Thin Prefect tasks: load, call a pure rule or a client, persist, return references."""
