"""Each mechanic of DESIGN §1 on a hand-built state (random deck off)."""

from __future__ import annotations

import dataclasses

import pytest

from game.rules import Agi, IllegalChoiceError, Phase, Propose, Seat, apply, legal_choices, new_game, parse, to_move
from game.rules.engine import proposals_allowed
from game.rules.resolution import profit_capacity, spot_demand, spot_sold
from game.rules.scenario import replace
from game.rules.scoring import company_value, microsoft_independence
from helpers import act_all, pass_talks, play, run_quarters

M, O, S, R = Seat.MICROSOFT, Seat.OPENAI, Seat.SOFTBANK, Seat.ORACLE


def test_rofr_lets_microsoft_match_an_oracle_lease(calm):
    s = new_game(calm, 1)
    play(s, "pass", "propose Oracle compute-lease size=1")   # Microsoft passes, OpenAI asks Oracle
    play(s, "accept")                                        # Oracle accepts...
    assert s.phase is Phase.ROFR and to_move(s) is M         # ...and Microsoft may match
    waived = s.copy()
    play(s, "match")
    play(waived, "waive")
    lease = s.contracts[-1]
    assert (lease.deal, lease.a, lease.b, lease.gw) == ("compute-lease", M, O, 0.25)
    act_all(s)
    act_all(waived)
    # Microsoft, not Oracle, collects the lease: Oracle sells the 0.25 GW on the spot market instead
    econ = calm.economy
    gap = 0.25 * (econ.lease_price - econ.spot_price)
    assert waived.companies[R].cash - s.companies[R].cash == pytest.approx(gap)
    assert s.companies[M].cash > waived.companies[M].cash


def test_spot_market_takes_only_its_demand(calm):
    # Oracle starts with 0.8 GW idle and SoftBank with none; a market for 0.5 GW leaves 0.3 GW earning nothing
    tight = replace(calm, economy=dataclasses.replace(calm.economy, spot_demand=0.5, spot_demand_growth=0.0))
    open_market = replace(calm, economy=dataclasses.replace(calm.economy, spot_demand=0.0))
    s, unlimited = new_game(tight, 1), new_game(open_market, 1)
    assert spot_sold(s) == pytest.approx(0.5 / 0.8)
    assert spot_sold(unlimited) == 1.0
    act_all(s)
    act_all(unlimited)
    assert unlimited.companies[R].cash - s.companies[R].cash == pytest.approx(0.3 * calm.economy.spot_price)
    assert unlimited.companies[R].revenue - s.companies[R].revenue == pytest.approx(0.3 * calm.economy.spot_price)


def test_spot_demand_grows_each_quarter(calm):
    econ = dataclasses.replace(calm.economy, spot_demand=1.0, spot_demand_growth=0.1)
    s = new_game(replace(calm, economy=econ), 1)
    run_quarters(s, 3)
    assert spot_demand(s) == pytest.approx(1.3)


def test_rofr_waived_lets_oracle_lease_stand(calm):
    s = new_game(calm, 1)
    play(s, "pass", "propose Oracle compute-lease size=1", "accept", "waive")
    assert (s.contracts[-1].a, s.contracts[-1].b) == (R, O)


def test_no_rofr_after_waiver_deal(calm):
    s = new_game(calm, 1)
    s.rofr = False
    play(s, "pass", "propose Oracle compute-lease size=1", "accept")
    assert s.phase is not Phase.ROFR and s.contracts[-1].a == R


def test_conversion_needs_microsoft_consent(calm):
    s = new_game(calm, 2)
    pass_talks(s)
    apply(s, parse("act hold capex=0"))                      # Microsoft
    with pytest.raises(IllegalChoiceError, match="not consented"):
        apply(s, parse("act request-conversion capex=0"))
    s = new_game(calm, 2)
    play(s, "pass", "propose Microsoft conversion-consent size=2", "accept")
    assert s.consent
    act_all(s, {O: "request-conversion"})
    assert s.converted
    assert s.stakes[M][O] == pytest.approx(calm.terms.conversion_stake + 0.05)


def test_deadline_shrinks_softbank_round_unless_converted(calm):
    s = new_game(calm, 3)
    run_quarters(s, 3)                                       # 2025Q1..Q3
    assert not s.deadline_passed and s.sb_pledge == calm.terms.sb_pledge
    run_quarters(s, 1)                                       # 2025Q4 resolves: deadline
    assert s.deadline_passed and s.sb_pledge == pytest.approx(calm.terms.sb_pledge_cut)
    t = new_game(calm, 3)
    play(t, "pass", "propose Microsoft conversion-consent size=1", "accept")
    act_all(t, {O: "request-conversion"})
    run_quarters(t, 3)
    assert not t.deadline_passed and t.sb_pledge == calm.terms.sb_pledge


def test_deadline_counts_tranches_already_paid(calm):
    s = new_game(calm, 3)
    act_all(s, {S: "release-tranche"})
    assert s.sb_released == calm.terms.tranche and s.stakes[S][O] > 0
    run_quarters(s, 3)
    assert s.sb_pledge == pytest.approx(calm.terms.sb_pledge_cut - calm.terms.tranche)


def _declare(calm, capability: float, dispute: bool):
    s = new_game(calm, 4)
    s.companies[O].capability = capability
    act_all(s, {O: "declare-agi"})
    assert s.agi is Agi.DECLARED and s.ip_access
    s.companies[O].capability = capability
    act_all(s, {M: "dispute-agi"} if dispute else {})
    return s


def test_agi_undisputed_revokes_access(calm):
    s = _declare(calm, 60.0, dispute=False)
    assert s.agi is Agi.UPHELD and not s.ip_access and not s.exclusivity and s.revenue_share == 0


def test_agi_disputed_and_rejected_keeps_access(calm):
    s = _declare(calm, 60.0, dispute=True)                  # below the capability bar
    assert s.agi is Agi.REJECTED and s.ip_access


def test_agi_arbitration_applies_capability_and_profit_test(calm):
    s = new_game(calm, 4)
    s.companies[O].capability = 200.0
    s.companies[O].users = 4000.0
    s.companies[M].azure_to_openai = 2.0
    s.companies[M].compute_owned = 4.0
    act_all(s, {O: "declare-agi"})
    s.companies[O].capability = 200.0
    act_all(s, {M: "dispute-agi"})
    assert profit_capacity(s) >= calm.terms.agi_profit_test
    assert s.agi is Agi.UPHELD and not s.ip_access
    # capable but unprofitable: the $100B profit test fails
    t = new_game(calm, 4)
    t.companies[O].capability = 200.0
    t.companies[O].users = 50.0
    act_all(t, {O: "declare-agi"})
    t.companies[O].capability, t.companies[O].users = 200.0, 50.0
    act_all(t, {M: "dispute-agi"})
    assert profit_capacity(t) < calm.terms.agi_profit_test and t.agi is Agi.REJECTED


def test_agi_buyout_removes_the_lever(calm):
    s = new_game(calm, 5)
    play(s, "propose OpenAI agi-buyout size=1", "accept")
    assert not s.agi_clause
    pass_talks(s)
    apply(s, parse("act hold capex=0"))
    assert parse("act declare-agi capex=0") not in legal_choices(s)


def test_delayed_model_keeps_microsoft_on_the_old_model(calm):
    s = new_game(calm, 6)
    act_all(s)
    before, trust = s.companies[M].delivered, s.trust[M][O]
    s.companies[O].capability += 10                           # a new model is ready
    act_all(s, {O: "delay-model"})
    assert s.companies[M].delivered == before and s.trust[M][O] < trust
    act_all(s)
    assert s.companies[M].delivered > before


def test_model_delivery_commitment_forbids_delay(calm):
    s = new_game(calm, 6)
    play(s, "propose OpenAI model-delivery size=1", "accept")
    pass_talks(s)
    apply(s, parse("act hold capex=0"))
    assert all(c.move != "delay-model" for c in legal_choices(s))


def test_stargate_funding_builds_after_lag(calm):
    s = new_game(calm, 7)
    assert s.stargate                                          # scripted 2025Q1 announcement
    play(s, "pass", "pass", "propose Oracle stargate-commitment size=2", "accept")
    assert s.venture_paid[S] == s.venture_paid[R] == 10.0 and s.venture_gw == 0
    for _ in range(calm.economy.build_lag):
        act_all(s)
        assert s.venture_gw == 0
    act_all(s)                                                 # powers on in its lag-th quarter after funding
    assert s.venture_gw == pytest.approx(20.0 / calm.economy.gw_build_cost)


def _one_quarter_msft_cash(calm, exclusivity: bool):
    s = new_game(calm, 8)
    s.exclusivity = exclusivity
    cash = s.companies[M].cash
    act_all(s)
    return s.companies[M].cash - cash, s.companies[O].revenue


def test_api_exclusivity_pays_microsoft_a_cut(calm):
    got_x, rev_x = _one_quarter_msft_cash(calm, True)
    got_w, rev_w = _one_quarter_msft_cash(calm, False)
    ratio, share = calm.economy.api_ratio, calm.terms.revenue_share
    api_x = rev_x * ratio / (1 + ratio)
    expected = calm.terms.api_cut * api_x + share * (rev_x - rev_w)
    assert got_x - got_w == pytest.approx(expected, rel=1e-6)
    assert got_x > got_w


def test_revenue_share_reset(calm):
    s = new_game(calm, 9)
    cash_m = s.companies[M].cash
    play(s, "pass", "propose Microsoft revenue-share-reset size=2", "accept")
    assert s.revenue_share == pytest.approx(0.10)
    assert s.companies[M].cash == pytest.approx(cash_m + 8.0)


def test_ip_horizon_ends_access(calm):
    s = new_game(calm, 10)
    s.ip_horizon = 1
    act_all(s)
    assert s.ip_access
    act_all(s)
    assert not s.ip_access
    act_all(s)
    assert s.companies[M].delivered == 0.0


def test_ip_extension_moves_the_horizon(calm):
    s = new_game(calm, 10)
    h = s.ip_horizon
    play(s, "propose OpenAI ip-extension size=2", "accept")
    assert s.ip_horizon == h + 8


def test_plan_b_reduces_dependence_and_protects_value(calm):
    s = new_game(calm, 11)
    dep = microsoft_independence(s)
    for _ in range(3):
        act_all(s, {M: "plan-b"})
    assert microsoft_independence(s) > dep
    # with IP access gone, a stronger plan B keeps more of Microsoft's value
    weak, strong = s.copy(), s.copy()
    for st in (weak, strong):
        st.ip_access = False
    weak.companies[M].capability = 10.0
    assert company_value(strong, M) > company_value(weak, M)


def test_low_trust_limits_proposals(calm):
    s = new_game(calm, 12)
    s.trust[M][O] = s.trust[O][M] = 0.05
    assert proposals_allowed(s, M, O) == 0
    assert not any(isinstance(c, Propose) and c.to is O for c in legal_choices(s))
    s.trust[M][O] = s.trust[O][M] = 0.2
    assert proposals_allowed(s, M, O) == 1
    play(s, "propose OpenAI model-delivery size=1", "reject")
    play(s, "pass", "pass", "pass")                             # OpenAI, SoftBank, Oracle
    assert not any(isinstance(c, Propose) and c.to is O for c in legal_choices(s))  # talk 2: used up
    high = new_game(calm, 12)
    high.trust[M][O] = high.trust[O][M] = 0.9
    assert proposals_allowed(high, M, O) == 3


def test_counter_offer_changes_size(calm):
    s = new_game(calm, 13)
    s.companies[O].cash = 20.0
    play(s, "pass", "propose Microsoft revenue-share-reset size=3", "counter size=1")
    assert s.phase is Phase.COUNTERED and to_move(s) is O
    play(s, "accept")
    assert s.revenue_share == pytest.approx(0.15)


def test_equity_investment_dilutes_existing_holders(calm):
    s = new_game(calm, 14)
    before = s.stakes[M][O]
    play(s, "pass", "pass", "propose OpenAI equity-investment size=2", "accept")
    assert 0 < s.stakes[S][O] < 0.05 and s.stakes[M][O] < before
    assert sum(s.stakes[x][O] for x in Seat) < 1


def test_throttle_moves_compute_and_trust(calm):
    s = new_game(calm, 15)
    azure, trust = s.companies[M].azure_to_openai, s.trust[M][O]
    act_all(s, {M: "throttle-azure"})
    assert s.companies[M].azure_to_openai == pytest.approx(azure - calm.terms.azure_step)
    assert s.trust[M][O] < trust


def test_hidden_capability_absent_from_other_seats(calm):
    from game.rules import observe
    s = new_game(calm, 16)
    s.companies[O].capability = 61.234
    for seat in (M, S, R):
        obs = observe(s, seat)
        assert obs.view.companies[O].capability != 61.234
        assert "61.2" not in obs.text() and obs.view.seed == 0
    assert observe(s, O).view.companies[O].capability == 61.234


def test_values_in_a_view_come_from_estimates_not_hidden_truth(calm):
    from game.rules import observe
    from game.rules.scoring import company_value, update_values
    s = new_game(calm, 16)
    s.companies[O].capability = 90.0
    update_values(s)
    true_value = s.companies[O].value
    for seat in (M, S, R):
        view = observe(s, seat).view
        assert view.companies[O].value != true_value
        assert view.companies[O].value == company_value(view, O)
        assert f"{true_value:.1f}" not in observe(s, seat).text()
    assert observe(s, O).view.companies[O].value == true_value


def test_info_sharing_reveals_capability(calm):
    from game.rules import observe
    s = new_game(calm, 16)
    play(s, "pass", "pass", "propose OpenAI info-sharing size=1", "accept")
    s.companies[O].capability = 61.234
    assert observe(s, S).view.companies[O].capability == 61.234
    assert observe(s, R).view.companies[O].capability != 61.234
