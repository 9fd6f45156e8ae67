"""Outbox handlers, one module per kind; each registers itself with tasks.dispatch.handler."""
