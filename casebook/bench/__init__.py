"""Benchmarks run on purpose (`casebook bench …`): generated data, reference engines, and their figures.

Kept out of the product packages: nothing in services, store, index, pdf, ingest, export or core imports it.
"""
