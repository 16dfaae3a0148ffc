package io.keel.engine.builtin;

import io.keel.engine.math.LinearAlgebra;
import io.keel.engine.math.Moments;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Long-only minimum variance. Method {@code long-only} solves min w'Cw s.t. sum w = 1, w >= 0 exactly
 * with an active-set method; {@code clipped-pinv} is level63's shortcut: {@code pinv(C) 1} with
 * negative entries set to 0, renormalised (not the constrained optimum).
 */
public final class MinimumVariance implements PerDateWeightScheme {

    static final List<String> METHODS = List.of("long-only", "clipped-pinv");

    @Override
    public String id() {
        return "min-variance";
    }

    @Override
    public String description() {
        return "Minimum-variance portfolio without short positions.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(CovarianceParams.specs("sample", 0.0));
        specs.add(ParameterSpec.choice("method", "long-only", METHODS,
                "long-only: exact constrained optimum; clipped-pinv: level63's pinv(C)1 floored at 0."));
        return specs;
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        double[][] cov = CovarianceParams.estimate(ctx, p);
        if (cov == null) {
            return Optional.empty();
        }
        return Optional.of(weights(cov, p.getString("method")));
    }

    /** Every date's covariance in date order, then the solves side by side ({@link CovarianceDecisions}). */
    @Override
    public List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters p) {
        String method = p.getString("method");
        return CovarianceDecisions.decide(contexts, ctx -> CovarianceParams.estimate(ctx, p), cov -> weights(cov, method));
    }

    static double[] weights(double[][] cov, String method) {
        return "clipped-pinv".equals(method) ? clippedPinv(cov) : longOnly(cov);
    }

    static double[] clippedPinv(double[][] cov) {
        return Weights.clipAndNormalise(LinearAlgebra.pinvTimesOnes(cov));
    }

    /**
     * Active-set solution of min w'Cw, 1'w = 1, w >= 0: solve the equality-constrained problem on the
     * free set, drop the most negative weight, and re-admit an excluded asset whose marginal variance
     * is below the portfolio's (KKT), until neither happens.
     */
    static double[] longOnly(double[][] cov) {
        int n = cov.length;
        boolean[] free = new boolean[n];
        java.util.Arrays.fill(free, true);
        double[] w = Weights.equal(n);
        for (int iter = 0; iter < 4 * n + 20; iter++) {
            int[] idx = indices(free);
            double[][] sub = new double[idx.length][idx.length];
            for (int i = 0; i < idx.length; i++) {
                for (int j = 0; j < idx.length; j++) {
                    sub[i][j] = cov[idx[i]][idx[j]];
                }
            }
            double[] ones = new double[idx.length];
            java.util.Arrays.fill(ones, 1.0);
            double[] x = LinearAlgebra.solveSymmetric(sub, ones);
            double s = 0;
            for (double v : x) {
                s += v;
            }
            if (!(s > 0) || !Double.isFinite(s)) {
                return clippedPinv(cov);
            }
            int mostNegative = -1;
            for (int i = 0; i < idx.length; i++) {
                double wi = x[i] / s;
                if (wi < -1e-14 && (mostNegative < 0 || wi < x[mostNegative] / s)) {
                    mostNegative = i;
                }
            }
            if (mostNegative >= 0) {
                free[idx[mostNegative]] = false;
                continue;
            }
            w = new double[n];
            for (int i = 0; i < idx.length; i++) {
                w[idx[i]] = Math.max(0.0, x[i] / s);
            }
            double var = Moments.quadratic(w, cov);
            int enter = -1;
            double worst = 0;
            for (int j = 0; j < n; j++) {
                if (free[j]) {
                    continue;
                }
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += cov[j][i] * w[i];
                }
                double gap = var - g;
                if (gap > 1e-15 * Math.max(1.0, Math.abs(var)) && gap > worst) {
                    worst = gap;
                    enter = j;
                }
            }
            if (enter < 0) {
                break;
            }
            free[enter] = true;
        }
        return Weights.clipAndNormalise(w);
    }

    private static int[] indices(boolean[] free) {
        int k = 0;
        for (boolean f : free) {
            if (f) {
                k++;
            }
        }
        int[] idx = new int[k];
        k = 0;
        for (int i = 0; i < free.length; i++) {
            if (free[i]) {
                idx[k++] = i;
            }
        }
        return idx;
    }
}
