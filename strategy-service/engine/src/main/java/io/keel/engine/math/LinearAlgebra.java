package io.keel.engine.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Thin adapters from {@code double[][]} to EJML for the few dense operations the plugins need. */
public final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /**
     * Bound of the condition number (1-norm) up to which a symmetric positive definite matrix is inverted
     * by its Cholesky factor instead of the SVD (the bound {@code ||C||_1 ||L^-1||_inf ||L^-1||_1} is at
     * least the condition number, so the true one is at most this). Far below the SVD pseudo-inverse's cut-off (numpy's
     * {@code rcond = 1e-15}, where both would start to differ by more than rounding), and low enough
     * that both inverses agree to about {@code cond * 1e-16}.
     */
    static final double CHOLESKY_MAX_CONDITION = 1e6;

    /**
     * Moore-Penrose pseudo-inverse times the ones vector: {@code pinv(C) 1}, for a symmetric
     * {@code C} (a covariance matrix). A well-conditioned positive definite {@code C} has
     * {@code pinv(C) = inv(C)}: with its Cholesky factor {@code C = L L'}, {@code inv(C) 1 = L'^-1 (L^-1 1)},
     * used when the bound {@code ||C||_1 ||L^-1||_inf ||L^-1||_1} of the 1-norm condition number is at
     * most {@link #CHOLESKY_MAX_CONDITION} (level63's 176 8x8 solves: ~0.1 ms instead of ~1.2 ms by SVD);
     * the SVD is used otherwise.
     */
    public static double[] pinvTimesOnes(double[][] c) {
        int n = c.length;
        if (n > 0 && c[0].length == n) {
            DMatrixRMaj m = new DMatrixRMaj(c);
            double norm = NormOps_DDRM.normP1(m);
            CholeskyDecompositionInner_DDRM chol = new CholeskyDecompositionInner_DDRM(true);
            // the decomposition overwrites m; the SVD below starts again from c
            if (chol.decompose(m)) {
                double[] inv = chol.getT(null).data; // L, zero above the diagonal
                TriangularSolver_DDRM.invertLower(inv, n);
                double rows = 0.0;  // ||L^-1||_inf
                double[] y = new double[n];
                double[] cols = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = 0.0;
                    double abs = 0.0;
                    for (int j = 0; j <= i; j++) {
                        double v = inv[i * n + j];
                        s += v;
                        abs += Math.abs(v);
                        cols[j] += Math.abs(v);
                    }
                    y[i] = s;
                    rows = Math.max(rows, abs);
                }
                double columns = 0.0; // ||L^-1||_1
                for (double v : cols) {
                    columns = Math.max(columns, v);
                }
                if (norm * rows * columns <= CHOLESKY_MAX_CONDITION) {
                    double[] out = new double[n];
                    for (int j = 0; j < n; j++) {
                        double s = 0.0;
                        for (int i = j; i < n; i++) {
                            s += inv[i * n + j] * y[i];
                        }
                        out[j] = s;
                    }
                    return out;
                }
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(n > 0 ? c[0].length : 0, n);
        CommonOps_DDRM.pinv(new DMatrixRMaj(c), inv);
        double[] out = new double[inv.numRows];
        for (int i = 0; i < inv.numRows; i++) {
            double s = 0;
            for (int j = 0; j < inv.numCols; j++) {
                s += inv.get(i, j);
            }
            out[i] = s;
        }
        return out;
    }

    /**
     * Solves {@code C x = b} for a symmetric positive (semi-)definite {@code C}; falls back to the
     * pseudo-inverse when {@code C} is singular.
     */
    public static double[] solveSymmetric(double[][] c, double[] b) {
        DMatrixRMaj a = new DMatrixRMaj(c);
        DMatrixRMaj rhs = new DMatrixRMaj(b.length, 1, true, b);
        DMatrixRMaj x = new DMatrixRMaj(b.length, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(b.length);
        if (solver.setA(a.copy())) {
            solver.solve(rhs, x);
        } else {
            DMatrixRMaj inv = new DMatrixRMaj(a.numCols, a.numRows);
            CommonOps_DDRM.pinv(a, inv);
            CommonOps_DDRM.mult(inv, rhs, x);
        }
        return x.getData().clone();
    }
}
