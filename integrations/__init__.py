"""One package per partner; each has client, errors, models and a local simulator."""
