"""Use cases of Casebook as plain functions: (case, …, *, progress, cancel) -> result. No Qt, no printing."""
