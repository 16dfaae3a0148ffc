package io.keel.engine.seed;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestSummary;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.Alignment;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.Rebalance;
import io.keel.engine.definition.RebalanceCalendar;
import io.keel.engine.definition.Semantics;
import io.keel.engine.definition.SeriesStart;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.ReturnKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Attribution of the difference between a seed-compatible definition and the same strategy under
 * Keel's correct default semantics: starting from the seed options, each step switches one named
 * option to its default (cumulatively) and reruns, so every change in the figures has a cause.
 * Plugin parameters are left as the definition gives them.
 */
public final class SeedDifferences {

    private SeedDifferences() {
    }

    /** One cumulative step: the option switched, why it matters, and the resulting figures. */
    public record Step(String change, String why, BacktestSummary summary) {
    }

    public static List<Step> steps(BacktestDefinition seed, PriceHistory prices, PluginRegistry registry) {
        BacktestResolver resolver = new BacktestResolver(registry);
        List<Step> out = new ArrayList<>();
        Semantics s = seed.semantics();
        Rebalance r = seed.rebalance();
        out.add(seed.seedScript() != null
                ? step("seed-compatible (as the script)", "The original script's conventions, reproducing its output.", seed, s, r, resolver, prices)
                : step("as defined", "The definition as given (it names no original script).", seed, s, r, resolver, prices));
        if (s.returns() == ReturnKind.LOG) {
            s = new Semantics(ReturnKind.SIMPLE, s.executionLag(), s.holding(), s.seriesStart(), s.alignment());
            out.add(step("simple returns", "Portfolio returns are weighted sums of simple returns; log returns do not add across assets.",
                    seed, s, r, resolver, prices));
        }
        if (s.executionLag() == 0) {
            s = new Semantics(s.returns(), 1, s.holding(), s.seriesStart(), s.alignment());
            out.add(step("decisions apply from the next day",
                    "Weights and leverage decided with a day's close can only earn the following day's return.",
                    seed, s, r, resolver, prices));
        }
        if (r.calendar() != RebalanceCalendar.LAST_TRADING_DAY) {
            r = r.with(RebalanceCalendar.LAST_TRADING_DAY, r.initial());
            out.add(step("rebalance on the last trading day of each month",
                    "Calendar month-end labels skip months ending on a weekend or apply them a day late.",
                    seed, s, r, resolver, prices));
        }
        if (s.holding() == Holding.CONSTANT) {
            s = new Semantics(s.returns(), s.executionLag(), Holding.DRIFT, s.seriesStart(), s.alignment());
            out.add(step("weights drift between rebalances",
                    "Constant weights imply a free daily rebalance; real holdings drift with prices until traded.",
                    seed, s, r, resolver, prices));
        }
        if (!r.initial() || s.seriesStart() != SeriesStart.FIRST_ALLOCATION || s.alignment() != Alignment.INTERSECT) {
            s = new Semantics(s.returns(), s.executionLag(), s.holding(), SeriesStart.FIRST_ALLOCATION, Alignment.INTERSECT);
            r = r.with(r.calendar(), true);
            out.add(step("invest at the first possible close",
                    "The first allocation is made as soon as the scheme has its history, not at the next period end; "
                            + "the series starts then and uses only dates every asset traded.",
                    seed, s, r, resolver, prices));
        }
        BacktestDefinition plain = seed.withoutPluginSeedQuirks();
        if (!plain.equals(seed)) {
            out.add(step("plugins without seed quirks",
                    "Risk parity and minimum variance solved exactly (level63's capped multiplicative loop floors assets for "
                            + "good and does not equalise risk; its clipped pinv is not the long-only optimum), warm-up "
                            + "exposure within the caps, drawdown measured from the initial equity.",
                    plain, s, r, resolver, prices));
        }
        return out;
    }

    private static Step step(String change, String why, BacktestDefinition seed, Semantics s, Rebalance r,
                             BacktestResolver resolver, PriceHistory prices) {
        BacktestDefinition d = seed.withSemantics(seed.name(), s, r);
        BacktestSummary summary = BacktestCalculator.calculate(resolver.resolve(d, prices)).summary();
        return new Step(change, why, summary);
    }

    /** A markdown table of the steps. */
    public static String markdown(String title, List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n");
        sb.append("| step (cumulative) | start | days | CAGR | vol | Sharpe | max DD | avg lev | turnover/yr | base CAGR | base max DD |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Step st : steps) {
            BacktestSummary s = st.summary();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f%% | %.2f%% | %.2f | %.2f%% | %.2f | %.2f | %.2f%% | %.2f%% |%n",
                    st.change(), s.startDate(), s.days(), 100 * s.portfolio().cagr(), 100 * s.portfolio().annVol(),
                    s.portfolio().sharpe(), 100 * s.portfolio().maxDrawdown(), s.avgLeverage(), s.annualTurnover(),
                    100 * s.base().cagr(), 100 * s.base().maxDrawdown()));
        }
        sb.append('\n');
        for (Step st : steps.subList(1, steps.size())) {
            sb.append("- *").append(st.change()).append("*: ").append(st.why()).append('\n');
        }
        return sb.toString();
    }
}
