package io.keel.marketdata.domain;

import io.keel.prices.RawBar;
import io.keel.prices.Issue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks rows on the way in. Stateless; one instance per configuration.
 * <ul>
 * <li>missing or non-positive adjusted close (with no usable close), non-positive close/open/high/low,
 *     negative volume: row <b>rejected</b> ({@code MISSING_PRICE}, {@code NON_POSITIVE}); any price above
 *     10^12: row <b>rejected</b> ({@code OUT_OF_RANGE});</li>
 * <li>adjusted close missing but close present: adjusted close := close, row <b>repaired</b>
 *     ({@code ADJ_FROM_CLOSE});</li>
 * <li>duplicate dates: the last occurrence wins, the others are <b>repaired</b> away ({@code DUPLICATE_DATE});</li>
 * <li>dates not ascending: rows are sorted, each out-of-order row counts as <b>repaired</b> ({@code OUT_OF_ORDER});</li>
 * <li>|adjusted close return| from the previous kept bar above {@code maxDailyMove} (a fraction, 0.35 = 35 %):
 *     <b>flagged</b> ({@code JUMP}), or <b>rejected</b> when {@code rejectJumps};</li>
 * <li>high below low, or high/low not enclosing open and close: <b>flagged</b> ({@code RANGE}).</li>
 * </ul>
 * Issues from the source itself are passed through and counted too.
 */
public final class BarValidator {

    private final double maxDailyMove;
    private final boolean rejectJumps;

    public BarValidator(double maxDailyMove, boolean rejectJumps) {
        if (!(maxDailyMove > 0)) {
            throw new IllegalArgumentException("maxDailyMove must be > 0: " + maxDailyMove);
        }
        this.maxDailyMove = maxDailyMove;
        this.rejectJumps = rejectJumps;
    }

    /**
     * Validates {@code rows} (source order) given the issues the source already recorded.
     *
     * @param previous the stored bar just before the first incoming date (for the first jump check), or null
     */
    public ValidatedSeries validate(List<RawBar> rows, List<Issue> sourceIssues, Bar previous) {
        List<Issue> issues = new ArrayList<>(sourceIssues);
        int rejected = (int) sourceIssues.stream().filter(i -> i.action() == Issue.Action.REJECTED).count();
        int repaired = (int) sourceIssues.stream().filter(i -> i.action() == Issue.Action.REPAIRED).count();

        Map<LocalDate, Bar> byDate = new TreeMap<>();
        LocalDate lastSeen = null;
        for (RawBar r : rows) {
            BigDecimal adj = r.adjClose();
            String bad = firstProblem(r);
            if (bad != null) {
                issues.add(Issue.rejected(r.date(), bad.startsWith("missing") ? "MISSING_PRICE"
                        : bad.startsWith("price above") ? "OUT_OF_RANGE" : "NON_POSITIVE", bad));
                rejected++;
                continue;
            }
            if (adj == null) {
                adj = r.close();
                issues.add(Issue.repaired(r.date(), "ADJ_FROM_CLOSE", "adjusted close missing; close used"));
                repaired++;
            }
            if (lastSeen != null && !r.date().isAfter(lastSeen) && !byDate.containsKey(r.date())) {
                issues.add(Issue.repaired(r.date(), "OUT_OF_ORDER", "date after " + lastSeen + " in the source; sorted"));
                repaired++;
            }
            Bar bar = new Bar(r.date(), r.open(), r.high(), r.low(), r.close(), adj, r.volume());
            if (byDate.put(r.date(), bar) != null) {
                issues.add(Issue.repaired(r.date(), "DUPLICATE_DATE", "date delivered more than once; last row kept"));
                repaired++;
            }
            if (lastSeen == null || r.date().isAfter(lastSeen)) {
                lastSeen = r.date();
            }
        }

        List<Bar> kept = new ArrayList<>(byDate.size());
        Bar prev = previous;
        int missingClose = 0;
        for (Bar b : byDate.values()) {
            if (prev != null && !prev.date().isBefore(b.date())) {
                prev = null; // previous stored bar overlaps the incoming range: no jump check against it
            }
            if (prev != null) {
                double move = b.adjClose().divide(prev.adjClose(), MathContext.DECIMAL64).doubleValue() - 1.0;
                if (Math.abs(move) > maxDailyMove) {
                    String detail = String.format("adjusted close moved %+.1f%% from %s", move * 100, prev.date());
                    if (rejectJumps) {
                        issues.add(Issue.rejected(b.date(), "JUMP", detail));
                        rejected++;
                        continue;
                    }
                    issues.add(Issue.flagged(b.date(), "JUMP", detail));
                }
            }
            if (outOfRange(b)) {
                issues.add(Issue.flagged(b.date(), "RANGE", "high/low do not enclose open/close"));
            }
            if (b.close() == null) {
                missingClose++;
            }
            kept.add(b);
            prev = b;
        }
        if (missingClose > 0) {
            issues.add(Issue.flagged(null, "NO_RAW_CLOSE", missingClose + " rows have no raw close (adjusted-only source)"));
        }
        return new ValidatedSeries(kept, issues, rejected, repaired);
    }

    /**
     * Largest price accepted (10^12): far above any quoted security, and small enough that every
     * derived return stays a finite double; an absurd value like 1e400 is a broken or hostile source.
     */
    static final BigDecimal MAX_PRICE = BigDecimal.TEN.pow(12);

    private static String firstProblem(RawBar r) {
        if (r.adjClose() == null && r.close() == null) {
            return "missing close and adjusted close";
        }
        for (BigDecimal p : new BigDecimal[] {r.adjClose(), r.close(), r.open(), r.high(), r.low()}) {
            if (p != null && p.compareTo(MAX_PRICE) > 0) {
                return "price above 1e12: " + p.round(new MathContext(6));
            }
        }
        if (r.adjClose() != null && r.adjClose().signum() <= 0) {
            return "adjusted close <= 0: " + r.adjClose();
        }
        if (r.close() != null && r.close().signum() <= 0) {
            return "close <= 0: " + r.close();
        }
        if (r.open() != null && r.open().signum() <= 0) {
            return "open <= 0: " + r.open();
        }
        if (r.high() != null && r.high().signum() <= 0) {
            return "high <= 0: " + r.high();
        }
        if (r.low() != null && r.low().signum() <= 0) {
            return "low <= 0: " + r.low();
        }
        if (r.volume() != null && r.volume() < 0) {
            return "volume < 0: " + r.volume();
        }
        return null;
    }

    private static boolean outOfRange(Bar b) {
        if (b.high() == null || b.low() == null) {
            return false;
        }
        if (b.high().compareTo(b.low()) < 0) {
            return true;
        }
        BigDecimal tol = b.high().multiply(new BigDecimal("0.0001"));
        for (BigDecimal p : new BigDecimal[] {b.open(), b.close()}) {
            if (p != null && (p.compareTo(b.high().add(tol)) > 0 || p.compareTo(b.low().subtract(tol)) < 0)) {
                return true;
            }
        }
        return false;
    }
}
