"""Counting which lines recur on many pages with bounded memory (the Misra–Gries frequent-items counter)."""

from __future__ import annotations


def count_key(tracked: dict[str, int], key: str, capacity: int) -> None:
    """Count one page's sighting of `key` in `tracked`, which never holds more than `capacity` keys.

    Every key seen on more than 1/(capacity+1) of the pages survives, with a count that underestimates its
    pages; the survivors' exact page counts are then taken in a second look (see the callers).
    """
    if key in tracked:
        tracked[key] += 1
    elif len(tracked) < capacity:
        tracked[key] = 1
    else:
        for other in list(tracked):
            tracked[other] -= 1
            if not tracked[other]:
                del tracked[other]
