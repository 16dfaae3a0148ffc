package io.keel.strategy.app.orders;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns holdings, a signal's target weights and leverage, reference prices and a portfolio's trading
 * rules into orders. Pure: no clock, no database, same answer for the same request.
 *
 * <ol>
 *   <li>Net asset value (NAV) = cash + shares x reference price. The target of asset {@code s} is
 *       {@code weight(s) x leverage} of NAV; the total drift is the sum over assets of |weight - target|.</li>
 *   <li>When a total-drift threshold is set and the drift is below it, nothing trades.</li>
 *   <li>An asset within the band of its target is not traded. Any other asset is traded to its target value
 *       (of NAV net of the plan's own estimated costs), rounded to the nearest whole lot, never below zero
 *       shares; an order below the minimum notional is dropped.</li>
 *   <li>Rounding must not leave the gross exposure after the orders (and their costs) above the ceiling: 1
 *       without leverage, so cash never goes negative; the target exposure with leverage, never above the
 *       definition's {@code exposureLimits.max}. While it would, the buy furthest above its target loses lots
 *       ({@link PositionLine.Decision#CASH_LIMITED}). Leverage above 1 is kept: cash then goes negative by
 *       the loan it takes, and the plan says so.</li>
 * </ol>
 * Filled at the reference prices, the orders leave each traded asset within one lot of its target (give or
 * take the costs' effect on NAV) and every other asset where it was; cash changes by exactly
 * {@code sells - buys - costs}.
 */
public final class OrderCalculator {

    private static final MathContext MC = MathContext.DECIMAL64;
    /** Weight comparisons tolerate binary rounding of the weights. */
    private static final double EPS = 1e-12;

    private OrderCalculator() {
    }

    /** One asset while the plan is computed. */
    private static final class Asset {
        final String symbol;
        final BigDecimal price;
        final BigDecimal shares;
        final BigDecimal lot;
        final double target;
        final double weight;
        long lots;
        PositionLine.Decision decision;

        Asset(String symbol, BigDecimal price, BigDecimal shares, BigDecimal lot, double target, double weight) {
            this.symbol = symbol;
            this.price = price;
            this.shares = shares;
            this.lot = lot;
            this.target = target;
            this.weight = weight;
        }

        BigDecimal quantity() {
            return lot.multiply(BigDecimal.valueOf(Math.abs(lots)));
        }

        BigDecimal notional() {
            return quantity().multiply(price);
        }

        BigDecimal sharesAfter() {
            return shares.add(lot.multiply(BigDecimal.valueOf(lots)));
        }

        BigDecimal valueAfter() {
            return sharesAfter().multiply(price);
        }
    }

    public static OrderPlan calculate(OrderRequest r) {
        Holdings h = r.holdings();
        Targets t = r.targets();
        TradingRules rules = r.rules();
        TreeSet<String> symbols = new TreeSet<>();
        t.weights().forEach((s, w) -> {
            if (w > 0) {
                symbols.add(s);
            }
        });
        h.shares().forEach((s, q) -> {
            if (q.signum() > 0) {
                symbols.add(s);
            }
        });
        BigDecimal gross = BigDecimal.ZERO;
        for (String s : symbols) {
            gross = gross.add(h.shares(s).multiply(r.prices().get(s)));
        }
        BigDecimal nav = h.cash().add(gross);
        if (nav.signum() <= 0) {
            throw new InvalidOrderInput("holdings", "the net asset value (cash + holdings at the reference prices) must be positive, got "
                    + nav.toPlainString());
        }
        double navD = nav.doubleValue();
        double targetExposure = t.grossExposure();
        double sumWeights = t.weights().values().stream().mapToDouble(Double::doubleValue).sum();
        boolean levered = targetExposure > 1 + 1e-9;
        double ceiling = levered ? targetExposure : 1.0;
        if (r.maxLeverage() != null) {
            ceiling = Math.min(ceiling, Math.max(targetExposure, r.maxLeverage() * sumWeights));
        }
        List<String> notes = new ArrayList<>();
        double scale = 1.0;
        if (targetExposure > ceiling + EPS) {
            scale = ceiling / targetExposure;
            notes.add(String.format(Locale.ROOT, "targets scaled by %.6f: the target exposure %.4f exceeds the exposure limit %.4f",
                    scale, targetExposure, ceiling));
        }

        List<Asset> assets = new ArrayList<>();
        double totalDrift = 0;
        for (String s : symbols) {
            BigDecimal p = r.prices().get(s);
            double w = h.shares(s).multiply(p).doubleValue() / navD;
            double target = t.exposure(s) * scale;
            assets.add(new Asset(s, p, h.shares(s), rules.lotSize(s), target, w));
            totalDrift += Math.abs(w - target);
        }
        for (Asset a : assets) {
            a.decision = Math.abs(a.weight - a.target) <= rules.band() + EPS ? PositionLine.Decision.IN_BAND : PositionLine.Decision.TRADED;
        }
        if (rules.totalDriftThreshold() != null && totalDrift < rules.totalDriftThreshold()) {
            notes.add(String.format(Locale.ROOT, "total drift %.4f is below the threshold %.4f: nothing trades", totalDrift,
                    rules.totalDriftThreshold()));
            for (Asset a : assets) {
                if (a.decision == PositionLine.Decision.TRADED) {
                    a.decision = PositionLine.Decision.BELOW_TOTAL_DRIFT;
                }
            }
        } else {
            size(assets, nav, rules, ceiling, notes);
        }
        return plan(assets, h, nav, t.leverage(), targetExposure, ceiling, totalDrift, rules, notes, levered);
    }

    /** Lots of each asset out of its band, costs reserved, then cut to the exposure ceiling. */
    private static void size(List<Asset> assets, BigDecimal nav, TradingRules rules, double ceiling, List<String> notes) {
        BigDecimal costs = BigDecimal.ZERO;
        for (int iteration = 0; iteration < 8; iteration++) {
            BigDecimal navNet = nav.subtract(costs);
            for (Asset a : assets) {
                if (a.decision == PositionLine.Decision.IN_BAND) {
                    continue;
                }
                a.decision = PositionLine.Decision.TRADED;
                BigDecimal desired = BigDecimal.valueOf(a.target).multiply(navNet, MC).divide(a.price, MC);
                long lots = desired.subtract(a.shares).divide(a.lot, MC).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
                long sellable = a.shares.divide(a.lot, MC).setScale(0, RoundingMode.FLOOR).longValueExact();
                a.lots = Math.max(lots, -sellable);
                if (a.lots == 0) {
                    a.decision = PositionLine.Decision.LESS_THAN_A_LOT;
                } else if (a.notional().compareTo(rules.minTradeNotional()) < 0) {
                    a.lots = 0;
                    a.decision = PositionLine.Decision.BELOW_MIN_NOTIONAL;
                }
            }
            BigDecimal next = costs(assets, rules);
            if (next.compareTo(costs) == 0) {
                break;
            }
            costs = next;
        }
        BigDecimal cap = BigDecimal.valueOf(ceiling);
        for (int round = 0; round < 100; round++) {
            BigDecimal navAfter = nav.subtract(costs(assets, rules));
            BigDecimal excess = gross(assets).subtract(cap.multiply(navAfter, MC));
            if (excess.signum() <= 0) {
                break;
            }
            List<Asset> buys = assets.stream().filter(a -> a.lots > 0).toList();
            if (buys.isEmpty()) {
                notes.add("the holdings already exceed the exposure ceiling of " + ceiling + " by " + excess.setScale(2, RoundingMode.CEILING)
                        + " with no buy left to reduce; no position inside its band is sold for it");
                return;
            }
            cut(buys, excess.doubleValue(), navAfter.doubleValue(), rules);
        }
        refill(assets, nav, rules, cap);
        double navD = nav.subtract(costs(assets, rules)).doubleValue();
        for (Asset a : assets) {
            if (a.decision == PositionLine.Decision.CASH_LIMITED && a.lots > 0
                    && a.target * navD - a.valueAfter().doubleValue() <= a.lot.multiply(a.price).doubleValue()) {
                // within a lot of its target all the same: an ordinary trade, rounded down
                a.decision = PositionLine.Decision.TRADED;
            }
        }
    }

    /**
     * Takes {@code excess} (currency) off the buys, levelling from the top: each buy is brought down to at most
     * {@code target + level} of NAV, the level chosen so that the cuts add up to the excess, each cut rounded to
     * whole lots; when every cut rounds to nothing, the buy furthest above its target gives up one lot. The
     * caller repeats until the excess is gone; the refill gives back what rounding and the saved costs free.
     */
    private static void cut(List<Asset> buys, double excess, double navAfter, TradingRules rules) {
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (cutAt(buys, mid, navAfter) > excess) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double level = lo;
        boolean any = false;
        for (Asset a : buys) {
            double value = a.valueAfter().doubleValue();
            double cutValue = Math.min(a.notional().doubleValue(), Math.max(0, value - (a.target + level) * navAfter));
            long lots = Math.round(cutValue / a.lot.multiply(a.price).doubleValue());
            if (lots > 0) {
                a.lots = Math.max(0, a.lots - lots);
                if (a.lots > 0 && a.notional().compareTo(rules.minTradeNotional()) < 0) {
                    a.lots = 0;
                }
                a.decision = PositionLine.Decision.CASH_LIMITED;
                any = true;
            }
        }
        if (!any) {
            // rounding left less than a lot of excess: the buy furthest above its target gives up one lot
            Asset worst = buys.stream().max(Comparator.comparingDouble((Asset a) -> a.valueAfter().doubleValue() / navAfter - a.target)
                    .thenComparing(a -> a.symbol, Comparator.reverseOrder())).orElseThrow();
            worst.lots--;
            if (worst.lots > 0 && worst.notional().compareTo(rules.minTradeNotional()) < 0) {
                worst.lots = 0;
            }
            worst.decision = PositionLine.Decision.CASH_LIMITED;
        }
    }

    /** What levelling the buys down to {@code target + level} of NAV takes off them (currency). */
    private static double cutAt(List<Asset> buys, double level, double navAfter) {
        double total = 0;
        for (Asset a : buys) {
            total += Math.min(a.notional().doubleValue(), Math.max(0, a.valueAfter().doubleValue() - (a.target + level) * navAfter));
        }
        return total;
    }

    private static BigDecimal gross(List<Asset> assets) {
        BigDecimal g = BigDecimal.ZERO;
        for (Asset a : assets) {
            g = g.add(a.valueAfter());
        }
        return g;
    }

    /**
     * Gives back to the cut buys, most below its target first and never above a target, what still fits under the
     * ceiling once rounding and the costs the cuts saved are counted: in chunks sized on the room left, halved
     * when a chunk does not fit, down to a lot (or an order of the minimum notional).
     */
    private static void refill(List<Asset> assets, BigDecimal nav, TradingRules rules, BigDecimal cap) {
        java.util.Set<Asset> full = new java.util.HashSet<>();
        double costRate = rules.costs().bps() / 10_000.0;
        for (int step = 0; step < 100_000; step++) {
            BigDecimal navAfter = nav.subtract(costs(assets, rules));
            double navD = navAfter.doubleValue();
            double room = cap.multiply(navAfter, MC).subtract(gross(assets)).doubleValue();
            Asset best = assets.stream().filter(a -> a.decision == PositionLine.Decision.CASH_LIMITED && !full.contains(a))
                    .filter(a -> a.valueAfter().add(a.lot.multiply(a.price).multiply(BigDecimal.valueOf(increment(a, rules))))
                            .doubleValue() / navD <= a.target + EPS)
                    .min(Comparator.comparingDouble((Asset a) -> a.valueAfter().doubleValue() / navD - a.target)
                            .thenComparing(a -> a.symbol))
                    .orElse(null);
            if (best == null) {
                return;
            }
            double lotValue = best.lot.multiply(best.price).doubleValue();
            long toTarget = (long) Math.floor((best.target * navD - best.valueAfter().doubleValue()) / lotValue + 1e-9);
            long byRoom = (long) Math.floor(room / (lotValue * (1 + cap.doubleValue() * costRate)));
            long add = Math.max(increment(best, rules), Math.min(toTarget, byRoom));
            while (true) {
                best.lots += add;
                if (withinCeiling(assets, nav, rules, cap)) {
                    break;
                }
                best.lots -= add;
                if (add <= increment(best, rules)) {
                    full.add(best);
                    break;
                }
                add = Math.max(increment(best, rules), add / 2);
            }
        }
    }

    /** Lots a cut buy can take back: one, or as many as an order of the minimum notional needs when it has none. */
    private static long increment(Asset a, TradingRules rules) {
        if (a.lots != 0) {
            return 1;
        }
        BigDecimal lotValue = a.lot.multiply(a.price);
        return Math.max(1, rules.minTradeNotional().divide(lotValue, 0, RoundingMode.CEILING).longValueExact());
    }

    private static boolean withinCeiling(List<Asset> assets, BigDecimal nav, TradingRules rules, BigDecimal cap) {
        BigDecimal navAfter = nav.subtract(costs(assets, rules));
        BigDecimal grossAfter = BigDecimal.ZERO;
        for (Asset a : assets) {
            grossAfter = grossAfter.add(a.valueAfter());
        }
        return grossAfter.compareTo(cap.multiply(navAfter, MC)) <= 0;
    }

    private static BigDecimal costs(List<Asset> assets, TradingRules rules) {
        BigDecimal c = BigDecimal.ZERO;
        for (Asset a : assets) {
            if (a.lots != 0) {
                c = c.add(rules.costs().cost(a.notional()));
            }
        }
        return c;
    }

    private static OrderPlan plan(List<Asset> assets, Holdings h, BigDecimal nav, double leverage, double targetExposure,
                                  double ceiling, double totalDrift, TradingRules rules, List<String> notes, boolean levered) {
        List<Order> orders = new ArrayList<>();
        BigDecimal buys = BigDecimal.ZERO;
        BigDecimal sells = BigDecimal.ZERO;
        BigDecimal costs = BigDecimal.ZERO;
        for (Asset a : assets) {
            if (a.lots == 0) {
                continue;
            }
            BigDecimal notional = a.notional();
            BigDecimal cost = rules.costs().cost(notional);
            Side side = a.lots > 0 ? Side.BUY : Side.SELL;
            orders.add(new Order(a.symbol, side, Amounts.plain(a.quantity()), Math.abs(a.lots), a.lot, a.price, notional, cost));
            if (side == Side.BUY) {
                buys = buys.add(notional);
            } else {
                sells = sells.add(notional);
            }
            costs = costs.add(cost);
        }
        orders.sort(Comparator.comparing((Order o) -> o.side() == Side.BUY).thenComparing(Order::symbol));
        BigDecimal cashAfter = h.cash().subtract(buys).add(sells).subtract(costs);
        BigDecimal navAfter = nav.subtract(costs);
        double navAfterD = navAfter.doubleValue();
        double navD = nav.doubleValue();
        double grossBefore = 0;
        double grossAfter = 0;
        List<PositionLine> positions = new ArrayList<>();
        for (Asset a : assets) {
            double after = a.valueAfter().doubleValue() / navAfterD;
            grossBefore += a.weight;
            grossAfter += after;
            positions.add(new PositionLine(a.symbol, a.price, a.shares, Amounts.plain(a.sharesAfter()), a.weight, a.target, after,
                    a.decision));
        }
        if (levered && cashAfter.signum() < 0) {
            notes.add(String.format(Locale.ROOT, "leveraged %.4fx: the orders leave cash at %s, a loan financing the exposure above 1",
                    leverage, cashAfter.setScale(2, RoundingMode.HALF_EVEN).toPlainString()));
        }
        long limited = assets.stream().filter(a -> a.decision == PositionLine.Decision.CASH_LIMITED).count();
        if (limited > 0) {
            notes.add(limited + " buy(s) cut so that the exposure after the orders stays within " + ceiling
                    + (ceiling <= 1 ? " (cash never negative)" : ""));
        }
        return new OrderPlan(orders, positions, nav, navAfter, h.cash(), cashAfter, leverage, targetExposure, ceiling,
                grossBefore, grossAfter, totalDrift, buys, sells, costs, notes);
    }

    /** Reference prices by symbol as the calculator wants them, from doubles (rounded to 4 decimals). */
    public static Map<String, BigDecimal> prices(Map<String, Double> closes) {
        Map<String, BigDecimal> out = new java.util.TreeMap<>();
        closes.forEach((s, p) -> out.put(s, BigDecimal.valueOf(p).setScale(4, RoundingMode.HALF_EVEN)));
        return out;
    }
}
