"""Pure rules of werkpad: no I/O, no clock of its own, nothing of ours imported."""
