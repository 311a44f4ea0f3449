"""Full-text search over a case: the only package that imports Whoosh."""
