package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.Universe;
import io.keel.spi.Violation;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Static risk/defensive buckets (level73): {@code riskShare} split equally over the assets outside
 * the defensive group, {@code defensiveShare} equally over the defensive group, normalised to 1.
 * An empty bucket hands its share to the other. Needs no history.
 */
public final class StaticBuckets implements WeightScheme {

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
                ParameterSpec.string("defensiveGroup", "defensive", "Name of the group holding the defensive assets."));
    }

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        List<Violation> v = new ArrayList<>();
        if (!universe.groups().containsKey(p.getString("defensiveGroup"))) {
            v.add(Violation.of("defensiveGroup", "group '" + p.getString("defensiveGroup") + "' is not defined in groups"));
        }
        if (p.getDouble("riskShare") + p.getDouble("defensiveShare") <= 0) {
            v.add(Violation.of("riskShare", "riskShare + defensiveShare must be > 0"));
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
