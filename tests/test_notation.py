"""Choices and deal terms: the notation round-trips (``parse(str(c)) == c``), a package's identity does not
depend on the order its terms were typed, and bad text gets a typed error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.rules import (GRID, MOVES, SEATS, Act, AgiClause, Cash, Compute, Consent, Counter, Delivery, Info,
                        InvalidChoiceError, Ip, Loan, Propose, Release, RevShare, Seat, Stake, Venture, new_game, parse,
                        parse_term, templates_for)

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


def grid(name: str) -> st.SearchStrategy[float]:
    step, lo, hi = GRID[name]
    n = int(round((hi - lo) / step))
    return st.integers(0, n).map(lambda k: (lambda v: int(v) if float(v).is_integer() else v)(round(lo + k * step, 4)))


seats = st.sampled_from(SEATS)
quarters = st.integers(1, 24)
terms = st.one_of(
    st.builds(Cash, seats, seats, grid("cash")),
    st.builds(Compute, seats, seats, grid("gw"), quarters, grid("price"), st.booleans()),
    st.builds(Stake, seats, grid("stake")),
    st.builds(Consent, grid("consent")),
    st.builds(Ip, quarters), st.builds(AgiClause, st.sampled_from(("panel", "drop"))),
    st.builds(RevShare, st.sampled_from((M, O)), grid("revshare")),
    st.builds(Release, st.sampled_from(("exclusivity", "rofr"))), st.builds(Delivery, quarters),
    st.builds(Info, seats, seats, quarters), st.builds(Loan, seats, seats, grid("loan"), quarters),
    st.builds(Venture, seats, grid("venture")),
)


@settings(max_examples=300, deadline=None)
@given(term=terms)
def test_every_term_round_trips(term):
    assert parse_term(str(term)) == term


@settings(max_examples=200, deadline=None)
@given(to=seats, package=st.lists(terms, min_size=1, max_size=6))
def test_packages_round_trip_whatever_the_typed_order(to, package):
    p = Propose(to, tuple(package))
    assert parse(str(p)) == p
    assert Propose(to, tuple(reversed(package))) == p          # canonical order: the same package
    c = Counter(tuple(package))
    assert parse(str(c)) == c


def test_simple_choices_and_moves_round_trip():
    for text in ("pass", "accept", "reject", "match", "waive"):
        assert str(parse(text)) == text
    for move in MOVES:
        for capex in (None, 0, 1, 2, 3):
            a = Act(move, capex)
            assert parse(str(a)) == a


def test_the_examples_people_type():
    p = parse("propose oracle: cash OAI>ORCL 5; compute orcl>oai 1.5GW 8q @2.2")
    assert p.to == R and str(p) == "propose Oracle: compute ORCL>OAI 1.5GW 8q @2.2; cash OAI>ORCL 5"
    assert parse("act plan-b") == Act("plan-b") and parse("act hold capex=2") == Act("hold", 2)
    assert parse("counter: consent MSFT>OAI 35%; ip OAI>MSFT 8q").terms == (Consent(35.0), Ip(8))


def test_every_template_term_round_trips(sprint):
    s = new_game(sprint, 1)
    for me in SEATS:
        for other in SEATS:
            if me != other:
                for _, term in templates_for(s, me, other):
                    assert parse_term(str(term)) == term


@pytest.mark.parametrize("text", [
    "", "fly", "propose Nobody: loan SB>OAI 10 8q", "propose OpenAI loan SB>OAI 10 8q", "propose OpenAI:",
    "propose OpenAI: teleport SB>OAI 3", "propose OpenAI: cash SB 10", "propose OpenAI: compute ORCL>OAI 1 8q @2",
    "propose OpenAI: compute ORCL>OAI 1GW 8q 2", "propose OpenAI: stake MSFT>OAI 5%", "propose OpenAI: consent OAI>MSFT 30%",
    "propose OpenAI: ip MSFT>OAI 8q", "propose OpenAI: agi OAI>MSFT maybe", "propose OpenAI: release MSFT>OAI all",
    "propose OpenAI: ip OAI>MSFT 2.5q", "propose OpenAI: cash SB>OAI nan",
    "propose OpenAI: " + "; ".join(["info MSFT>OAI 4q"] * 7), "act plan-b capex=x", "act fly", "counter",
    "counter: ", "accept now",
])
def test_bad_notation_raises_typed_error(text):
    with pytest.raises(InvalidChoiceError):
        parse(text)


def test_choices_are_immutable():
    p = parse("propose OpenAI: consent MSFT>OAI 30%")
    with pytest.raises(AttributeError):
        p.to = S  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.terms[0].pct = 90.0  # type: ignore[misc]
    assert isinstance(p.terms, tuple)


@settings(max_examples=200, deadline=None)
@given(to=seats, package=st.lists(terms, min_size=1, max_size=6))
def test_the_engine_keeps_what_the_notation_reads_back(to, package):
    """``freeze`` (what the engine keeps of an agent's answer) equals the parsed notation, field types too:
    a float 10.0 becomes the 10 that ``parse`` reads, so a replay re-creates the very same state."""
    from game.rules import freeze
    p = Propose(to, tuple(package))
    frozen, parsed = freeze(p), parse(str(p))
    assert frozen == parsed
    assert [tuple(type(getattr(t, f)) for f in type(t).__slots__) for t in frozen.terms] == \
        [tuple(type(getattr(t, f)) for f in type(t).__slots__) for t in parsed.terms]


def test_every_term_kind_has_plain_words_naming_who_does_what():
    from game.rules import plain, plain_package

    samples = ["compute ORCL>OAI 1GW 8q @2.5 build", "stake OAI>SB 5%", "consent MSFT>OAI 30%", "ip OAI>MSFT 8q",
               "agi OAI>MSFT drop", "agi OAI>MSFT panel", "revshare MSFT>OAI 11%", "release MSFT>OAI rofr",
               "release MSFT>OAI exclusivity", "delivery OAI>MSFT 4q", "info MSFT>SB 4q", "loan SB>OAI 10 8q",
               "venture ORCL 10", "cash ORCL>MSFT 3.5"]
    seen_kinds = set()
    for text in samples:
        term = parse_term(text)
        words = plain(term)
        seen_kinds.add(type(term).__name__)
        assert words != str(term) and ">" not in words and "@" not in words, words
        assert any(name in words for name in ("Microsoft", "OpenAI", "SoftBank", "Oracle", "AGI")), words
    assert len(seen_kinds) == 12
    pkg = [parse_term("cash ORCL>MSFT 3.5"), parse_term("compute ORCL>MSFT 0.5GW 8q @2.5")]
    assert plain_package(pkg).endswith("Oracle pays Microsoft $3.5B")   # the price last


def _exact(choice) -> tuple:
    """A choice as its classes and field values with their types (``10`` and ``10.0`` told apart)."""
    if isinstance(choice, (Propose, Counter)):
        terms = tuple((type(t), tuple((type(getattr(t, f)), getattr(t, f)) for f in type(t).__slots__))
                      for t in choice.terms)
        return (type(choice), getattr(choice, "to", None), terms)
    return (type(choice), str(choice))


@settings(max_examples=200, deadline=None)
@given(to=seats, package=st.lists(terms, min_size=1, max_size=6), floats=st.booleans())
def test_reading_back_an_offered_choice_is_parsing_its_notation(to, package, floats):
    """``reread`` (the engine's shortcut for a choice picked from its own list) gives what ``parse(str(c))``
    gives, number types and all, however the choice's numbers were typed (the enumerator writes ``10.0``)."""
    from game.rules import notation, reread
    from game.rules.choices import package_text

    if floats:  # the enumerator's way: every quantity a float
        package = [type(t)(*[float(v) if type(v) is int and f not in ("quarters",) else v
                             for f, v in ((f, getattr(t, f)) for f in type(t).__slots__)]) for t in package]
    for choice in (Propose(to, tuple(package)), Counter(tuple(package))):
        want = parse(str(choice))
        got = reread(choice)
        assert _exact(got) == _exact(want)
        assert reread(choice) is got  # once per object
        assert notation(got) == str(want)
        assert package_text(got.terms) == "; ".join(map(str, want.terms))  # the log's text of the package


def test_every_offered_choice_reads_back_as_its_notation():
    """All game long, every choice the engine lists reads back (``reread``) exactly as its notation parses."""
    import numpy as np

    from game.rules import apply, legal_choices, load_scenario, reread

    for seed in range(3):
        s = new_game(load_scenario("stargate-2025"), seed)
        rng = np.random.default_rng(seed)
        while not s.is_over():
            legal = legal_choices(s)
            for c in legal:
                assert _exact(reread(c)) == _exact(parse(str(c)))
            apply(s, reread(legal[int(rng.integers(len(legal)))]))
