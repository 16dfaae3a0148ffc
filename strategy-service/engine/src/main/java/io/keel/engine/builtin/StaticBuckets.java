package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.Universe;
import io.keel.spi.Violation;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Static risk/defensive buckets (level73): {@code riskShare} split equally over the assets outside
 * the defensive group, {@code defensiveShare} equally over the defensive group. The shares must sum to
 * 1 unless {@code remainder} says what the rest is: {@code cash} (held at the definition's cashRate) or
 * {@code normalise} (level73: shares scaled to sum to 1, an empty bucket's share handed to the other).
 * Needs no history.
 */
public final class StaticBuckets implements PerDateWeightScheme {

    @Override
    public String id() {
        return "static-buckets";
    }

    @Override
    public String description() {
        return "Fixed risk/defensive split (e.g. 60/40), equal weight within each bucket; needs no history.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("riskShare", 0.60, 0.0, 1.0, "fraction", "Total weight of the risk bucket (assets not in the defensive group)."),
                ParameterSpec.number("defensiveShare", 0.40, 0.0, 1.0, "fraction", "Total weight of the defensive bucket."),
                ParameterSpec.string("defensiveGroup", "defensive", "Name of the group holding the defensive assets."),
                ParameterSpec.choice("remainder", "none", REMAINDERS,
                        "What the shares do not cover: none (default: riskShare + defensiveShare must be 1 and both buckets "
                                + "non-empty), cash (the rest, 1 - riskShare - defensiveShare, is held in cash earning the "
                                + "definition's cashRate), normalise (the shares are scaled to sum to 1 and an empty bucket's "
                                + "share goes to the other, as the level73 script did)."));
    }

    static final List<String> REMAINDERS = List.of("none", "cash", "normalise");
    private static final double SUM_TOLERANCE = 1e-9;

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        List<Violation> v = new ArrayList<>();
        if (!universe.groups().containsKey(p.getString("defensiveGroup"))) {
            v.add(Violation.of("defensiveGroup", "group '" + p.getString("defensiveGroup") + "' is not defined in groups"));
        }
        double risk = p.getDouble("riskShare");
        double def = p.getDouble("defensiveShare");
        String remainder = p.getString("remainder");
        if (risk + def <= 0) {
            v.add(Violation.of("riskShare", "riskShare + defensiveShare must be > 0"));
        } else if (remainder.equals("none") && Math.abs(risk + def - 1.0) > SUM_TOLERANCE) {
            v.add(Violation.of("riskShare", "riskShare + defensiveShare is " + (risk + def) + ", not 1: say what the rest is "
                    + "with remainder = cash (held at the definition's cashRate) or normalise (shares scaled to sum to 1)"));
        } else if (remainder.equals("cash") && risk + def > 1.0 + SUM_TOLERANCE) {
            v.add(Violation.of("riskShare", "riskShare + defensiveShare is " + (risk + def)
                    + ", above 1: a cash remainder cannot be negative (use an exposure overlay for leverage)"));
        }
        if (!remainder.equals("normalise") && v.isEmpty() && universe.groups().containsKey(p.getString("defensiveGroup"))) {
            boolean[] defensive = universe.members(p.getString("defensiveGroup"));
            int nDef = 0;
            for (boolean d : defensive) {
                nDef += d ? 1 : 0;
            }
            if (nDef == 0 && def > 0) {
                v.add(Violation.of("defensiveShare", "is " + def + " but no asset of the universe is in group '"
                        + p.getString("defensiveGroup") + "'"));
            } else if (nDef == defensive.length && risk > 0) {
                v.add(Violation.of("riskShare", "is " + risk + " but every asset of the universe is in group '"
                        + p.getString("defensiveGroup") + "'"));
            }
        }
        return v;
    }

    /** The buckets depend only on the universe, its groups and the parameters. */
    @Override
    public boolean usesHistory() {
        return false;
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        Universe u = ctx.universe();
        int n = u.size();
        boolean[] defensive = u.members(p.getString("defensiveGroup"));
        int nDef = 0;
        for (int a = 0; a < n; a++) {
            if (defensive[a]) {
                nDef++;
            }
        }
        int nRisk = n - nDef;
        double risk = p.getDouble("riskShare");
        double def = p.getDouble("defensiveShare");
        boolean normalise = p.getString("remainder").equals("normalise");
        if (!normalise) {
            // validated: the shares sum to 1 (or less, the rest in cash) and no share goes to an empty bucket
            double[] w = new double[n];
            for (int a = 0; a < n; a++) {
                w[a] = defensive[a] ? def / nDef : risk / nRisk;
            }
            return Optional.of(w);
        }
        if (nRisk == 0) {
            risk = 0.0;
            def = 1.0;
        } else if (nDef == 0) {
            risk = 1.0;
            def = 0.0;
        }
        double[] w = new double[n];
        double perRisk = nRisk > 0 ? risk / nRisk : 0.0;
        double perDef = nDef > 0 ? def / nDef : 0.0;
        double total = 0;
        for (int a = 0; a < n; a++) {
            w[a] = defensive[a] ? perDef : perRisk;
        }
        for (double x : w) {
            total += x;
        }
        for (int a = 0; a < n; a++) {
            w[a] /= total;
        }
        return Optional.of(w);
    }
}
