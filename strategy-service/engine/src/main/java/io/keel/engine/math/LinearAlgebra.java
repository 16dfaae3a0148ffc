package io.keel.engine.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Thin adapters from {@code double[][]} to EJML for the few dense operations the plugins need. */
public final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /**
     * Condition number (1-norm) up to which a symmetric positive definite matrix is inverted by its
     * Cholesky factor instead of the SVD. Far below the SVD pseudo-inverse's cut-off (numpy's
     * {@code rcond = 1e-15}, where both would start to differ by more than rounding), and low enough
     * that both inverses agree to about {@code cond * 1e-16}.
     */
    static final double CHOLESKY_MAX_CONDITION = 1e6;

    /**
     * Moore-Penrose pseudo-inverse times the ones vector: {@code pinv(C) 1}, for a symmetric
     * {@code C} (a covariance matrix). A well-conditioned positive definite {@code C} (1-norm condition
     * number at most {@link #CHOLESKY_MAX_CONDITION}) has {@code pinv(C) = inv(C)}, computed from its
     * Cholesky factor (level63's 176 8x8 solves: ~0.15 ms instead of ~1.2 ms by SVD); the SVD is used
     * otherwise.
     */
    public static double[] pinvTimesOnes(double[][] c) {
        DMatrixRMaj m = new DMatrixRMaj(c);
        DMatrixRMaj inv = new DMatrixRMaj(m.numCols, m.numRows);
        boolean viaCholesky = false;
        if (m.numRows == m.numCols) {
            double norm = NormOps_DDRM.normP1(m);
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(m.numRows);
            // the decomposition overwrites m; the SVD below starts again from c
            if (chol.setA(m)) {
                chol.invert(inv);
                viaCholesky = norm * NormOps_DDRM.normP1(inv) <= CHOLESKY_MAX_CONDITION;
            }
        }
        if (!viaCholesky) {
            CommonOps_DDRM.pinv(new DMatrixRMaj(c), inv);
        }
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
