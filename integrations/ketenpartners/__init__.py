"""The ketenpartners' simulators (Suwinet, Inlichtingenbureau, later UWV) as one local app."""
