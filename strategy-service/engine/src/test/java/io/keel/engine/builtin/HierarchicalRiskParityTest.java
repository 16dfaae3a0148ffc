package io.keel.engine.builtin;

import io.keel.engine.math.RandomCovariance;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HierarchicalRiskParityTest {

    private final Random rnd = new Random(11);

    /** The original script's naive nearest-pair loop, transcribed literally (O(n^4)). */
    static List<Integer> naiveSingleLinkage(double[][] dist) {
        int n = dist.length;
        Map<Integer, List<Integer>> clusters = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            clusters.put(i, new ArrayList<>(List.of(i)));
        }
        int next = n;
        while (clusters.size() > 1) {
            List<Integer> ids = new ArrayList<>(clusters.keySet());
            Double best = null;
            int[] pair = null;
            for (int i = 0; i < ids.size(); i++) {
                for (int j = i + 1; j < ids.size(); j++) {
                    double d = Double.POSITIVE_INFINITY;
                    for (int a : clusters.get(ids.get(i))) {
                        for (int b : clusters.get(ids.get(j))) {
                            d = Math.min(d, a == b ? Double.POSITIVE_INFINITY : dist[a][b]);
                        }
                    }
                    if (best == null || d < best) {
                        best = d;
                        pair = new int[] {ids.get(i), ids.get(j)};
                    }
                }
            }
            List<Integer> merged = new ArrayList<>(clusters.remove(pair[0]));
            merged.addAll(clusters.remove(pair[1]));
            clusters.put(next++, merged);
        }
        return clusters.values().iterator().next();
    }

    @RepeatedTest(20)
    void leafOrder_equalsTheScriptsNaiveLoop_onRandomDistances() {
        int n = 3 + rnd.nextInt(20);
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = d[j][i] = rnd.nextDouble();
            }
        }
        int[] fast = HierarchicalRiskParity.singleLinkageOrder(d);
        List<Integer> fastList = new ArrayList<>();
        for (int x : fast) {
            fastList.add(x);
        }
        assertThat(fastList).isEqualTo(naiveSingleLinkage(d));
    }

    @Test
    void weights_sumToOne_areNonNegative_andFavourLowVarianceAssets() {
        int n = 12;
        double[][] cov = randomCovariance(n);
        cov[3][3] *= 0.01;
        for (int j = 0; j < n; j++) {
            if (j != 3) {
                cov[3][j] *= 0.1;
                cov[j][3] *= 0.1;
            }
        }
        double[] w = HierarchicalRiskParity.weights(cov);
        double sum = 0;
        for (double x : w) {
            assertThat(x).isGreaterThanOrEqualTo(0.0);
            sum += x;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        for (int i = 0; i < n; i++) {
            if (i != 3) {
                assertThat(w[3]).isGreaterThan(w[i]);
            }
        }
    }

    @Test
    void twoUncorrelatedAssets_getInverseVarianceWeights() {
        double[] w = HierarchicalRiskParity.weights(new double[][] {{0.04, 0}, {0, 0.01}});
        assertThat(w[0]).isCloseTo(0.2, within(1e-12));
        assertThat(w[1]).isCloseTo(0.8, within(1e-12));
    }

    double[][] randomCovariance(int n) {
        return RandomCovariance.of(rnd, n, 3 * n, 0.5, 1.0);
    }
}
