"""UWV: the indicatie channel (banenafspraak, advies beschut werk) — HTTP or by hand."""
