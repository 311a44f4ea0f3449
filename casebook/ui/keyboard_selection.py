"""Selecting text in the page view from the keyboard: Shift+arrows grow a selection from the search hit or find match.

Shift+Right/Left add or drop a word, Shift+Down/Up a line, Ctrl+Shift+Right runs on to the end of the sentence.
With nothing selected the first press selects the search hit (or find match) on the current page, else the
page's first word of body text, so search → open hit → select → excerpt → link needs no mouse.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

Position = tuple[int, int]  # (page index, word index)
SENTENCE_ENDS = (".", "?", "!", ";", ":")
LINE_SLACK = 2.0  # points: words whose tops differ by less are on one line


def _body_indexes(page) -> list[int]:
    return [i for i, w in enumerate(page.words)
            if not any(a <= w.start and w.end <= b for a, b in page.furniture)]


def _highlight_words(view, page_index: int) -> tuple[Position, Position] | None:
    page = view.pages[page_index]
    for layer in ("find", "search"):
        for mark in view.highlights(layer):
            if mark.page != page_index + 1 or not mark.rects:
                continue
            inside = [i for i, w in enumerate(page.words) for r in mark.rects
                      if w.x0 >= r[0] - 1 and w.x1 <= r[2] + 1 and w.y0 >= r[1] - 1 and w.y1 <= r[3] + 1]
            if inside:
                return (page_index, min(inside)), (page_index, max(inside))
    return None


def _start(view) -> tuple[Position, Position] | None:
    index = view.current_page - 1
    if not 0 <= index < len(view.pages):
        return None
    hit = _highlight_words(view, index)
    if hit is not None:
        return hit
    for i in range(index, len(view.pages)):
        body = _body_indexes(view.pages[i])
        if body:
            return (i, body[0]), (i, body[0])
    return None


def _from_selection(view) -> tuple[Position, Position] | None:
    selection = view.selection()
    if selection is None or not selection.ranges:
        return None
    first, last = selection.ranges[0], selection.ranges[-1]
    a_words, b_words = view.pages[first.page - 1].words, view.pages[last.page - 1].words
    a = next((i for i, w in enumerate(a_words) if w.end > first.start), None)
    b = max((i for i, w in enumerate(b_words) if w.start < last.end), default=None)
    if a is None or b is None:
        return None
    return (first.page - 1, a), (last.page - 1, b)


def _step_word(view, pos: Position, step: int) -> Position:
    page, word = pos
    word += step
    while word >= len(view.pages[page].words) and page + 1 < len(view.pages):
        page, word = page + 1, 0
        if view.pages[page].words:
            return page, 0
    while word < 0 and page > 0:
        page -= 1
        word = len(view.pages[page].words) - 1
    return page, max(0, min(word, len(view.pages[page].words) - 1))


def _step_line(view, pos: Position, step: int) -> Position:
    page, word = pos
    words = view.pages[page].words
    top = words[word].y0
    if step > 0:
        below = [i for i in range(word + 1, len(words)) if words[i].y0 > top + LINE_SLACK]
        if not below:
            return _step_word(view, (page, len(words) - 1), 1)
        line_top = words[below[0]].y0
        same = [i for i in below if abs(words[i].y0 - line_top) <= LINE_SLACK]
        return page, max(same)
    above = [i for i in range(word - 1, -1, -1) if words[i].y0 < top - LINE_SLACK]
    return (page, above[0]) if above else pos


def _sentence_end(view, pos: Position) -> Position:
    current = pos
    for _ in range(400):
        page = view.pages[current[0]]
        word = page.words[current[1]]
        if page.text[word.start:word.end].rstrip("”\"')]").endswith(SENTENCE_ENDS) and current != pos:
            return current
        following = _step_word(view, current, 1)
        if following == current:
            return current
        current = following
    return current


def handle_selection_key(view, event) -> bool:
    """Grow or shrink the page view's selection for a Shift+arrow key; True when the key was used."""
    mods = event.modifiers()
    if not mods & Qt.KeyboardModifier.ShiftModifier or not view.pages or view.document_id is None:
        return False
    key = event.key()
    if key not in (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Up):
        return False
    if not any(p.words for p in view.pages):
        return False
    ends = _from_selection(view)
    if ends is None:  # the first press selects the hit (or the first word) itself
        ends = _start(view)
        if ends is None:
            return False
        view._select_words(*ends)
        return True
    anchor, focus = ends
    if key == Qt.Key.Key_Right:
        focus = _sentence_end(view, focus) if mods & Qt.KeyboardModifier.ControlModifier else _step_word(view, focus, 1)
    elif key == Qt.Key.Key_Left:
        focus = max(anchor, _step_word(view, focus, -1))
    elif key == Qt.Key.Key_Down:
        focus = _step_line(view, focus, 1)
    else:
        focus = max(anchor, _step_line(view, focus, -1))
    view._select_words(anchor, focus)
    return True
