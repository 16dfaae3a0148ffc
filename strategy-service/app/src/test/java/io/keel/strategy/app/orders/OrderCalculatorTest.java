package io.keel.strategy.app.orders;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The order calculator on portfolios small enough to check by hand. */
class OrderCalculatorTest {

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    static OrderPlan plan(Holdings h, Map<String, Double> weights, double leverage, Map<String, String> prices, TradingRules rules,
                          Double maxLeverage) {
        Map<String, BigDecimal> p = new java.util.TreeMap<>();
        prices.forEach((k, v) -> p.put(k, d(v)));
        return OrderCalculator.calculate(new OrderRequest(h, new Targets(weights, leverage), p, rules, maxLeverage));
    }

    @Test
    void orders_fromCashOnly_buyEachTargetToTheNearestWholeShare() {
        OrderPlan p = plan(Holdings.cash(d("100000")), Map.of("SPY", 0.6, "TLT", 0.4), 1.0,
                Map.of("SPY", "661.82", "TLT", "88.9"), TradingRules.simple(), null);
        // 60,000 / 661.82 = 90.66 -> 91 and 40,000 / 88.9 = 449.94 -> 450 cost 100,230.62: SPY, furthest above its
        // target, gives up a share
        assertThat(p.order("SPY").orElseThrow().quantity()).isEqualByComparingTo("90");
        assertThat(p.order("TLT").orElseThrow().quantity()).isEqualByComparingTo("450");
        assertThat(p.orders()).allSatisfy(o -> assertThat(o.side()).isEqualTo(Side.BUY));
        assertThat(p.cashAfter()).isNotNegative();
        assertThat(p.cashAfter()).isEqualByComparingTo(d("100000").subtract(d("90").multiply(d("661.82"))).subtract(d("450").multiply(d("88.9"))));
        assertThat(p.position("SPY").orElseThrow().weightAfter()).isCloseTo(0.6, within(661.82 / 100000));
    }

    @Test
    void orders_neverLeaveCashNegative_whenLotsRoundUp() {
        // 1,000 in two assets at 300: 1.67 shares each rounds to 2 + 2 = 1,200 > 1,000
        OrderPlan p = plan(Holdings.cash(d("1000")), Map.of("A", 0.5, "B", 0.5), 1.0, Map.of("A", "300", "B", "300"),
                TradingRules.simple(), null);
        assertThat(p.cashAfter()).isNotNegative();
        assertThat(p.totalBuys()).isLessThanOrEqualTo(d("1000"));
        // one of them is rounded down to one share instead: each is still within one lot of its target
        assertThat(p.totalBuys()).isEqualByComparingTo("900");
        assertThat(p.positions()).allSatisfy(l -> assertThat(l.decision()).isEqualTo(PositionLine.Decision.TRADED));
        assertThat(p.positions()).allSatisfy(l -> assertThat(Math.abs(l.weightAfter() - l.targetWeight())).isLessThanOrEqualTo(300.0 / 1000));
    }

    @Test
    void orders_neverLeaveCashNegative_whenCostsWouldEatTheLastLot() {
        // exactly enough for 10 shares, but each order costs at least 1
        OrderPlan p = plan(Holdings.cash(d("1000")), Map.of("A", 1.0), 1.0, Map.of("A", "100"),
                new TradingRules(Map.of(), BigDecimal.ONE, false, BigDecimal.ZERO, 0, null, new CostModel(5, d("1"))), null);
        assertThat(p.order("A").orElseThrow().quantity()).isEqualByComparingTo("9");
        assertThat(p.cashAfter()).isEqualByComparingTo("99.00");
    }

    @Test
    void assets_insideTheBand_areNotTraded_outsideAreTradedBackToTarget() {
        // NAV 10,000: A at 52% (target 50%, band 3%: stays), B at 30% (target 40%: bought back), cash 18%
        Holdings h = new Holdings(Map.of("A", d("52"), "B", d("30")), d("1800"));
        OrderPlan p = plan(h, Map.of("A", 0.5, "B", 0.4), 1.0, Map.of("A", "100", "B", "100"),
                new TradingRules(Map.of(), BigDecimal.ONE, false, BigDecimal.ZERO, 0.03, null, CostModel.FREE), null);
        assertThat(p.order("A")).isEmpty();
        assertThat(p.position("A").orElseThrow().decision()).isEqualTo(PositionLine.Decision.IN_BAND);
        assertThat(p.order("B").orElseThrow().quantity()).isEqualByComparingTo("10");
        assertThat(p.position("B").orElseThrow().weightAfter()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void totalDriftBelowItsThreshold_tradesNothing_evenOutOfBand() {
        Holdings h = new Holdings(Map.of("A", d("55"), "B", d("45")), d("0"));
        OrderPlan p = plan(h, Map.of("A", 0.5, "B", 0.5), 1.0, Map.of("A", "100", "B", "100"),
                new TradingRules(Map.of(), BigDecimal.ONE, false, BigDecimal.ZERO, 0.02, 0.15, CostModel.FREE), null);
        assertThat(p.totalDrift()).isCloseTo(0.10, within(1e-12));
        assertThat(p.orders()).isEmpty();
        assertThat(p.positions()).allSatisfy(l -> assertThat(l.decision()).isEqualTo(PositionLine.Decision.BELOW_TOTAL_DRIFT));
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("below the threshold"));
    }

    @Test
    void leverageAboveOne_isKept_cashBecomesTheLoan_andExposureNeverExceedsTheTarget() {
        OrderPlan p = plan(Holdings.cash(d("100000")), Map.of("SPY", 0.5, "TLT", 0.5), 1.5, Map.of("SPY", "661.82", "TLT", "88.9"),
                TradingRules.simple(), 2.0);
        assertThat(p.leverage()).isEqualTo(1.5);
        assertThat(p.cashAfter()).isNegative();
        assertThat(p.exposureAfter()).isLessThanOrEqualTo(1.5).isGreaterThan(1.49);
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("leveraged 1.5000x"));
    }

    @Test
    void rounding_neverTakesExposureAboveTheDefinitionsLimit() {
        // leverage at the definition's maximum: 1.2 x 1,000 = 1,200 in a 700 asset rounds to 2 shares = 1,400
        OrderPlan p = plan(Holdings.cash(d("1000")), Map.of("A", 1.0), 1.2, Map.of("A", "700"), TradingRules.simple(), 1.2);
        assertThat(p.exposureAfter()).isLessThanOrEqualTo(1.2);
        assertThat(p.order("A").orElseThrow().quantity()).isEqualByComparingTo("1");
        assertThat(p.position("A").orElseThrow().decision()).isEqualTo(PositionLine.Decision.TRADED);
    }

    @Test
    void costs_areBpsOfNotional_withAMinimumPerOrder_roundedUpToTheCent_andReconcileWithCash() {
        Holdings h = new Holdings(Map.of("A", d("100")), d("0"));
        OrderPlan p = plan(h, Map.of("A", 0.5, "B", 0.5), 1.0, Map.of("A", "10", "B", "3.33"),
                new TradingRules(Map.of(), BigDecimal.ONE, false, BigDecimal.ZERO, 0, null, new CostModel(10, d("1.00"))), null);
        Order sellA = p.order("A").orElseThrow();
        Order buyB = p.order("B").orElseThrow();
        assertThat(sellA.side()).isEqualTo(Side.SELL);
        // 10 bps of ~500 = 0.50 < the minimum 1.00
        assertThat(sellA.estimatedCost()).isEqualByComparingTo("1.00");
        assertThat(buyB.estimatedCost()).isEqualByComparingTo("1.00");
        assertThat(p.cashAfter()).isEqualByComparingTo(sellA.notional().subtract(buyB.notional()).subtract(d("2.00")));
        assertThat(p.cashAfter()).isNotNegative();
        assertThat(new CostModel(10, d("1")).cost(d("12345.67"))).isEqualByComparingTo("12.35");
    }

    @Test
    void ordersBelowTheMinimumNotional_areNotPlaced() {
        Holdings h = new Holdings(Map.of("A", d("50"), "B", d("48")), d("200"));
        OrderPlan p = plan(h, Map.of("A", 0.5, "B", 0.5), 1.0, Map.of("A", "100", "B", "100"),
                new TradingRules(Map.of(), BigDecimal.ONE, false, d("250"), 0, null, CostModel.FREE), null);
        // B needs 2 shares = 200 < 250
        assertThat(p.orders()).isEmpty();
        assertThat(p.position("B").orElseThrow().decision()).isEqualTo(PositionLine.Decision.BELOW_MIN_NOTIONAL);
    }

    @Test
    void positionsNoLongerTargeted_areSoldInWholeLots_neverShort() {
        Holdings h = new Holdings(Map.of("OLD", d("25")), d("0"));
        OrderPlan p = plan(h, Map.of("NEW", 1.0), 1.0, Map.of("OLD", "10", "NEW", "10"),
                new TradingRules(Map.of("OLD", d("10")), BigDecimal.ONE, false, BigDecimal.ZERO, 0, null, CostModel.FREE), null);
        assertThat(p.order("OLD").orElseThrow().quantity()).isEqualByComparingTo("20");
        assertThat(p.order("OLD").orElseThrow().lots()).isEqualTo(2);
        assertThat(p.position("OLD").orElseThrow().sharesAfter()).isEqualByComparingTo("5");
        assertThat(p.order("NEW").orElseThrow().quantity()).isEqualByComparingTo("20");
    }

    @Test
    void fractionalLots_needTheFlag_andThenHitTheTargetsClosely() {
        assertThatThrownBy(() -> new TradingRules(Map.of("SPY", d("0.001")), BigDecimal.ONE, false, BigDecimal.ZERO, 0, null, null))
                .isInstanceOf(InvalidOrderInput.class).hasMessageContaining("lotSizes.SPY").hasMessageContaining("fractional");
        OrderPlan p = plan(Holdings.cash(d("1000")), Map.of("SPY", 1.0), 1.0, Map.of("SPY", "661.82"),
                new TradingRules(Map.of(), d("0.001"), true, BigDecimal.ZERO, 0, null, CostModel.FREE), null);
        // 1.511 shares would cost 1,000.01
        assertThat(p.order("SPY").orElseThrow().quantity()).isEqualByComparingTo("1.510");
        assertThat(p.cashAfter()).isNotNegative().isLessThan(d("0.67"));
    }

    @Test
    void inBandOverweights_canHoldAllTheCash_thenTheOutOfBandBuyIsCut_andThePlanSaysSo() {
        // A1 and A2 are 2 points over target (inside a 2.5-point band), B 4 points under: without cash B cannot be
        // bought back without selling inside the band or borrowing; the plan does neither and names B
        Holdings h = new Holdings(Map.of("A1", d("32"), "A2", d("32"), "B", d("36")), d("0"));
        OrderPlan p = plan(h, Map.of("A1", 0.3, "A2", 0.3, "B", 0.4), 1.0, Map.of("A1", "100", "A2", "100", "B", "100"),
                new TradingRules(Map.of(), BigDecimal.ONE, false, BigDecimal.ZERO, 0.025, null, CostModel.FREE), null);
        assertThat(p.orders()).isEmpty();
        assertThat(p.cashAfter()).isEqualByComparingTo("0");
        assertThat(p.position("B").orElseThrow().decision()).isEqualTo(PositionLine.Decision.CASH_LIMITED);
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("cash never negative"));
    }

    @Test
    void badInput_isRefused_namingTheField() {
        assertThatThrownBy(() -> new Holdings(Map.of("SPY", d("-1")), d("0"))).isInstanceOf(InvalidOrderInput.class)
                .extracting(e -> ((InvalidOrderInput) e).field()).isEqualTo("holdings.SPY");
        assertThatThrownBy(() -> new TradingRules(Map.of("SPY", d("0")), null, false, null, 0, null, null))
                .extracting(e -> ((InvalidOrderInput) e).field()).isEqualTo("lotSizes.SPY");
        assertThatThrownBy(() -> new TradingRules(null, null, false, null, 1.0, null, null))
                .extracting(e -> ((InvalidOrderInput) e).field()).isEqualTo("band");
        assertThatThrownBy(() -> new TradingRules(null, null, false, null, -0.01, null, null))
                .extracting(e -> ((InvalidOrderInput) e).field()).isEqualTo("band");
        assertThatThrownBy(() -> new Targets(Map.of("SPY", Double.NaN), 1)).extracting(e -> ((InvalidOrderInput) e).field())
                .isEqualTo("weights.SPY");
        assertThatThrownBy(() -> new OrderRequest(Holdings.cash(d("1")), new Targets(Map.of("SPY", 1.0), 1), Map.of(),
                TradingRules.simple(), null)).extracting(e -> ((InvalidOrderInput) e).field()).isEqualTo("prices.SPY");
        assertThatThrownBy(() -> plan(Holdings.cash(d("-5")), Map.of("A", 1.0), 1, Map.of("A", "1"), TradingRules.simple(), null))
                .extracting(e -> ((InvalidOrderInput) e).field()).isEqualTo("holdings");
    }
}
