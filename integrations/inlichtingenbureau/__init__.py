"""Inlichtingenbureau: the DKD re-integratiebericht of the praktijkroute."""
