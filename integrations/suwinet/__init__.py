"""Suwinet (BKWI): the doelgroepregister lookup UWVDossierQuotumArbeidsbeperktenGSD v0300."""
