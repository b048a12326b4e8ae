"""The game's flow: ``new_game``, ``to_move``, ``legal_choices``, ``apply``.

One enumerator and one reducer keyed by phase (catanatron's shape): the
engine asks one seat one question at a time; ``apply`` is the checked path
(agents, replays, the UI) and raises ``IllegalChoiceError``; ``apply_unchecked``
is the fast path for search code that only plays choices it has checked.
Events and resolution run inside ``apply`` when the last action of a quarter
arrives, so a state is always waiting on a seat or over.

Negotiation (rules v2): in each of the quarter's ``talks`` rounds every seat,
in an order that rotates each quarter, may open one negotiation with a
package. The two sides then answer each other - accept, reject, or counter
with another package - as many times as their trust allows this quarter
(``exchanges_allowed``); when the exchanges run out, the last package can
only be accepted or rejected. ``legal_choices`` lists a useful finite set
(``offers``); ``why_illegal`` judges any choice.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from . import deals
from .choices import (ACCEPT, MATCH, PASS, REJECT, WAIVE, Accept, Act, Choice, Counter, Match, Pass, Propose, Reject,
                      Waive, package_text)
from .errors import IllegalChoiceError
from .events import STREAM_ORDER, STREAM_SIGNAL, apply_event, chance, draw_events, normals
from .ledger import adjust_trust
from .moves import MENUS, why_not_capex
from .moves import why_not as move_why_not
from .offers import counter_options, legal_proposals, package_entry
from .openers import table_for
from .views import publish_values
from .resolution import bring_online, resolve_quarter, spot_sold
from .scenario import Scenario
from .scoring import update_values
from .seats import SEATS, Seat
from .state import Agi, Company, GameState, Offer, Phase
from .terms import Compute

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
# the phases as module names: looking a member up on its Enum class costs more than a global, at every decision
_PROPOSE, _RESPOND, _ROFR, _ACT, _OVER = Phase.PROPOSE, Phase.RESPOND, Phase.ROFR, Phase.ACT, Phase.OVER
_ORDERS = tuple(tuple(SEATS[(q + i) % 4] for i in range(4)) for q in range(4))
_ACTS = {(m, lv): Act(m, lv) for m in {m for menu in MENUS.values() for m in menu} for lv in (None, 0, 1, 2, 3)}


def new_game(scenario: Scenario, seed: int) -> GameState:
    """The state at the first decision of quarter 0 (scripted and random events applied)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    econ, terms = scenario.economy, scenario.terms
    s = GameState.__new__(GameState)
    s.scenario, s.seed, s.quarter = scenario, seed, 0
    s.order_shift = int(chance(seed, 0, STREAM_ORDER).integers(4)) if scenario.drawn_order else 0
    s.phase, s.talk, s.slot, s.pending = _PROPOSE, 0, 0, None
    s.companies = []
    for seat in SEATS:
        setup, co = scenario.companies[seat], Company(seat)
        co.cash, co.debt, co.compute_owned = setup.cash, setup.debt, setup.compute_owned
        co.capability, co.users, co.reach = setup.capability, setup.users, setup.reach
        s.companies.append(co)
    s.companies[M].azure_to_openai = terms.azure_to_openai
    s.companies[M].delivered = s.companies[O].capability
    s.trust = [list(r) for r in scenario.trust]
    s.stakes = [[0.0] * 4 for _ in SEATS]
    s.stakes[M][O] = terms.msft_stake
    s.outside, s.consent = 0.0, 0.0
    s.contracts, s.venture_paid, s.venture_gw, s.venture_pipeline = [], [0.0] * 4, 0.0, []
    s.converted = s.deadline_passed = s.stargate = s.delayed = False
    s.agi, s.agi_clause, s.agi_declared_at = Agi.NONE, "board", -99
    s.exclusivity = s.rofr = s.ip_access = True
    s.ip_horizon = scenario.index_of(terms.ip_horizon)
    s.revenue_share, s.sb_pledge, s.sb_released = terms.revenue_share, terms.sb_pledge, 0.0
    s.frontier = econ.frontier_start
    s.info_until = [[0] * 4 for _ in SEATS]
    s.delivery_until = s.antitrust_until = 0
    s.actions, s.talk_count = [None] * 4, [[0] * 4 for _ in SEATS]
    s.log, s.shortfalls, s.broken, s.external, s.rofr_offer, s.history = [], [], [], 0.0, None, []
    s.log_hash, s.log_hashed, s.seen_values = "", 0, None
    _initial_revenue(s)
    update_values(s)
    for co in s.companies:
        co.value_start = co.value
    noise = normals(seed, -1 % 2**31, STREAM_SIGNAL, econ.signal_noise, 2)  # chance(...).normal(0, sd, 2)'s
    s.signal = round(s.companies[O].capability + float(noise[0]), 1)
    s.plan_b_signal = round(s.companies[M].capability + float(noise[1]), 1)
    publish_values(s)
    _start_quarter(s)
    return s


def _initial_revenue(s: GameState) -> None:
    """Opening run-rates, from the same formulas resolution uses at parity with the frontier."""
    econ, terms = s.scenario.economy, s.scenario.terms
    msft, oai = s.companies[M], s.companies[O]
    consumer = oai.users * econ.arpu / 1000.0
    api = consumer * econ.api_ratio
    oai.revenue = consumer + api
    own = msft.compute_owned - msft.azure_to_openai
    msft.revenue = (own * econ.product_value_per_gw + s.revenue_share * oai.revenue + terms.api_cut * api
                    + econ.azure_price_openai * msft.azure_to_openai)
    for seat in (S, R):
        s.companies[seat].revenue = s.companies[seat].compute_owned * econ.spot_price * spot_sold(s)


def _start_quarter(s: GameState) -> None:
    for event in draw_events(s):
        apply_event(s, event)
    bring_online(s)


def negotiation_order(s: GameState) -> tuple[Seat, ...]:
    """Seats in this quarter's proposing order: it rotates every quarter, from a first proposer the
    scenario fixes (Microsoft) or draws from the seed (``drawn_order``): whoever opens the first quarter's
    talks gets the first word on the conversion, so a fixed opener is an edge nothing in the facts gives."""
    return _ORDERS[(s.quarter + s.order_shift) % 4]


def to_move(s: GameState) -> Optional[Seat]:
    """The seat the engine is asking, or ``None`` when the game is over."""
    ph = s.phase
    if ph is _PROPOSE:
        return negotiation_order(s)[s.slot]
    if ph is _RESPOND:
        return s.pending.to
    if ph is _ROFR:
        return M
    if ph is _ACT:
        return next(seat for seat in SEATS if s.actions[seat] is None)
    return None


MAX_EXCHANGES = 5   # packages a pair may put to each other in a quarter at full trust


def exchanges_allowed(s: GameState, x: Seat, y: Seat) -> int:
    """How many packages x and y may put to each other this quarter, offers and counters together: trust
    limits talk (F7). Below 0.1 they do not talk at all; at full trust, ``MAX_EXCHANGES``."""
    return exchanges_left(s, x, y) + s.talk_count[x][y]


def exchanges_left(s: GameState, x: Seat, y: Seat) -> int:
    """``exchanges_allowed`` less the packages x has put to y so far this quarter (the enumerator asks at
    every decision: the allowance is worked out here, written out, a call fewer)."""
    trust = s.trust
    a, b = trust[x][y], trust[y][x]
    t = b if b < a else a  # min(a, b)
    if t < 0.1:
        return -s.talk_count[x][y]
    n = 1 + int(t * 4)
    return (n if n < MAX_EXCHANGES else MAX_EXCHANGES) - s.talk_count[x][y]


def legal_choices(s: GameState, seat: Seat | None = None, free: Sequence[float] | None = None,
                  capability: float | None = None) -> list[Choice]:
    """A useful finite set of legal choices for the seat to move, in a fixed order (any other choice may
    be put to ``why_illegal``). ``seat``: the seat asked, where ``s`` is a view that hides the others'
    sealed moves (so ``to_move`` on it could name an earlier seat). ``free``: every seat's free funds
    (``deals.every_free_funds``) if the caller has them (a view's are its state's: nothing in them is hidden).
    ``capability``: OpenAI's capability as the seat sees it, where ``s`` is the state and the seat may not
    see it (the one hidden figure the list reads: ``observation.reads_hidden``)."""
    ph = s.phase
    me = to_move(s) if seat is None else seat
    if ph is _PROPOSE:
        out: list[Choice] = [PASS]
        free, known = deals.every_free_funds(s) if free is None else free, {}
        if capability is not None:
            known["capability"] = capability
        for to in SEATS:
            if to != me and exchanges_left(s, me, to) > 0:
                out += legal_proposals(s, me, to, free, known)
        return out
    if ph is _RESPOND:
        entry, check, countering = _answering(s, me, deals.every_free_funds(s) if free is None else free)
        out = [ACCEPT] if check.accepts(entry) else []
        out.append(REJECT)
        if countering is not None:
            out += countering.counters(counter_options(s.pending, entry))
        return out
    if ph is _ROFR:
        return [MATCH, WAIVE]
    if ph is _ACT:
        moves, levels = _act_options(s, me, free)
        return [_ACTS[m, None] for m in moves] + [_ACTS[m, lv] for m in moves for lv in levels]
    return []


def _act_options(s: GameState, me: Seat, free: Sequence[float] | None) -> tuple[list[str], list[int]]:
    """The moves ``me`` may make now and the capex levels it may change to: the action list is each move
    with its capex standing, then each move with each level (``legal_choices``' order)."""
    level = s.companies[me].capex_level
    mine = deals.free_funds(s, me) if free is None else free[me]
    moves = [m for m in MENUS[me] if move_why_not(s, me, m, mine) is None]
    levels = [lv for lv in range(4) if lv != level and why_not_capex(s, me, lv, mine) is None]
    return moves, levels


def draw_legal(s: GameState, uniform: Callable[[], float], seat: Seat | None = None,
               free: Sequence[float] | None = None, capability: float | None = None) -> Choice:
    """One choice drawn uniformly from ``legal_choices(s, seat, free, capability)`` (``uniform()``: a draw
    in [0, 1), called as often as the draw needs). Answering a package, the draw is by rejection from the
    candidates the list filters (accept, reject, the counters), each judged only when drawn: every choice
    on the list is as likely as on the list, and a random player no longer pays for judging every counter
    (the answers are half the decisions of a game of cheap agents). A proposal is drawn the same way, from
    pass and the places of each pair's openers (``_draw_proposal``). An action is the list's element at the
    draw's place, worked out from the moves and levels without the list; elsewhere it draws from the list."""
    if s.phase is _ACT:  # the list's element at the draw's place, without the list (move x level)
        moves, levels = _act_options(s, to_move(s) if seat is None else seat, free)
        i, n = int(uniform() * (len(moves) * (1 + len(levels)))), len(moves)
        if i < n:
            return _ACTS[moves[i], None]
        i -= n
        return _ACTS[moves[i // len(levels)], levels[i % len(levels)]]
    if s.phase is _PROPOSE:
        return _draw_proposal(s, uniform, to_move(s) if seat is None else seat,
                              deals.every_free_funds(s) if free is None else free, capability)
    if s.phase is not _RESPOND:
        legal = legal_choices(s, seat, free, capability)
        return legal[int(uniform() * len(legal))]
    me = to_move(s) if seat is None else seat
    entry, check, countering = _answering(s, me, deals.every_free_funds(s) if free is None else free)
    counters = counter_options(s.pending, entry)[1] if countering is not None else ()
    n = 2 + len(counters)
    judged: dict[int, bool] = {}
    while True:
        i = int(uniform() * n)
        if i == 1:
            return REJECT
        ok = judged.get(i)
        if ok is None:
            ok = judged[i] = check.accepts(entry) if i == 0 else countering.passes(counters[i - 2].terms)
        if ok:
            return ACCEPT if i == 0 else counters[i - 2]


def _draw_proposal(s: GameState, uniform: Callable[[], float], me: Seat, free: Sequence[float],
                   capability: float | None) -> Choice:
    """``draw_legal`` for a proposal: by rejection from pass and the places of each pair's list that trust
    leaves open (``openers.candidate``: the list is the legal ones in order), each judged when drawn. Pass
    is always legal, so the draw ends; every legal proposal is as likely as the others, as on the list."""
    pairs, n = [], 1
    for to in SEATS:
        if to != me and exchanges_left(s, me, to) > 0:
            table = table_for(s, me, to)
            pairs.append((to, table, table.candidates))
            n += len(table.candidates)
    known: dict = {} if capability is None else {"capability": capability}
    while True:
        i = int(uniform() * n)
        if not 0 < i < n:  # pass, or a number outside [0, 1): an agent's own stream can give anything
            if i == 0:
                return PASS
            raise ValueError(f"a draw in [0, 1) was expected (the stream gave about {i / n:g})")
        i -= 1
        for to, table, places in pairs:
            if i < len(places):
                test, data = places[i]  # ``openers.candidate``, written out
                choice = test(s, me, to, table, data, free, known)
                if choice is not None:
                    return choice
                break
            i -= len(places)


def _answering(s: GameState, me: Seat, free: Sequence[float]) -> tuple[list, deals.PackageCheck,
                                                                      deals.PackageCheck | None]:
    """What ``me``, answering the package on the table, is judged by: the package's entry
    (``offers.package_entry``), the check of the package as offered, and the check of a counter (None when
    trust allows no more): one pair, as counters go back to the offer's sender."""
    p = s.pending
    check = deals.PackageCheck(s, p.frm, p.to, free)
    entry = package_entry(p)
    if exchanges_left(s, me, p.frm) <= 0:
        return entry, check, None
    return entry, check, (check if me == p.to else deals.PackageCheck(s, me, p.frm, free))


def why_illegal(s: GameState, choice: Choice, free: Sequence[float] | None = None) -> Optional[str]:
    """``None`` if ``choice`` is legal now, else a short reason (for errors and tooltips). ``free``: every
    seat's free funds now, if the caller has them."""
    ph, me = s.phase, to_move(s)
    if ph is _OVER:
        return "the game is over"
    tc = type(choice)
    if ph is _PROPOSE:
        if tc is Pass:
            return None
        if tc is Propose:
            if choice.to == me:
                return "cannot deal with yourself"
            if exchanges_left(s, me, choice.to) <= 0:
                return f"trust with {choice.to.label} allows no more talks this quarter"
            return deals.why_not_package(s, me, choice.to, choice.terms, free)
        return "expected a proposal or pass"
    if ph is _RESPOND:
        p = s.pending
        if tc is Reject:
            return None
        if tc is Accept:
            return deals.why_not_package(s, p.frm, p.to, p.terms, free)
        if tc is Counter:
            if exchanges_left(s, me, p.frm) <= 0:
                return f"trust with {p.frm.label} allows no more counters this quarter: accept or reject"
            if choice.terms == p.terms:
                return "a counter must change the package"
            return deals.why_not_package(s, me, p.frm, choice.terms, free)
        return "expected accept, reject or counter"
    if ph is _ROFR:
        return None if tc in (Match, Waive) else "expected match or waive"
    if tc is Act:
        if choice.move not in MENUS[me]:
            return f"{choice.move} is not one of {me.label}'s moves"
        if choice.capex is not None and choice.capex not in (0, 1, 2, 3):
            return "capex levels are 0 to 3"
        mine = None if free is None else free[me]
        return move_why_not(s, me, choice.move, mine) or why_not_capex(s, me, choice.capex, mine)
    return "expected an action (act MOVE [capex=N])"


def apply(s: GameState, choice: Choice) -> None:
    """Apply a choice for the seat to move, checking it is legal (the checked path)."""
    reason = why_illegal(s, choice)
    if reason is not None:
        who = to_move(s)
        raise IllegalChoiceError(f"illegal choice {str(choice)!r} for {who.label if who else 'nobody'} "
                                 f"in {s.label()} {s.phase.value}: {reason}")
    apply_unchecked(s, choice)


def apply_unchecked(s: GameState, choice: Choice, mover: Seat | None = None) -> None:
    """Apply a choice known to be legal (the fast path for search). ``mover``: ``to_move(s)``, where the
    caller has just worked it out (the game's loop)."""
    ph, me = s.phase, to_move(s) if mover is None else mover
    tc = type(choice)
    if ph is _PROPOSE:
        if tc is Propose:
            _put(s, Offer(me, choice.to, choice.terms), "offers")
        else:
            _next_slot(s)
    elif ph is _RESPOND:
        if tc is Accept:
            _sign(s)
        elif tc is Counter:
            _put(s, Offer(me, s.pending.frm, choice.terms), "counters")
        else:
            _rejected(s)
    elif ph is _ROFR:
        offer = s.rofr_offer
        if tc is Match:
            rival = next(t.provider for t in offer.terms if type(t) is Compute and t.user == O)
            adjust_trust(s, M, rival, -0.05)
            s.note("Microsoft matches under its ROFR and takes the compute deal")
            _execute(s, M, O, deals.matched(offer))
        else:
            s.note("Microsoft waives its ROFR")
            _execute(s, offer.frm, offer.to, offer.terms)
    elif ph is _ACT:
        s.actions[me] = choice
        if all(a is not None for a in s.actions):
            resolve_quarter(s)
            _end_quarter(s)


def _put(s: GameState, offer: Offer, verb: str) -> None:
    s.pending = offer
    s.talk_count[offer.frm][offer.to] += 1
    s.talk_count[offer.to][offer.frm] += 1
    s.phase = _RESPOND
    s.note(f"{offer.frm.label} {verb} {offer.to.label}: {package_text(offer.terms)}")  # offer.text(), looked up


def _sign(s: GameState) -> None:
    p = s.pending
    s.note(f"{p.to.label} accepts")
    if deals.rofr_applies(s, p):
        s.phase, s.rofr_offer = _ROFR, p
        s.note("Microsoft may match under its right of first refusal")
        return
    _execute(s, p.frm, p.to, p.terms)


def _execute(s: GameState, a: Seat, b: Seat, terms: tuple) -> None:
    done = deals.execute(s, terms)
    adjust_trust(s, a, b, 0.04)
    s.note(f"Signed: {a.label}-{b.label}: " + "; ".join(done))
    _next_slot(s)


def _rejected(s: GameState) -> None:
    p = s.pending
    adjust_trust(s, p.frm, p.to, -0.02)
    s.note(f"{p.to.label} rejects")
    _next_slot(s)


def _next_slot(s: GameState) -> None:
    s.pending, s.rofr_offer = None, None
    s.slot += 1
    if s.slot == 4:
        s.slot, s.talk = 0, s.talk + 1
    s.phase = _ACT if s.talk >= s.scenario.talks else _PROPOSE


def _end_quarter(s: GameState) -> None:
    s.quarter += 1
    s.actions, s.talk_count = [None] * 4, [[0] * 4 for _ in SEATS]
    s.delayed, s.talk, s.slot = False, 0, 0
    if any(c.end <= s.quarter for c in s.contracts):  # ended contracts leave the live list (kept for the ledger)
        s.history += [c for c in s.contracts if c.end <= s.quarter]
        s.contracts = [c for c in s.contracts if c.end > s.quarter]
    if s.quarter >= s.scenario.quarters:
        s.phase = _OVER
        bring_online(s)  # what was due keeps its book consistent with its contracts (values are the same)
        return
    s.phase = _PROPOSE
    _start_quarter(s)
