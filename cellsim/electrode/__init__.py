"""Electronic transport in composite electrodes (active material + conductive additive + electrolyte)."""
