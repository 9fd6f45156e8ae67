"""Gemeente systems: ZGW Zaken/Catalogi APIs and the uitkeringsstatus."""
