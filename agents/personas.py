"""Company personas: each plays its company's interests as the sources describe them.

* ``microsoft`` hedges: plan-B models, matching rival compute deals under its
  right of first refusal, throttling or opening Azure as trust with OpenAI
  moves, buying out the AGI clause when OpenAI gets close (F3-F6, F10, F15).
* ``openai`` chases compute and independence: leases, Stargate, outside
  clouds, conversion before the deadline, an AGI declaration once arbitration
  looks winnable (F2, F3, F6, F9, F14, F16).
* ``softbank`` backs Stargate, pays its tranches once OpenAI has converted and
  withholds them to press for conversion (F9, F14).
* ``oracle`` builds capacity on debt, leases it to OpenAI and moves its price
  with demand (F9, F16).

Moves and the deal agenda are rules of thumb with a reason; whether a deal is
worth making or taking is checked by the same short lookahead the negotiator
uses, tilted by the persona's taste (a bias in score points), so personas
stay sensible while playing visibly different games. ``persona`` plays the
persona of whichever seat it sits in; a named persona placed in another
company's seat does the same and says so in its rationale.
"""

from __future__ import annotations

from typing import Callable

from game.rules import (Accept, Act, Agi, Choice, Counter, GameState, Match, Observation, Phase, Propose, Reject,
                        Seat, Waive, leased_out, profit_capacity, spare_compute)

from .base import Decision
from .belief import openai_compute
from .negotiator import LookaheadAgent
from .registry import register

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE
Plan = tuple[str, str]                    # (move, reason)
Wish = tuple[Seat, str, tuple[int, ...], str]   # (counterparty, deal, sizes in order of preference, reason)

#: taste, in score points added to accepting a deal of this type
BIAS: dict[Seat, dict[str, float]] = {
    M: {"exclusivity-waiver": -6.0, "conversion-consent": 1.0, "ip-extension": 1.0},
    O: {"compute-lease": 2.0, "stargate-commitment": 2.0, "capacity-prepayment": 1.0, "exclusivity-waiver": 2.0},
    S: {"stargate-commitment": 3.0, "equity-investment": 1.0},
    R: {"compute-lease": 2.0, "capacity-prepayment": 2.0, "stargate-commitment": 1.0},
}
CAPEX = {M: 2, O: 1, S: 0, R: 3}


def deadline_ahead(v: GameState) -> bool:
    return not v.converted and v.quarter <= v.scenario.index_of(v.scenario.terms.conversion_deadline)


# ------------------------------------------------------------ Microsoft
def microsoft_move(v: GameState, agent: "PersonaAgent") -> Plan:
    trust, me = v.trust[M][O], v.companies[M]
    oai_cap = agent.belief.oai.mean
    if v.agi is Agi.DECLARED:
        return "dispute-agi", f"disputes the AGI declaration (OpenAI ~{oai_cap:.0f} vs the {v.scenario.terms.agi_capability:.0f} bar)"
    if trust < 0.35:
        return "throttle-azure", f"throttles OpenAI's Azure capacity: trust is down to {trust:.2f}"
    if me.capability < 0.8 * oai_cap and (v.quarter % 2 == 0 or trust < 0.5):
        return "plan-b", f"invests in plan-B models: own ~{me.capability:.0f} against OpenAI ~{oai_cap:.0f}"
    if trust >= 0.6 and (v.converted or v.consent):
        return "open-azure", f"opens Azure to OpenAI: trust {trust:.2f} and an equity stake in its growth"
    if me.cash > 60:
        return "build-capacity", "builds more data centres while cash is plentiful"
    return "hold", "keeps Azure steady"


def microsoft_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    t = v.scenario.terms
    wishes: list[Wish] = []
    if not v.consent and deadline_ahead(v):
        wishes.append((O, "conversion-consent", (3, 2), "consents to conversion for the largest stake bonus"))
    chance = agent.belief.agi_chance(t.agi_capability - 10.0)
    if v.agi_clause and chance > 0.15:
        wishes.append((O, "agi-buyout", (1, 2), f"buys out the AGI clause: OpenAI may near the bar ({chance:.0%})"))
    if v.ip_access and v.ip_horizon - v.quarter <= 8:
        wishes.append((O, "ip-extension", (2, 1, 3), "extends its IP rights past the horizon"))
    if v.ip_access and v.trust[M][O] < 0.5:
        wishes.append((O, "model-delivery", (2, 1), "pays for on-time model delivery after the delays"))
    wishes.append((R, "capacity-prepayment", (2, 1, 3), "prepays Oracle for dedicated capacity (plan B needs compute)"))
    return wishes


# ------------------------------------------------------------ OpenAI
def openai_move(v: GameState, agent: "PersonaAgent") -> Plan:
    t, econ, me = v.scenario.terms, v.scenario.economy, v.companies[O]
    if v.consent and not v.converted:
        return "request-conversion", "converts to a for-profit now that Microsoft has consented"
    if me.capability >= t.agi_capability and profit_capacity(v) >= t.agi_profit_test and v.agi_clause:
        return "declare-agi", (f"declares AGI: capability {me.capability:.0f} and ${profit_capacity(v):.0f}B "
                               f"profit capacity should win arbitration")
    capacity = openai_compute(v) * (1.0 - me.training_share) * econ.users_per_gw
    if me.users >= 0.97 * capacity:
        if me.cash >= 2 * econ.multi_cloud_price * econ.multi_cloud_gw:
            return "go-multi-cloud", f"{me.users:.0f}M users fill its {capacity:.0f}M capacity: rents outside clouds"
        if me.training_share > 0.35:
            return "shift-to-serving", "users are turned away: moves compute to serving"
    if me.capability < v.frontier and me.training_share < 0.65:
        return "shift-to-training", f"behind the frontier ({me.capability:.0f} vs {v.frontier:.0f}): trains harder"
    if v.trust[O][M] < 0.4:
        return "delay-model", "Microsoft slow-walks compute: OpenAI slows its model deliveries"
    return "hold", "keeps training and serving as they are"


def openai_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    wishes: list[Wish] = []
    if not v.consent and not v.converted:
        why = "asks consent to convert before the deadline" if deadline_ahead(v) else "still needs consent to convert"
        wishes.append((M, "conversion-consent", (1, 2), why))
    wishes.append((R, "compute-lease", (3, 2, 1), "leases Oracle capacity: compute is what holds it back"))
    wishes.append((S, "stargate-commitment", (2, 1, 3), "co-funds Stargate with SoftBank"))
    wishes.append((S, "equity-investment", (2, 3, 1), "raises equity from SoftBank"))
    wishes.append((M, "compute-lease", (2, 1), "asks Microsoft for more Azure capacity"))
    if v.rofr:
        wishes.append((M, "exclusivity-waiver", (2, 3), "buys out Microsoft's ROFR to go multi-cloud freely"))
    return wishes


# ------------------------------------------------------------ SoftBank
def softbank_move(v: GameState, agent: "PersonaAgent") -> Plan:
    me = v.companies[S]
    if v.converted and v.sb_pledge > 1e-9:
        return "release-tranche", "OpenAI has converted: pays the next tranche of the round"
    if v.deadline_passed and not v.converted and v.sb_pledge > 1e-9:
        return "withhold-tranche", "no conversion by the deadline: withholds a tranche to press for it"
    reserve = v.scenario.terms.tranche if v.sb_pledge > 1e-9 and not v.converted else 0.0
    if v.stargate and me.cash >= 5.0 + reserve:
        return "back-stargate", "puts more money into Stargate"
    return "hold", "keeps its powder dry"


def softbank_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    wishes: list[Wish] = [(O, "stargate-commitment", (2, 1, 3), "commits to Stargate alongside OpenAI"),
                          (R, "stargate-commitment", (2, 1), "brings Oracle into Stargate"),
                          (M, "stargate-commitment", (1, 2), "invites Microsoft into Stargate")]
    if v.converted:
        wishes.append((O, "equity-investment", (2, 1, 3), "invests in the converted OpenAI"))
    return wishes


# ------------------------------------------------------------ Oracle
def oracle_move(v: GameState, agent: "PersonaAgent") -> Plan:
    me = v.companies[R]
    leased = leased_out(v, R)
    if me.cash < v.scenario.companies[R].capex_levels[2]:
        return "raise-debt", "raises debt to keep building"
    if me.compute_owned > 0 and leased >= 0.8 * me.compute_owned and me.price_level < 2:
        return "price-up", f"{leased:.2f} of {me.compute_owned:.2f} GW is leased out: raises its price"
    if spare_compute(v, R) > 0.5 and me.price_level > -1:
        return "price-down", "idle capacity: cuts its price to win leases"
    if me.debt < 4.0 * max(me.value, 1.0) and me.debt < 100.0:
        return "build-capacity", f"builds on debt (debt ${me.debt:.0f}B)"
    return "hold", "digests its debt"


def oracle_wishes(v: GameState, agent: "PersonaAgent") -> list[Wish]:
    return [(O, "compute-lease", (3, 2, 1), "leases capacity to OpenAI"),
            (O, "capacity-prepayment", (2, 3, 1), "offers OpenAI capacity built to order"),
            (M, "capacity-prepayment", (2, 3, 1), "offers Microsoft capacity built to order"),
            (S, "stargate-commitment", (1, 2), "co-funds Stargate, which it builds and runs"),
            (M, "compute-lease", (2, 1), "leases spare capacity to Microsoft")]


STYLES: dict[Seat, tuple[Callable[[GameState, "PersonaAgent"], Plan],
                         Callable[[GameState, "PersonaAgent"], list[Wish]]]] = {
    M: (microsoft_move, microsoft_wishes), O: (openai_move, openai_wishes),
    S: (softbank_move, softbank_wishes), R: (oracle_move, oracle_wishes),
}


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

    # ------------------------------------------------------------ phases
    def move(self, obs: Observation) -> tuple[Act, str]:
        v = obs.view
        plan, why = STYLES[self.seat][0](v, self)
        acts = [c for c in obs.legal if isinstance(c, Act)]
        moves = [c for c in acts if c.move == plan] or [c for c in acts if c.move == "hold"] or acts
        if moves[0].move != plan:
            why = f"holds ({plan} is not possible now)"
        want = CAPEX[self.seat]
        pick = max((c for c in moves if c.capex <= want), key=lambda c: c.capex, default=moves[0])
        return pick, why

    def propose(self, obs: Observation) -> tuple[Choice, str]:
        legal = set(obs.legal)
        worlds = None
        base = None
        for to, deal, sizes, why in STYLES[self.seat][1](obs.view, self):
            for size in sizes:
                c = Propose(to, deal, size)
                if c not in legal:
                    continue
                if worlds is None:
                    worlds = self.make_worlds(obs)
                    base = self.option(worlds, [obs.legal[0]])
                opt = self.option(worlds, [c, Accept()])
                mine = opt.value - base.value + BIAS[self.seat].get(deal, 0.0)
                theirs = opt.scores[to] - base.scores[to]
                if mine > 0 and theirs > 0 and self.reputation.willingness(to) > 0.25:
                    return c, f"{why}: {deal} size={size}"
                break  # one size tried per wish keeps personas quick
        return obs.legal[0], "nothing on its agenda pays now"

    def rofr(self, obs: Observation) -> tuple[Choice, str]:
        p = obs.pending
        rival = p.a if p.deal == "compute-lease" else p.b
        if self.seat == M:
            return Match(), f"matches {rival.label}'s {p.deal} under the ROFR: keeps OpenAI on Azure"
        return Waive(), "waives"

    def respond(self, obs: Observation) -> tuple[Choice, str]:
        worlds = self.make_worlds(obs)
        p = obs.pending
        bias = BIAS[self.seat].get(p.deal, 0.0)
        best, options = self.answer_offer(obs, worlds)
        ref = options["reject"].value
        scored = [(o.value + (bias if not isinstance(o.choice, Reject) else 0.0), o) for o in options.values()]
        value, best = max(scored, key=lambda t: t[0])
        who = p.proposer if obs.phase is Phase.RESPOND else p.counterparty
        what = f"{p.deal} size={obs.offer_size} from {who.label}"
        if isinstance(best.choice, Reject) or value <= ref:
            return Reject(), f"turns down {what}"
        if isinstance(best.choice, Counter):
            return best.choice, f"counters {what} at size={best.choice.size}"
        return best.choice, f"takes {what} ({value - ref:+.1f} with its taste for it)"


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


@register("oracle", "Oracle persona: builds capacity on debt, leases to OpenAI, prices by demand", "easy")
class OraclePersona(PersonaAgent):
    home = R
