package io.keel.engine.builtin;

import io.keel.engine.math.CovarianceEstimator;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Hierarchical Risk Parity (Lopez de Prado) as level70 computes it: correlation distance
 * {@code sqrt(0.5 (1 - rho))}, single-linkage clustering for the leaf order, then recursive
 * bisection of that order (halves by position) with inverse-variance sub-portfolios.
 *
 * <p>The clustering runs in O(n^2) (Prim's minimum spanning tree, then Kruskal-order merges),
 * which gives the same merges as the naive O(n^4) nearest-pair loop of the original script,
 * including the order in which the two merged clusters' members are concatenated.
 */
public final class HierarchicalRiskParity implements PerDateWeightScheme {

    @Override
    public String id() {
        return "hrp";
    }

    @Override
    public String description() {
        return "Hierarchical Risk Parity: single-linkage leaf order, recursive bisection with inverse-variance allocation.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("lookbackDays", 252, 2, 5040, "trading days", "Window of daily returns for the covariance."),
                ParameterSpec.integer("minHistory", 126, 2, 5040, "trading days", "Returns required before the first allocation."),
                ParameterSpec.choice("covariance", "sample", CovarianceEstimator.ids(), "Covariance estimator."),
                ParameterSpec.number("shrinkage", 0.0, 0.0, 1.0, "fraction",
                        "Intensity a of diagonal-shrinkage: (1-a) S + a diag(S) (with covariance = diagonal-shrinkage)."));
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        double[][] cov = CovarianceParams.estimate(ctx, p);
        return cov == null ? Optional.empty() : Optional.of(weights(cov));
    }

    /** Every date's covariance in date order, then the solves side by side ({@link CovarianceDecisions}). */
    @Override
    public List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters p) {
        return CovarianceDecisions.decide(contexts, ctx -> CovarianceParams.estimate(ctx, p), HierarchicalRiskParity::weights);
    }

    /** HRP weights of a covariance matrix (any units; weights sum to 1). */
    public static double[] weights(double[][] cov) {
        int n = cov.length;
        if (n == 1) {
            return new double[] {1.0};
        }
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            double d = cov[i][i];
            std[i] = Math.sqrt(d <= 0 ? 1e-12 : d);
        }
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] ci = cov[i];
            for (int j = i + 1; j < n; j++) {
                double corr = ci[j] / (std[i] * std[j]);
                if (corr != corr || corr == Double.POSITIVE_INFINITY || corr == Double.NEGATIVE_INFINITY) {
                    corr = 0.0;
                }
                double dij = Math.sqrt(0.5 * (1.0 - corr));
                dist[i][j] = dij;
                dist[j][i] = dij;
            }
        }
        int[] order = singleLinkageOrder(dist);

        // covariance in leaf order, contiguous for the bisection's sub-blocks (as the original's cov_reordered)
        double[][] ordered = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] src = cov[order[i]];
            double[] dst = ordered[i];
            for (int j = 0; j < n; j++) {
                dst[j] = src[order[j]];
            }
        }
        double[] invVar = new double[n];
        for (int i = 0; i < n; i++) {
            double d = ordered[i][i];
            invVar[i] = 1.0 / (d <= 0 ? 1e-8 : d);
        }
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        Deque<int[]> queue = new ArrayDeque<>();
        queue.add(new int[] {0, n});
        while (!queue.isEmpty()) {
            int[] c = queue.poll();
            int lo = c[0];
            int hi = c[1];
            if (hi - lo <= 1) {
                continue;
            }
            int mid = lo + (hi - lo) / 2;
            double varLeft = clusterVariance(ordered, invVar, lo, mid);
            double varRight = clusterVariance(ordered, invVar, mid, hi);
            double alpha = varLeft + varRight == 0 ? 0.5 : 1.0 - varLeft / (varLeft + varRight);
            for (int i = lo; i < mid; i++) {
                w[i] *= alpha;
            }
            for (int i = mid; i < hi; i++) {
                w[i] *= 1.0 - alpha;
            }
            queue.add(new int[] {lo, mid});
            queue.add(new int[] {mid, hi});
        }
        double[] out = new double[n];
        for (int pos = 0; pos < n; pos++) {
            out[order[pos]] = w[pos];
        }
        return out;
    }

    /** Variance of the inverse-variance portfolio of leaf positions {@code [lo, hi)}. */
    private static double clusterVariance(double[][] ordered, double[] invVar, int lo, int hi) {
        int k = hi - lo;
        double sum = 0;
        for (int i = lo; i < hi; i++) {
            sum += invVar[i];
        }
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = invVar[lo + i] / sum;
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            double v = 0;
            for (int i = 0; i < k; i++) {
                v += w[i] * ordered[lo + i][lo + j];
            }
            s += v * w[j];
        }
        return s;
    }

    /**
     * Leaf order of single-linkage clustering. Single linkage merges along the minimum spanning
     * tree in increasing edge order; the merged cluster lists the members of the cluster created
     * earlier first (original assets count as created in index order), as the naive loop did.
     */
    static int[] singleLinkageOrder(double[][] dist) {
        int n = dist.length;
        // Prim's algorithm, O(n^2)
        boolean[] in = new boolean[n];
        double[] best = new double[n];
        int[] from = new int[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = 0;
        from[0] = -1;
        List<double[]> edges = new ArrayList<>(n - 1);
        for (int step = 0; step < n; step++) {
            int u = -1;
            for (int i = 0; i < n; i++) {
                if (!in[i] && (u < 0 || best[i] < best[u])) {
                    u = i;
                }
            }
            in[u] = true;
            if (from[u] >= 0) {
                edges.add(new double[] {best[u], Math.min(u, from[u]), Math.max(u, from[u])});
            }
            for (int i = 0; i < n; i++) {
                if (!in[i] && dist[u][i] < best[i]) {
                    best[i] = dist[u][i];
                    from[i] = u;
                }
            }
        }
        edges.sort((a, b) -> {
            int c = Double.compare(a[0], b[0]);
            if (c != 0) {
                return c;
            }
            c = Double.compare(a[1], b[1]);
            return c != 0 ? c : Double.compare(a[2], b[2]);
        });
        int[] parent = new int[n];
        int[] created = new int[n];
        List<List<Integer>> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            created[i] = i;
            List<Integer> m = new ArrayList<>();
            m.add(i);
            members.add(m);
        }
        int next = n;
        int root = 0;
        for (double[] e : edges) {
            int a = find(parent, (int) e[1]);
            int b = find(parent, (int) e[2]);
            if (a == b) {
                continue;
            }
            int firstRoot = created[a] < created[b] ? a : b;
            int secondRoot = firstRoot == a ? b : a;
            List<Integer> merged = members.get(firstRoot);
            merged.addAll(members.get(secondRoot));
            members.set(secondRoot, null);
            parent[secondRoot] = firstRoot;
            created[firstRoot] = next++;
            root = firstRoot;
        }
        List<Integer> all = members.get(find(parent, root));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = all.get(i);
        }
        return order;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
