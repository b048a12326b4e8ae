"""Company personas: each plays its company's interests as the sources describe them.

* ``microsoft`` hedges: plan-B models, matching rival compute deals under its
  right of first refusal, throttling or opening Azure as trust with OpenAI
  moves, buying out the AGI clause when OpenAI gets close (F3-F6, F10, F15).
* ``openai`` chases compute and independence: leases, Stargate, outside
  clouds, conversion before the deadline, an AGI declaration once arbitration
  looks winnable (F2, F3, F6, F9, F14, F16).
* ``softbank`` backs Stargate, pays its tranches once OpenAI has converted and
  lends OpenAI a bridge (F9, F14).
* ``oracle`` builds capacity on credit, leases it to OpenAI and Microsoft,
  and builds to order (F9, F16).

Moves and the deal agenda are rules of thumb with a reason; whether a deal is
worth making or taking is checked by the same short lookahead the negotiator
uses, tilted by the persona's taste (a bias in score points), so personas
stay sensible while playing visibly different games. ``persona`` plays the
persona of whichever seat it sits in; a named persona placed in another
company's seat does the same and says so in its rationale.
"""

from __future__ import annotations

from typing import Callable

from game.rules import (Act, AgiClause, Choice, Compute, Consent, Counter, Delivery, GameState, Info, Ip, Loan, Match,
                        Observation, Phase, Release, RevShare, Seat, Stake, Term, Venture, Waive, agi_uphold_chance, canonical,
                        exchanges_left, free_funds, kind, plain_package, leased_in, leased_out, own_use_gw, product_demand, profit_capacity, serving_capacity, snap, spare_compute,
                        why_illegal, why_not_package)

from .base import Decision
from .belief import openai_compute
from .negotiator import ACCEPT, PASS, REJECT, LookaheadAgent
from .refusals import again_words
from .registry import register

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
Plan = tuple[str, str]                                  # (move, reason)
Wish = tuple[Seat, tuple[Term, ...], str]               # (counterparty, package without cash, reason)

#: taste, in points (100 x value / start value) added to signing a package that holds a term of this kind
BIAS: dict[Seat, dict[str, float]] = {
    M: {"release": -5.0, "consent": 1.0, "ip": 1.5, "agi": 1.5, "delivery": 0.5},
    O: {"compute": 0.5, "venture": 1.5, "release": 1.5, "consent": 1.0, "stake": 0.5},
    S: {"venture": 2.5, "stake": 1.5, "loan": 0.5},
    R: {"compute": 2.5, "venture": 1.0},
}
#: the capex level each persona aims for (SoftBank at 1: it builds its own Stargate sites, as the thinking
#: agents' SoftBank does; at 0 it owned no compute and grew 0.2 less in log value than theirs)
CAPEX = {M: 2, O: 1, S: 1, R: 2}
#: OpenAI's training-split moves, with what each says when the look ahead picks it
SPLIT = {"hold": "keeps its training split", "shift-to-training": "trains harder",
         "shift-to-serving": "moves compute to serving users"}
ROFR_TASTE = 1.0   # Microsoft's taste for keeping OpenAI's compute on Azure, in points
PLAN_TASTE = 0.5   # points a persona's own plan for the quarter counts over holding or spending less
#: moves in a persona's character that its rule of thumb does not call for but its look ahead may pick
SIDELINE: dict[Seat, tuple[str, ...]] = {S: ("back-stargate",), R: ("back-stargate",)}


def deadline_ahead(v: GameState) -> bool:
    return not v.converted and v.quarter <= v.scenario.index_of(v.scenario.terms.conversion_deadline)


def lease(v: GameState) -> float:
    return snap("price", v.scenario.economy.lease_price)


# ------------------------------------------------------------ Microsoft
def microsoft_move(v: GameState, agent: "PersonaAgent") -> Plan:
    trust, me = v.trust[M][O], v.companies[M]
    oai_cap = agent.belief.oai.mean
    if v.agi.value == "declared" and v.agi_clause == "board":
        chance = agi_uphold_chance(v, oai_cap)
        if chance < 0.6:
            return "dispute-agi", f"disputes the AGI declaration: it reckons a {1 - chance:.0%} chance to win"
    if trust < 0.35:
        return "throttle-azure", f"throttles OpenAI's Azure capacity: trust is down to {trust:.2f}"
    if me.capability < 0.8 * oai_cap and (v.quarter % 2 == 0 or trust < 0.5):
        return "plan-b", f"invests in plan-B models: own ~{me.capability:.0f} against OpenAI ~{oai_cap:.0f}"
    if trust >= 0.5 and (v.converted or v.consent > 0):
        return "open-azure", f"opens Azure to OpenAI: trust {trust:.2f} and a stake in its growth"
    return "hold", "keeps Azure steady"


def microsoft_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    t = v.scenario.terms
    wishes: list[Wish] = []
    if v.consent <= 0 and not v.converted:
        # the hold-up: it asks more while the deadline is far, and longer IP rights when its own models lag
        left = max(0, v.scenario.index_of(v.scenario.terms.conversion_deadline) - v.quarter)
        # a mixed opening (its own random stream): a hold-up whose ask can be read off is one to play around
        pct = float(min(40, max(20, 26 + 3 * left + int(agent.rng.integers(-3, 4)))))
        ip = 12 if v.companies[M].capability < 0.7 * agent.belief.oai.mean else 8
        wishes.append((O, (Consent(pct), Ip(ip)), f"trades its consent for {pct:.0f}% of OpenAI and {ip} more "
                                                  f"quarters of IP rights ({left} quarters to the deadline)"))
    chance = agent.belief.agi_chance(t.agi_capability - 10.0)
    if v.agi_clause == "board" and chance > 0.15:
        wishes.append((O, (AgiClause("panel"),), f"wants an expert panel on AGI: OpenAI may near the bar ({chance:.0%})"))
    if v.ip_access and v.ip_horizon - v.quarter <= 8:
        wishes.append((O, (Ip(8),), "extends its IP rights past the horizon"))
    if any(line.startswith("OpenAI") and " delays " in line for line in v.log[-40:]):
        wishes.append((O, (Delivery(4),), "asks for a promise of on-time models after the delays"))
    gap = product_demand(v) - own_use_gw(v, leased_in(v, M))  # Copilot's demand beyond what it runs
    if spare_compute(v, R) >= 0.5 and gap >= 0.5:
        wishes.append((R, (Compute(R, M, 0.5, 8, lease(v)),),
                       f"leases Oracle capacity: Copilot's demand is {gap:.1f} GW past what it runs"))
    wishes.append((R, (Compute(R, M, 1.0, 12, lease(v), True), Loan(M, R, 20.0, 8)),
                   "orders Oracle capacity and lends it the money to build"))
    return wishes


# ------------------------------------------------------------ OpenAI
def openai_move(v: GameState, agent: "PersonaAgent") -> Plan:
    t, econ, me = v.scenario.terms, v.scenario.economy, v.companies[O]
    if v.consent > 0 and not v.converted:
        return "request-conversion", "converts to a for-profit now that Microsoft has consented"
    if (v.agi_clause != "dropped" and v.agi.value in ("none", "rejected") and agi_uphold_chance(v) >= 0.6
            and profit_capacity(v) >= t.agi_profit_test):
        return "declare-agi", (f"declares AGI: capability {me.capability:.0f} and ${profit_capacity(v):.0f}B "
                               f"profit capacity should carry the ruling")
    capacity = serving_capacity(v, openai_compute(v))
    if me.users >= 0.97 * capacity:
        if me.cash >= 6 * econ.multi_cloud_price * econ.multi_cloud_gw:
            return "go-multi-cloud", f"{me.users:.0f}M users fill its {capacity:.0f}M capacity: rents outside clouds"
        if me.training_share > 0.35:
            return "shift-to-serving", "users are turned away: moves compute to serving"
    if me.capability < v.frontier + 5.0 and me.training_share < 0.65 and me.users < 0.9 * capacity:
        return "shift-to-training", (f"wants a lead over the frontier ({me.capability:.0f} vs {v.frontier:.0f}) "
                                     f"and has serving room: trains harder")
    if v.trust[O][M] < 0.4 and v.delivery_until <= v.quarter:
        return "delay-model", "Microsoft slow-walks compute: ChatGPT gets the new model first"
    return "hold", "keeps training and serving as they are"


def openai_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    wishes: list[Wish] = []
    me = v.companies[O]
    if v.consent <= 0 and not v.converted:
        why = "asks consent to convert before the deadline" if deadline_ahead(v) else "still needs consent to convert"
        capacity = serving_capacity(v, openai_compute(v))
        if v.rofr and me.users >= 0.8 * capacity:  # short of compute: it wants to buy elsewhere freely too
            wishes.append((M, (Consent(27.0), Release("rofr")), why + " and, short of compute, the ROFR's end"))
        else:
            wishes.append((M, (Consent(27.0),), why))
    order = Compute(R, O, 1.0, 12, lease(v), True)
    if agent.free(v) > 1.5 * order.gw * order.price * order.quarters:
        wishes.append((R, (order,), "orders capacity from Oracle and pays cash: compute holds it back"))
    else:
        wishes.append((R, (order, Stake(R, 2.0)), "orders Oracle capacity and, short of cash, pays part in equity"))
    if spare_compute(v, M) >= 0.5:
        azure = Compute(M, O, 0.5, 8, lease(v))
        share = round(v.revenue_share * 100)
        if agent.free(v) < 20.0 and share < 30:  # short of cash: pays for Azure with a bigger revenue share
            wishes.append((M, (azure, RevShare(O, float(min(30, share + 2)))),
                           "asks Microsoft for Azure capacity, paid with a bigger revenue share"))
        else:
            wishes.append((M, (azure,), "asks Microsoft for more Azure capacity"))
    if agent.free(v) < 20.0:  # running low: a bigger round, with SoftBank's money for Stargate if it can
        wishes.append((S, (Stake(S, 8.0),), f"short of cash (${agent.free(v):.0f}B free): raises a big round from SoftBank"))
    else:
        wishes.append((S, (Stake(S, 4.0),), "raises equity from SoftBank"))
    if v.stargate:
        wishes.append((S, (Venture(S, 10.0), Venture(O, 5.0)), "co-funds Stargate with SoftBank"))
    if v.rofr:
        wishes.append((M, (Release("rofr"),), "buys out Microsoft's ROFR to go multi-cloud freely"))
    return wishes


# ------------------------------------------------------------ SoftBank
def softbank_move(v: GameState, agent: "PersonaAgent") -> Plan:
    me = v.companies[S]
    if v.converted and v.sb_pledge > 1e-9:
        return "release-tranche", "OpenAI has converted: pays the next tranche of the round"
    reserve = v.scenario.terms.tranche if v.sb_pledge > 1e-9 and not v.converted else 0.0
    if v.stargate and me.cash >= 5.0 + reserve:
        return "back-stargate", "puts more money into Stargate"
    return "hold", "keeps its powder dry"


def softbank_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    wishes: list[Wish] = []
    if v.stargate:
        wishes += [(O, (Venture(O, 5.0), Venture(S, 10.0)), "commits to Stargate alongside OpenAI"),
                   (R, (Venture(R, 5.0), Venture(S, 10.0)), "brings Oracle into Stargate")]
    if v.converted:
        wishes.append((O, (Stake(S, 4.0),), "invests in the converted OpenAI"))
    wishes.append((O, (Loan(S, O, 10.0, 8),), "lends OpenAI money to bridge to its next round"))
    wishes.append((O, (Stake(S, 3.0), Venture(S, 10.0)), "buys into OpenAI and funds Stargate for it"))
    return wishes


# ------------------------------------------------------------ Oracle
def oracle_move(v: GameState, agent: "PersonaAgent") -> Plan:
    me = v.companies[R]
    leased = leased_out(v, R)
    if me.compute_owned > 0 and leased >= 0.8 * me.compute_owned and agent.free(v) > 2 * v.scenario.economy.build_boost:
        return "rush-build", f"{leased:.2f} of {me.compute_owned:.2f} GW is leased out: rushes a build"
    if v.stargate and agent.free(v) > 40.0:
        return "back-stargate", "puts money into Stargate, which it builds and runs"
    return "hold", "builds at its standing pace"


def build_cost(v: GameState, order: Compute) -> float:
    """$B the provider spends to build ``order``'s capacity."""
    return order.gw * v.scenario.economy.gw_build_cost


def financed(v: GameState, order: Compute) -> tuple[Term, ...]:
    """A build to order that the buyer pays for up front by lending the provider its cost."""
    return order, Loan(order.user, order.provider, snap("loan", build_cost(v, order)), 8)


def oracle_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    wishes: list[Wish] = []
    spare_gw = spare_compute(v, R)
    if spare_gw >= 0.5:
        # one contract for what it has spare (up to 2 GW), not a string of small ones
        spare = Compute(R, O, snap("gw", min(2.0, spare_gw - 0.125)), 8, lease(v))
        if free_funds(v, O) < 20.0:  # OpenAI is short of cash: part of the rent in equity
            wishes.append((O, (spare, Stake(R, 1.0)), "leases spare capacity to OpenAI for rent and a little equity"))
        elif v.trust[R][O] < 0.7:  # it wants to see OpenAI's figures before it commits capacity to it
            wishes.append((O, (spare, Info(R, O, 4)), "leases spare capacity to OpenAI if it opens its books"))
        else:
            wishes.append((O, (spare,), "leases spare capacity to OpenAI"))
    build = Compute(R, O, 1.0, 12, lease(v), True)
    cost = build_cost(v, build)
    if agent.free(v) < 1.5 * cost and free_funds(v, O) > 1.2 * cost:
        wishes.append((O, financed(v, build), "builds for OpenAI if OpenAI lends it the cost of the build"))
    elif free_funds(v, O) > 1.5 * build.gw * build.price * build.quarters:
        wishes.append((O, (build,), "offers OpenAI capacity built to order, for cash"))
    else:
        wishes.append((O, (Compute(R, O, 0.5, 8, lease(v), True), Stake(R, 1.0)),
                       "builds for OpenAI against equity: OpenAI is short of cash"))
    mbuild = Compute(R, M, 0.5, 12, lease(v), True)
    if agent.free(v) < 1.5 * build_cost(v, mbuild):  # short of money to build: Microsoft finances it
        wishes.append((M, financed(v, mbuild), "offers Microsoft capacity built to order if Microsoft lends it the cost"))
    else:
        wishes.append((M, (mbuild,), "offers Microsoft capacity built to order"))
    if v.stargate:
        wishes.append((S, (Venture(R, 5.0), Venture(S, 10.0)), "co-funds Stargate, which it builds and runs"))
    return wishes


STYLES: dict[Seat, tuple[Callable[[GameState, "PersonaAgent"], Plan],
                         Callable[[GameState, "PersonaAgent"], list[Wish]]]] = {
    M: (microsoft_move, microsoft_wishes), O: (openai_move, openai_wishes),
    S: (softbank_move, softbank_wishes), R: (oracle_move, oracle_wishes),
}


def taste(seat: Seat, terms: tuple[Term, ...]) -> float:
    return sum(BIAS[seat].get(kind(t), 0.0) for t in terms)


class PersonaAgent(LookaheadAgent):
    """Plays the persona of the seat it sits in (``home`` names the intended company)."""

    horizon = 4
    home: Seat | None = None

    def note(self) -> str:
        if self.home is None or self.home == self.seat:
            return ""
        return f" ({self.seat.label}'s persona: {self.home.label}'s does not fit this seat)"

    def act(self, obs: Observation) -> Decision:
        self.observe(obs)
        if len(obs.legal) == 1:
            return Decision(obs.legal[0], "the only legal choice")
        ph = obs.phase
        if ph is Phase.ACT:
            c, why = self.move(obs)
        elif ph is Phase.PROPOSE:
            c, why = self.propose(obs)
        elif ph is Phase.ROFR:
            c, why = self.rofr(obs)
        else:
            c, why = self.respond(obs)
        return Decision(c, why + self.note())

    def free(self, v: GameState) -> float:
        return free_funds(v, self.seat)

    # ------------------------------------------------------------ phases
    def move(self, obs: Observation) -> tuple[Choice, str]:
        v = obs.view
        plan, why = STYLES[self.seat][0](v, self)
        acts = [c for c in obs.legal if isinstance(c, Act)]
        if self.seat == O and plan in SPLIT:
            plan, why = self.weigh_split(obs, acts, plan, why)
        moves = [c for c in acts if c.move == plan] or [c for c in acts if c.move == "hold"] or acts
        if moves[0].move != plan:
            why = f"holds ({plan} is not possible now)"
        want, level = CAPEX[self.seat], v.companies[self.seat].capex_level
        pick = next((c for c in moves if c.capex is None), moves[0])
        if level != want:
            change = [c for c in moves if c.capex is not None and abs(c.capex - want) < abs(level - want)]
            if change:
                pick = min(change, key=lambda c: abs(c.capex - want))
                why += f"; capex to level {pick.capex}"
        return self.check(obs, acts, pick, why)

    def check(self, obs: Observation, acts: list[Act], pick: Act, why: str) -> tuple[Choice, str]:
        """The rule of thumb, checked on a look ahead against holding, against a capex level less and one
        more, and against the moves in the seat's character its rule does not call for (``SIDELINE``): a
        persona keeps its style (its plan counts ``PLAN_TASTE`` points more) but does not follow it off a
        cliff (the Oracle persona built at level 2 whatever the demand and lost a quarter of its value in
        persona mirrors), nor leave what pays on the table (it backed Stargate once a game where the thinking
        agents' Oracle did six to eight times)."""
        level = obs.view.companies[self.seat].capex_level
        options = [pick]
        alts = [Act("hold", None), Act(pick.move, level - 1) if level > 0 else None, Act(pick.move, level + 1)]
        alts += [Act(m, None) for m in SIDELINE.get(self.seat, ())]
        for alt in alts:
            if alt is not None and alt not in options and alt in acts:
                options.append(alt)
        if len(options) == 1:
            return pick, why
        worlds = self.make_worlds(obs)
        rated = {c: self.option(worlds, [c]).value + (PLAN_TASTE if c == pick else 0.0) for c in options}
        best = max(options, key=lambda c: rated[c])
        if best == pick:
            return pick, why
        what = "holds" if best.move == "hold" and best.capex is None else \
            f"{best.move}, capex {'down' if best.capex < level else 'up'} to level {best.capex}" \
            if best.capex is not None else best.move
        return best, f"{what} instead ({rated[best] - rated[pick] + PLAN_TASTE:+.1f} on a look ahead): {why}"

    def weigh_split(self, obs: Observation, acts: list[Act], plan: str, why: str) -> tuple[str, str]:
        """OpenAI's training split, looked ahead: training lifts the model and its users' growth, but takes
        compute from serving and makes each answer dearer, so the persona's rule of thumb is checked."""
        options = [c for c in acts if c.move in SPLIT and c.capex is None]
        if len(options) < 2:
            return plan, why
        worlds = self.make_worlds(obs)
        rated = {c.move: self.option(worlds, [c]).value for c in options}
        best = max(rated, key=lambda m: (rated[m], m == plan))
        if best == plan:
            return plan, why
        edge = rated[best] - rated.get(plan, rated[best])
        return best, f"{SPLIT[best]} ({edge:+.1f} over {plan} on a look ahead)"

    def propose(self, obs: Observation) -> tuple[Choice, str]:
        view, me = obs.view, obs.seat
        worlds, base = None, None
        wishes = STYLES[self.seat][1](view, self)
        start = (view.quarter + view.talk) % max(1, len(wishes))  # the agenda rotates: not the same ask each turn
        for to, terms, why in wishes[start:] + wishes[:start]:
            terms = canonical(terms)
            if to == me or why_not_package(view, me, to, terms) is not None or self.reputation.willingness(to) < 0.25:
                continue
            if view.talk_count[me][to] >= 1 or exchanges_left(view, me, to) <= 0:
                continue
            if worlds is None:
                worlds = self.make_worlds(obs)
                base = self.bargain.base(worlds)
            # the price is set on what the package is worth, the taste only decides whether to ask: a persona
            # that priced its taste in paid for it in cash (SoftBank paid Oracle $20B to co-fund Stargate)
            a = self.bargain.appraise(worlds, base, to, terms)
            priced = self.bargain.price(view, a, 0.5)
            if priced is not None and priced.mine + taste(me, terms) > 0 and priced.theirs > 0 \
                    and why_illegal(view, priced.choice) is None:
                ok, again = self.fresh(obs, to, priced.terms, priced.theirs)
                if not ok:
                    continue
                self.sending(obs, to, priced.terms, priced.theirs)
                return priced.choice, f"{why}{again_words(again)}: offers {plain_package(priced.terms)}"
        return PASS, "nothing on its agenda pays now"

    def rofr(self, obs: Observation) -> tuple[Choice, str]:
        """Microsoft's hedge: it likes keeping OpenAI on Azure (a taste worth ``ROFR_TASTE`` points), but
        matching ties up its own capacity, so it still weighs the deal."""
        worlds = self.make_worlds(obs)
        edge = self.option(worlds, [Match()]).value - self.option(worlds, [Waive()]).value + ROFR_TASTE
        if edge > 0:
            return Match(), f"matches the rival's compute deal under the ROFR: keeps OpenAI on Azure ({edge:+.1f})"
        return Waive(), f"waives the ROFR: the capacity is worth more to its own products ({edge:+.1f})"

    def respond(self, obs: Observation) -> tuple[Choice, str]:
        worlds = self.make_worlds(obs)
        p = obs.pending
        mine, theirs = self.bargain.appraise_answer(worlds, obs)
        liking = taste(self.seat, p.terms)
        mine += liking
        what = f"{p.frm.label}'s offer"
        if obs.exchanges_left > 0 and mine < 1.0:
            counter = self.bargain.counter(obs, worlds, mine, theirs)
            if counter is not None and counter.mine > 0.5:
                self.sending(obs, p.frm, counter.terms, counter.theirs)
                return Counter(counter.terms), f"counters {what}: {plain_package(counter.terms)}"
        likes = f", {liking:+.1f} of that for liking such terms" if liking else ""
        if ACCEPT in obs.legal and mine > 0:
            return ACCEPT, f"takes {what}: worth {mine:+.1f}% of its value to it{likes}"
        return REJECT, f"turns down {what}: worth {mine:+.1f}% of its value to it{likes}"


@register("persona", "each company's own persona, in whichever seat it sits", "easy")
class Persona(PersonaAgent):
    """The company persona of the seat (the natural opponent for a person)."""


@register("microsoft", "Microsoft persona: plan B, ROFR matching, Azure throttled or opened by trust", "easy")
class MicrosoftPersona(PersonaAgent):
    home = M


@register("openai", "OpenAI persona: compute, conversion before the deadline, AGI once it can win", "easy")
class OpenAIPersona(PersonaAgent):
    home = O


@register("softbank", "SoftBank persona: backs Stargate, pays tranches on conversion, presses for it", "easy")
class SoftBankPersona(PersonaAgent):
    home = S


@register("oracle", "Oracle persona: builds capacity on credit, leases and builds to order for OpenAI", "easy")
class OraclePersona(PersonaAgent):
    home = R
