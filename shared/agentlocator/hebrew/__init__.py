"""Hebrew understanding: pure functions from what a caller says to structured data. No I/O."""
