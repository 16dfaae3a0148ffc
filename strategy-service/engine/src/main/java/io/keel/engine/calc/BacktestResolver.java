package io.keel.engine.calc;

import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.Alignment;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.ReturnKind;
import io.keel.spi.Violation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a {@link BacktestDefinition} against prices into a {@link ResolvedBacktest}: validates it,
 * restricts every series to [start, end], puts the assets on one calendar, and computes returns and
 * the rebalance schedule. Stateless.
 */
public final class BacktestResolver {

    private final DefinitionValidator validator;

    public BacktestResolver(PluginRegistry registry) {
        this.validator = new DefinitionValidator(registry);
    }

    /**
     * @throws InvalidDefinitionException when the definition is invalid, a symbol has no prices,
     *                                    or fewer than two aligned dates remain
     */
    public ResolvedBacktest resolve(BacktestDefinition def, PriceHistory history) {
        DefinitionValidator.Checked checked = validator.check(def);
        List<String> symbols = def.universe();
        List<Violation> v = new ArrayList<>();
        PriceSeries[] series = new PriceSeries[symbols.size()];
        for (int i = 0; i < series.length; i++) {
            var s = history.series(symbols.get(i));
            if (s.isEmpty()) {
                v.add(Violation.of("universe[" + i + "]", "no prices for " + symbols.get(i)));
            } else {
                series[i] = s.get();
            }
        }
        if (!v.isEmpty()) {
            throw new InvalidDefinitionException(v);
        }
        LocalDate lo = def.start() == null ? LocalDate.MIN : def.start();
        LocalDate hi = def.end() == null ? LocalDate.MAX : def.end();
        LocalDate[] dates = calendar(series, lo, hi, def.semantics().alignment());
        if (dates.length < 2) {
            throw new InvalidDefinitionException(List.of(Violation.of("start",
                    "fewer than two dates on which every symbol has a price between " + def.start() + " and " + def.end())));
        }
        int n = series.length;
        double[][] prices = new double[dates.length][n];
        for (int a = 0; a < n; a++) {
            LocalDate[] sd = series[a].dates();
            double[] sp = series[a].prices();
            // from the series' last date up to the first row (a binary search: the dates before the start are many)
            int found = Arrays.binarySearch(sd, dates[0]);
            int j = found >= 0 ? found : Math.max(0, -found - 2);
            double last = Double.NaN;
            for (int r = 0; r < dates.length; r++) {
                while (j < sd.length && sd[j].compareTo(dates[r]) <= 0) {
                    last = sp[j];
                    j++;
                }
                // INTERSECT calendars only hold dates every series has; FORWARD_FILL carries the last price
                prices[r][a] = last;
            }
        }
        ReturnKind kind = def.semantics().returns();
        double[][] returns = new double[dates.length][n];
        double[][] growth = new double[dates.length][n];
        Arrays.fill(returns[0], Double.NaN);
        Arrays.fill(growth[0], Double.NaN);
        for (int r = 1; r < dates.length; r++) {
            for (int a = 0; a < n; a++) {
                double p0 = prices[r - 1][a];
                double p1 = prices[r][a];
                growth[r][a] = p1 / p0;
                // log(p1) - log(p0), not log(p1/p0): the same operations as numpy's np.log(p).diff()
                returns[r][a] = kind == ReturnKind.LOG ? Math.log(p1) - Math.log(p0) : p1 / p0 - 1.0;
            }
        }
        var schedule = RebalanceSchedule.events(dates, def.rebalance(), def.semantics().executionLag());
        return new ResolvedBacktest(def, checked.universe(), dates, prices, returns, growth,
                checked.scheme(), checked.overlays(), schedule);
    }

    /**
     * Resolves {@code def} on the aligned prices of {@code same}, a backtest resolved from a definition with the same
     * universe (symbols in the same order), start, end, alignment and return kind: the same {@link ResolvedBacktest}
     * {@link #resolve} gives (equal values), with {@code same}'s price, return and growth arrays shared instead of
     * computed again. Validates {@code def} as {@link #resolve} does.
     *
     * @throws InvalidDefinitionException when {@code def} is invalid
     * @throws IllegalArgumentException   when {@code def}'s data differ from {@code same}'s
     */
    public ResolvedBacktest resolveSharing(BacktestDefinition def, ResolvedBacktest same) {
        DefinitionValidator.Checked checked = validator.check(def);
        BacktestDefinition d = same.definition();
        if (!def.universe().equals(d.universe()) || !java.util.Objects.equals(def.start(), d.start())
                || !java.util.Objects.equals(def.end(), d.end()) || def.semantics().alignment() != d.semantics().alignment()
                || def.semantics().returns() != d.semantics().returns()) {
            throw new IllegalArgumentException("the definition's universe, dates, alignment or return kind differ from the resolved data's");
        }
        // the same calendar and lag give the same events: shared too
        var schedule = def.rebalance().equals(d.rebalance()) && def.semantics().executionLag() == d.semantics().executionLag()
                ? same.schedule() : RebalanceSchedule.events(same.dates(), def.rebalance(), def.semantics().executionLag());
        return new ResolvedBacktest(def, checked.universe(), same.dates(), same.prices(), same.returns(), same.growth(),
                checked.scheme(), checked.overlays(), schedule, same.priceColumns(), same.returnColumns());
    }

    /** The common calendar within [lo, hi]: sorted merges, O(total dates). */
    private static LocalDate[] calendar(PriceSeries[] series, LocalDate lo, LocalDate hi, Alignment alignment) {
        LocalDate[] out = null;
        LocalDate commonStart = lo;
        for (PriceSeries s : series) {
            LocalDate[] mine = within(s.dates(), lo, hi);
            if (mine.length == 0) {
                return mine;
            }
            if (mine[0].isAfter(commonStart)) {
                commonStart = mine[0];
            }
            out = out == null ? mine : merge(out, mine, alignment == Alignment.INTERSECT);
        }
        int k = 0;
        while (k < out.length && out[k].isBefore(commonStart)) {
            k++;
        }
        return Arrays.copyOfRange(out, k, out.length);
    }

    /** The ascending dates {@code d} within [lo, hi]. */
    private static LocalDate[] within(LocalDate[] d, LocalDate lo, LocalDate hi) {
        int a = Arrays.binarySearch(d, lo);
        a = a >= 0 ? a : -a - 1;
        int b = Arrays.binarySearch(d, hi);
        b = b >= 0 ? b + 1 : -b - 1;
        return a >= b ? new LocalDate[0] : Arrays.copyOfRange(d, a, b);
    }

    private static LocalDate[] merge(LocalDate[] x, LocalDate[] y, boolean intersect) {
        if (Arrays.equals(x, y)) {
            return x;
        }
        LocalDate[] out = new LocalDate[x.length + y.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < x.length && j < y.length) {
            int c = x[i].compareTo(y[j]);
            if (c == 0) {
                out[k++] = x[i++];
                j++;
            } else if (c < 0) {
                if (!intersect) {
                    out[k++] = x[i];
                }
                i++;
            } else {
                if (!intersect) {
                    out[k++] = y[j];
                }
                j++;
            }
        }
        if (!intersect) {
            while (i < x.length) {
                out[k++] = x[i++];
            }
            while (j < y.length) {
                out[k++] = y[j++];
            }
        }
        return Arrays.copyOf(out, k);
    }
}
