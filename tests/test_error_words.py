"""A refused field in plain Swedish, its name agreeing with the adjective (server/errors.problem)."""

from __future__ import annotations

import pytest

from plansearch.server.errors import FIELD_NAMES, problem


@pytest.mark.parametrize(
    ("name", "kind", "ctx", "expected"),
    [
        ("topic", "string_too_short", {"min_length": 1}, "ämnet (topic) får inte vara tomt"),
        ("question", "string_too_short", {"min_length": 1}, "frågan (question) får inte vara tom"),
        ("meeting", "string_too_long", {"max_length": 200}, "mötet (meeting) är för långt (högst 200 tecken)"),
        ("q", "string_too_long", {"max_length": 500}, "söktexten (q) är för lång (högst 500 tecken)"),
    ],
)
def test_a_field_is_named_in_swedish(name, kind, ctx, expected):
    assert problem({"loc": ("query", name), "type": kind, "ctx": ctx}) == expected


def test_every_query_name_of_the_register_api_and_its_pages_has_a_swedish_name():
    from plansearch.server.register_api import register_routes

    names = {p.name for route in register_routes().routes for p in route.dependant.query_params}  # type: ignore[attr-defined]
    assert names and names <= set(FIELD_NAMES), names - set(FIELD_NAMES)
