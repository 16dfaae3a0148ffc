package io.keel.engine.builtin;

import java.util.Arrays;

/** Small weight-vector helpers shared by the built-in plugins. */
final class Weights {

    private Weights() {
    }

    static double[] equal(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    /** Floors at 0 and rescales to sum 1; equal weights when nothing positive is left. */
    static double[] clipAndNormalise(double[] w) {
        double[] out = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.max(w[i], 0.0);
            s += out[i];
        }
        if (!(s > 0)) {
            return equal(w.length);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= s;
        }
        return out;
    }
}
