package io.keel.strategy.app.orders;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of every order plan, over random portfolios: 1..8 assets with prices from 1 to 1,000, lots of
 * 1, 5, 10 or 100 shares (or fractional), random holdings and cash, random targets (sometimes summing to 1,
 * sometimes leaving cash, sometimes leveraged), bands, total-drift thresholds, minimum notionals and costs.
 * Each case is built from its own seed, printed when a property fails, so that it can be replayed.
 */
class OrderCalculatorPropertiesTest {

    static final int CASES = 3000;

    /** One random case. */
    record Case(long seed, OrderRequest request) {
    }

    static Case randomCase(long seed, boolean leveraged) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(8);
        Map<String, BigDecimal> prices = new TreeMap<>();
        Map<String, BigDecimal> shares = new TreeMap<>();
        Map<String, Double> weights = new TreeMap<>();
        Map<String, BigDecimal> lots = new TreeMap<>();
        boolean fractional = r.nextInt(5) == 0;
        double[] raw = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            raw[i] = r.nextInt(6) == 0 ? 0 : r.nextDouble();
            sum += raw[i];
        }
        double invested = r.nextBoolean() ? 1.0 : 0.5 + 0.5 * r.nextDouble();
        for (int i = 0; i < n; i++) {
            String s = "S" + i;
            prices.put(s, BigDecimal.valueOf(1 + 999 * r.nextDouble()).setScale(4, RoundingMode.HALF_EVEN));
            if (r.nextInt(3) > 0) {
                shares.put(s, fractional ? BigDecimal.valueOf(r.nextInt(500_000), 3) : BigDecimal.valueOf(r.nextInt(500)));
            }
            weights.put(s, sum == 0 ? 0 : raw[i] / sum * invested);
            if (fractional) {
                lots.put(s, new BigDecimal[]{new BigDecimal("0.001"), new BigDecimal("0.1"), BigDecimal.ONE}[r.nextInt(3)]);
            } else {
                lots.put(s, BigDecimal.valueOf(new int[]{1, 1, 5, 10, 100}[r.nextInt(5)]));
            }
        }
        // a held symbol no longer targeted
        if (r.nextInt(4) == 0) {
            prices.put("OLD", BigDecimal.valueOf(1 + 200 * r.nextDouble()).setScale(4, RoundingMode.HALF_EVEN));
            shares.put("OLD", BigDecimal.valueOf(1 + r.nextInt(300)));
        }
        BigDecimal cash = BigDecimal.valueOf(r.nextInt(4) == 0 ? 0 : r.nextInt(2_000_000), 2);
        if (shares.values().stream().allMatch(q -> q.signum() == 0) && cash.signum() == 0) {
            cash = new BigDecimal("100000");
        }
        double band = new double[]{0, 0, 0.01, 0.02, 0.05}[r.nextInt(5)];
        Double threshold = r.nextInt(4) == 0 ? 0.1 * r.nextDouble() : null;
        BigDecimal minNotional = r.nextInt(3) == 0 ? BigDecimal.valueOf(r.nextInt(50_000), 2) : BigDecimal.ZERO;
        CostModel costs = r.nextInt(3) == 0 ? CostModel.FREE : new CostModel(r.nextInt(21), BigDecimal.valueOf(r.nextInt(600), 2));
        double leverage = leveraged ? 1 + r.nextDouble() : (r.nextInt(4) == 0 ? r.nextDouble() : 1.0);
        Double maxLeverage = leveraged ? Double.valueOf(r.nextBoolean() ? leverage : leverage + r.nextDouble()) : (r.nextBoolean() ? (Double) null : Double.valueOf(1.0));
        TradingRules rules = new TradingRules(lots, BigDecimal.ONE, fractional, minNotional, band, threshold, costs);
        return new Case(seed, new OrderRequest(new Holdings(shares, cash), new Targets(weights, leverage), prices, rules, maxLeverage));
    }

    static void forAll(boolean leveraged, Consumer<Case> property) {
        List<Long> failing = new ArrayList<>();
        AssertionError first = null;
        for (long seed = 1; seed <= CASES; seed++) {
            Case c = randomCase(seed, leveraged);
            try {
                property.accept(c);
            } catch (AssertionError e) {
                failing.add(seed);
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw new AssertionError(failing.size() + " of " + CASES + " cases fail, seeds " + failing.subList(0, Math.min(10, failing.size()))
                    + "; first: " + first.getMessage(), first);
        }
    }

    /** Weight of one lot (or of the minimum notional, whichever is larger) of the asset after the orders. */
    static double lotWeight(OrderRequest req, OrderPlan p, String symbol) {
        double lotValue = req.rules().lotSize(symbol).multiply(req.prices().get(symbol)).doubleValue();
        return Math.max(lotValue, req.rules().minTradeNotional().doubleValue()) / p.navAfter().doubleValue();
    }

    /** How much the weights move because the costs reduce the net asset value. */
    static double costSlack(OrderPlan p, double weight) {
        return p.totalCosts().doubleValue() / p.navAfter().doubleValue() * (Math.abs(weight) + 1) + 1e-9;
    }

    @Test
    void afterFillingEveryOrderAtItsReferencePrice_eachWeightIsWithinBandPlusOneLotOfItsTarget() {
        forAll(false, c -> weightsWithinBandPlusOneLot(c));
        forAll(true, c -> weightsWithinBandPlusOneLot(c));
    }

    private static void weightsWithinBandPlusOneLot(Case c) {
        OrderPlan p = OrderCalculator.calculate(c.request());
        double band = c.request().rules().band();
        for (PositionLine l : p.positions()) {
            double gap = Math.abs(l.weightAfter() - l.targetWeight());
            double lot = lotWeight(c.request(), p, l.symbol());
            String what = "seed " + c.seed() + " " + l;
            switch (l.decision()) {
                case IN_BAND -> assertThat(gap).as(what).isLessThanOrEqualTo(band + costSlack(p, l.weightBefore()));
                case TRADED, LESS_THAN_A_LOT, BELOW_MIN_NOTIONAL -> assertThat(gap).as(what).isLessThanOrEqualTo(lot + costSlack(p, l.targetWeight()));
                case BELOW_TOTAL_DRIFT -> {
                    assertThat(p.orders()).as(what).isEmpty();
                    assertThat(p.totalDrift()).as(what).isLessThan(c.request().rules().totalDriftThreshold());
                }
                case CASH_LIMITED -> {
                    // a buy cut for cash stays below its target, and is cut only as far as needed: it is within a lot of
                    // its target, or one more lot of it would break the exposure ceiling (cash or leverage)
                    assertThat(l.weightAfter()).as(what).isLessThan(l.targetWeight() + lot);
                    // the least it could buy more: a lot, or the lots of an order of the minimum notional when it has none
                    BigDecimal oneMore = c.request().rules().lotSize(l.symbol()).multiply(l.price());
                    if (l.sharesAfter().compareTo(l.sharesBefore()) == 0) {
                        BigDecimal lots = c.request().rules().minTradeNotional().divide(oneMore, 0, RoundingMode.CEILING).max(BigDecimal.ONE);
                        oneMore = oneMore.multiply(lots);
                    }
                    double grossWithIt = p.exposureAfter() * p.navAfter().doubleValue() + oneMore.doubleValue();
                    if (gap > lot + costSlack(p, l.targetWeight())) {
                        // its cost (at most the cost model's for that notional) would come off the net asset value
                        double navWithIt = p.navAfter().subtract(c.request().rules().costs().cost(oneMore)).doubleValue();
                        assertThat(grossWithIt).as(what).isGreaterThan(p.exposureCeiling() * navWithIt - 1e-6);
                    }
                }
                default -> throw new AssertionError(l.decision());
            }
        }
    }

    @Test
    void noOrderIsPlaced_forAnAssetInsideItsBand() {
        forAll(false, OrderCalculatorPropertiesTest::noOrderInsideTheBand);
        forAll(true, OrderCalculatorPropertiesTest::noOrderInsideTheBand);
    }

    private static void noOrderInsideTheBand(Case c) {
        OrderPlan p = OrderCalculator.calculate(c.request());
        for (Order o : p.orders()) {
            PositionLine l = p.position(o.symbol()).orElseThrow();
            assertThat(Math.abs(l.weightBefore() - l.targetWeight())).as("seed " + c.seed() + " " + o)
                    .isGreaterThan(c.request().rules().band() - 1e-12);
            assertThat(l.decision()).as("seed " + c.seed()).isIn(PositionLine.Decision.TRADED, PositionLine.Decision.CASH_LIMITED);
        }
    }

    @Test
    void withoutLeverage_cashNeverGoesNegative() {
        forAll(false, c -> {
            OrderPlan p = OrderCalculator.calculate(c.request());
            assertThat(p.cashAfter()).as("seed " + c.seed() + " " + p.orders()).isNotNegative();
        });
    }

    @Test
    void withLeverage_theExposureAfterTheOrders_neverExceedsTheTargetNorTheDefinitionsLimit() {
        forAll(true, c -> {
            OrderPlan p = OrderCalculator.calculate(c.request());
            double sumWeights = c.request().targets().weights().values().stream().mapToDouble(Double::doubleValue).sum();
            double limit = Math.max(1.0, c.request().maxLeverage() * sumWeights);
            assertThat(p.exposureAfter()).as("seed " + c.seed()).isLessThanOrEqualTo(Math.max(1.0, p.targetExposure()) + 1e-12)
                    .isLessThanOrEqualTo(limit + 1e-12);
            assertThat(p.leverage()).as("the leverage is carried, not dropped").isEqualTo(c.request().targets().leverage());
        });
    }

    @Test
    void notionalsAndCosts_reconcileExactlyWithTheCashChange_andEveryOrderIsWholeLots() {
        Consumer<Case> property = c -> {
            OrderPlan p = OrderCalculator.calculate(c.request());
            BigDecimal change = BigDecimal.ZERO;
            BigDecimal costs = BigDecimal.ZERO;
            for (Order o : p.orders()) {
                change = change.add(o.cashChange());
                costs = costs.add(o.estimatedCost());
                assertThat(o.quantity()).as("seed " + c.seed()).isEqualByComparingTo(o.lotSize().multiply(BigDecimal.valueOf(o.lots())));
                assertThat(o.notional()).isEqualByComparingTo(o.quantity().multiply(o.referencePrice()));
                assertThat(o.referencePrice()).isEqualByComparingTo(c.request().prices().get(o.symbol()));
            }
            assertThat(p.cashAfter().subtract(p.cashBefore())).as("seed " + c.seed()).isEqualByComparingTo(change);
            assertThat(p.cashAfter()).isEqualByComparingTo(p.cashBefore().subtract(p.totalBuys()).add(p.totalSells()).subtract(p.totalCosts()));
            assertThat(p.totalCosts()).isEqualByComparingTo(costs);
            assertThat(p.navAfter()).isEqualByComparingTo(p.navBefore().subtract(costs));
            BigDecimal traded = BigDecimal.ZERO;
            for (PositionLine l : p.positions()) {
                assertThat(l.sharesAfter()).as("never short").isNotNegative();
                traded = traded.add(l.sharesAfter().subtract(l.sharesBefore()).multiply(l.price()));
            }
            assertThat(traded).as("shares bought less sold, at the reference prices").isEqualByComparingTo(p.totalBuys().subtract(p.totalSells()));
        };
        forAll(false, property);
        forAll(true, property);
    }
}
