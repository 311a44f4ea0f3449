"""The case store: the only package that speaks SQL (through sqlite-utils) or writes case files."""
