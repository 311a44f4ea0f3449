"""Malformed queries never surface a stack trace: they are explained (QueryError) or searched with a notice."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.core.search import QueryError, SearchResults
from casebook.index.query import parse
from tests.index.conftest import units

# Both words in the document: every page or paragraph holding either of them.
TAXPAYER_DATA = {(1, 1, None), (2, 1, None), (2, 2, None), (4, 1, 1), (4, 1, 3)}


@pytest.mark.parametrize(("query", "notice", "expected"), [
    ('"taxpayer data', "Unbalanced quote: searched as plain words", TAXPAYER_DATA),
    ('taxpayer data"', "Unbalanced quote", TAXPAYER_DATA),
    ("(taxpayer data", "Unbalanced parenthesis", TAXPAYER_DATA),
    ("taxpayer data)", "Unbalanced parenthesis", TAXPAYER_DATA),
    ("((taxpayer) data", "Unbalanced parenthesis", TAXPAYER_DATA),
    ("taxpayer AND", "'AND' with nothing on one side", {(1, 1, None), (2, 1, None), (2, 2, None), (4, 1, 1),
                                                         (4, 1, 3)}),
    ("OR Rommo", "'OR' with nothing on one side", {(3, 1, None)}),
    ("Rommo OR", "'OR'", {(3, 1, None)}),
    ("Rommo AND OR ICE", "'AND'", set()),
    ("Rommo NOT", "'NOT' with nothing after it", {(3, 1, None)}),
    ("Rommo w/5", "'w/5'", {(3, 1, None)}),
    ("w/5 Rommo", "'w/5'", {(3, 1, None)}),
    ("Rommo ()", None, {(3, 1, None)}),
])
def test_typing_slips_are_searched_with_a_notice(index, query, notice, expected):
    results = index.search(query, limit=50)
    if notice is None:
        assert results.notice is None
    else:
        assert results.notice is not None and notice in results.notice
    assert units(results) == expected


@pytest.mark.parametrize(("query", "explains"), [
    ("court:", "court: needs a value"),
    ("kind:", "kind: needs a value"),
    ("tag: privileged", "tag: needs a value"),
    ("kind:memo", "not a document kind"),
    ("filed:[2025-13-01 TO 2025-12-31]", "write dates as"),
    ("filed:[2025-06-30 TO 2025-01-01]", "ends before it starts"),
    ("filed:yesterday", "write dates as"),
    ("d*", "at least 2 letters"),
    ("*", "at least 2 letters"),
    ("?isclosure", "at least 2 letters"),
    ("Romo~3", "at most 2 edits"),
    ("the", "Nothing to search for"),
    ("AND", "Nothing to search for"),
    ("OR NOT", "Nothing to search for"),
    ("taxpayer w/5000 data", "limited to 1000 words"),
    ("kind:declaration w/5 data", "join words, phrases"),
])
def test_what_cannot_be_guessed_is_explained(index, query, explains):
    with pytest.raises(QueryError) as caught:
        index.search(query)
    assert explains in str(caught.value)


def test_a_query_error_knows_where_it_is():
    with pytest.raises(QueryError) as caught:
        parse("taxpayer kind:memo")
    assert caught.value.position == len("taxpayer kind:")


@pytest.mark.parametrize(("query", "expected"), [
    ("ｔａｘｐａｙｅｒ ｄａｔａ", TAXPAYER_DATA),  # full-width letters
    ("Rómo", {(1, 1, None), (4, 1, 2)}),  # accents folded
    ("Ro\u0301mo", {(1, 1, None), (4, 1, 2)}),  # combining accent
    ("\u200btaxpayer\u200b data\ufeff", TAXPAYER_DATA),  # invisible characters
    ("taxpayer\x00 data", TAXPAYER_DATA),
    ("«taxpayer data»", {(1, 1, None), (4, 1, 1)}),
])
def test_unicode_is_folded_like_the_index(index, query, expected):
    assert units(index.search(query, limit=50)) == expected


@pytest.mark.parametrize("query", ["🙂", "دادهها", "日本語", "\u202e", "∑∫", "'''", "::", "\\", "~", "-", "+",
                                   '""', '"" ~5', "( )", "court:(", "kind:(declaration", ":data", "w/", "pre/x",
                                   "Romo~~", "data~x", "a:b:c", "filed:[2025 TO", "[", "{}", "%", "_"])
def test_odd_input_gives_results_or_an_explanation(index, query):
    try:
        results = index.search(query)
    except QueryError as exc:
        assert str(exc)
    else:
        assert isinstance(results, SearchResults)


ALPHABET = st.sampled_from([*'abcdeRomo taxpyer"()*?~:-+/wWANDORNOT[]{}0123456789,.', "AND ", "OR ", "NOT ",
                            "w/3 ", "kind:", "court:", "filed:", "tag:", "é", "🙂", "\u200b"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ALPHABET, max_size=14).map("".join))
def test_no_query_raises_anything_but_a_query_error(index, query):
    try:
        results = index.search(query, limit=5)
    except QueryError as exc:
        assert str(exc)
    else:
        assert results.total >= len(results.hits)
