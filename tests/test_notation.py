"""Choices: notation round-trips, integer encoding round-trips, typed errors."""

from __future__ import annotations

import pytest

from game.rules import (ACTION_SPACE, DEALS, MOVES, SEATS, Act, InvalidChoiceError, Propose, action_mask, decode,
                        encode, legal_choices, new_game, parse)
from game.rules.choices import Counter


def all_choices():
    yield from (parse(t) for t in ("pass", "accept", "reject", "match", "waive"))
    yield from (Counter(s) for s in (1, 2, 3))
    yield from (Propose(seat, d, z) for d in DEALS for seat in SEATS for z in (1, 2, 3))
    yield from (Act(m, c) for m in MOVES for c in range(4))


def test_every_choice_round_trips_through_text_and_code():
    seen = set()
    for c in all_choices():
        assert parse(str(c)) == c
        code = encode(c)
        assert decode(code) == c and 0 <= code < ACTION_SPACE
        seen.add(code)
    assert len(seen) == ACTION_SPACE


def test_examples_from_the_design():
    assert str(parse("propose OpenAI compute-lease size=2")) == "propose OpenAI compute-lease size=2"
    assert parse("act plan-b capex=2") == Act("plan-b", 2)
    assert parse("propose oai loan size=1").to.label == "OpenAI"


@pytest.mark.parametrize("text", ["", "fly", "propose Nobody loan size=1", "propose OpenAI teleport size=1",
                                  "propose OpenAI loan size=9", "act plan-b capex=x", "counter", "accept now"])
def test_bad_notation_raises_typed_error(text):
    with pytest.raises(InvalidChoiceError):
        parse(text)


@pytest.mark.parametrize("code", [-1, ACTION_SPACE, True, 2.0])
def test_bad_codes_raise(code):
    with pytest.raises(InvalidChoiceError):
        decode(code)


def test_mask_marks_exactly_the_legal_choices(sprint):
    s = new_game(sprint, 3)
    legal = legal_choices(s)
    mask = action_mask(legal)
    assert sum(mask) == len(legal) and all(mask[encode(c)] for c in legal)
