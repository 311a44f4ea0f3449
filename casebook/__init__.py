"""Casebook: an offline case-evidence organiser for litigation teams."""

__version__ = "0.1.0"
