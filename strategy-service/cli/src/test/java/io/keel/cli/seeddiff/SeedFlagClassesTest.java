package io.keel.cli.seeddiff;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One replayed case per class of flag values where {@code keel seed} once differed from the original
 * script (each differed before the fix that names it): the script and {@code keel seed} run with the same
 * flags on the same prices and must agree as in {@link SeedDifferentialTest}, or both refuse, or Keel
 * refuses a pandas alias by name.
 */
class SeedFlagClassesTest {

    static SeedOracle oracle;
    static Path work;

    @BeforeAll
    static void oracle() throws Exception {
        oracle = SeedOracle.requireAvailable();
        work = Files.createTempDirectory("keel-seedclasses");
    }

    @ParameterizedTest(name = "{0}: {1} {3}")
    @CsvSource(delimiter = '|', value = {
            // warm-up leverage when the caps exclude 1.0: level73's day 0 is 1.0 unclipped, level70's warm-up 0.0 unclipped
            "warm-up outside caps|level73|etf8|--min-lev 1.2 --max-lev 2.5|SAME_OUTPUT",
            "warm-up outside caps|level70|etf8|--lev-min 0.5 --base-mode ew|SAME_OUTPUT",
            "caps given the wrong way round (numpy clip)|level73|etf8_2026|--min-lev 1.2 --max-lev 0.8|SAME_OUTPUT",
            "caps given the wrong way round (pandas clip)|level70|etf8|--lev-min 1.5 --lev-max 0.7|SAME_OUTPUT",
            "caps given the wrong way round (python max/min)|level63|etf8|--lev-min 1.1 --lev-max 0.9|SAME_OUTPUT",
            // level70's drawdown peak starts at the first day's equity (a loss on day one is no drawdown)
            "peak from the first equity|level70|etf8|--start 2007-07-24 --base-mode ew --min-lookback 2 --cov-lookback 2 --dd-thresh 0.0 --dd-max 0.02|SAME_OUTPUT",
            // level61 forward-fills a missing day (SPY lacks 2026-08-21 in etf8_2026)
            "missing day forward-filled|level61|etf8_2026||SAME_OUTPUT",
            // rebalance aliases: month start, weekly, refused where the script refuses, refused by name where unsupported
            "month start|level63|etf8|--rebalance-freq MS|SAME_OUTPUT",
            "weekly on Fridays|level61|etf8|--rebalance-freq W-FRI|SAME_OUTPUT",
            "weekly on Sundays (no label trades: cash throughout)|level61|etf8|--rebalance-freq W|SAME_OUTPUT",
            "quarter ends|level63|etf8_2026|--rebalance-freq Q|SAME_OUTPUT",
            "MS is month end for level61|level61|etf8|--rebalance-freq MS|SAME_OUTPUT",
            "level70 refuses M|level70|etf8|--rebalance-freq M|BOTH_REFUSED",
            "business month end refused by name|level63|etf8|--rebalance-freq BM|ALIAS_REFUSED",
            // flags the scripts accept that keel seed refused
            "output names and seed|level63|etf8|--csv a.csv --json b.json --seed 7|SAME_OUTPUT",
            "equal thresholds are a step|level63|etf8|--dd-threshold1 0.08 --dd-threshold2 0.08|SAME_OUTPUT",
            "equal thresholds are a step|level70|etf8|--dd-thresh 0.1 --dd-max 0.1|SAME_OUTPUT",
            "inverted thresholds|level63|etf8_2026|--dd-threshold1 0.12 --dd-threshold2 0.05|SAME_OUTPUT",
            "defensives outside the universe, defensives first|level73|etf8|--defensives GLD,TLT --symbols SPY,GLD,QQQ|SAME_OUTPUT",
            "defensives outside the universe, symbols first|level73|etf8|--symbols SPY,GLD,QQQ --defensives GLD,TLT|SAME_OUTPUT",
            "partial start date|level73|etf8|--start 2015-06|SAME_OUTPUT",
            "year start date|level61|etf8|--start 2012|SAME_OUTPUT",
            "compact start date|level63|etf8|--start 20120615|SAME_OUTPUT",
            "shares outside [0, 1] clipped by the script|level73|etf8|--risk-share 1.3 --def-share -0.2|SAME_OUTPUT",
            "shrink above 1|level61|etf8|--risk-off-shrink 1.3 --risk-off-vol 0.15|SAME_OUTPUT",
            "blend and shrinkage outside [0, 1]|level63|etf8|--alpha-minvar 1.2 --shrink-alpha -0.1|SAME_OUTPUT",
            "a zero volatility target|level61|etf8|--vol-target 0|SAME_OUTPUT",
            "history never enough|level63|etf8|--cov-lookback 100 --min-hist 200|BOTH_REFUSED",
            "history never enough for equal weight|level70|etf8|--base-mode ew --cov-lookback 77|BOTH_REFUSED",
            "start after the data|level73|etf8|--start 2030-01-01|BOTH_REFUSED",
            // Sandy closed the market on 2012-10-29/30: the 10-31 label has one return, whose covariance pinv fails on
            "a rebalance with one return|level63|etf8|--start 2012-10-26 --min-hist 1 --cov-lookback 26|BOTH_REFUSED",
    })
    void keelSeed_agreesWithTheScript(String klass, String script, String data, String args, String expected) throws Exception {
        List<String> argv = args == null ? List.of() : List.of(args.trim().split(" +"));
        SeedCase c = new SeedCase(0, script, data, argv);
        SeedDifferentialTest.Result r = SeedDifferentialTest.runCase(oracle, SeedOracle.sharedDir(),
                Files.createTempDirectory(work, "case"), c);
        assertThat(r.verdict()).as(klass + "\n" + r.detail() + "\nreplay:\n    " + c.replay())
                .isEqualTo(SeedDifferentialTest.Verdict.valueOf(expected));
    }
}
