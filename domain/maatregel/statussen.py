"""The states of the maatregel's process tables (several processes share a name: ontvangen, beslist,
vervallen)."""

from __future__ import annotations

GEMELD, HOREN, BEOORDELEN, VIER_OGEN, BESCHIKT, INGETROKKEN, VERVALLEN = (
    "gemeld", "horen", "beoordelen", "vier_ogen", "beschikt", "ingetrokken", "vervallen")
ONTVANGEN, VERDAAGD, BESLIST = "ontvangen", "verdaagd", "beslist"
OPEN, AFGEROND = "open", "afgerond"
