"""One module per process. Flows only orchestrate: each moves a case one step and ends."""
