"""Pure-Python domain model of Casebook: no I/O libraries, no Qt, no SQL."""
