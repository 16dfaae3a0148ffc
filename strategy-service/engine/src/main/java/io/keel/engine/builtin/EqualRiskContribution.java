package io.keel.engine.builtin;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Equal risk contributions by Newton's method: the {@code newton} solver of the risk-parity schemes, and
 * the limit of level63's iteration on the assets it leaves in play ({@link RiskParityIteration}).
 */
final class EqualRiskContribution {

    private EqualRiskContribution() {
    }

    /**
     * Long-only weights summing to 1 whose risk contributions {@code w_i (C w)_i} are all equal, for the
     * k x k positive definite block {@code c} (row-major); null if Newton's method does not converge.
     * Solves {@code C y = b / y} ({@code b = 1/k}, {@code y > 0}), the optimality condition of the
     * strictly convex {@code y'Cy / 2 - b sum(log y)} (Spinu 2013), from the positive {@code start},
     * then {@code w = y / sum(y)}.
     */
    static double[] weights(double[] c, int k, double[] start) {
        double b = 1.0 / k;
        double q = 0.0;
        for (int i = 0; i < k; i++) {
            if (!(start[i] > 0)) {
                return null;
            }
            for (int j = 0; j < k; j++) {
                q += start[i] * c[i * k + j] * start[j];
            }
        }
        if (!(q > 0)) {
            return null;
        }
        // the point of the start's ray where the objective is lowest
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            y[i] = start[i] / Math.sqrt(q);
        }
        DMatrixRMaj hessian = new DMatrixRMaj(k, k);
        DMatrixRMaj gradient = new DMatrixRMaj(k, 1);
        DMatrixRMaj newton = new DMatrixRMaj(k, 1);
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(k);
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < 50; iteration++) {
            double residual = 0.0; // largest relative error of a risk contribution
            for (int i = 0; i < k; i++) {
                double s = 0.0;
                for (int j = 0; j < k; j++) {
                    s += c[i * k + j] * y[j];
                    hessian.data[i * k + j] = c[i * k + j];
                }
                gradient.data[i] = s - b / y[i];
                hessian.data[i * k + i] += b / (y[i] * y[i]);
                residual = Math.max(residual, Math.abs(s * y[i] - b) / b);
            }
            // quadratic convergence ends at rounding: stop there
            if (residual <= 1e-15 || residual <= 1e-12 && residual >= previous) {
                double sum = 0.0;
                for (double x : y) {
                    sum += x;
                }
                double[] w = new double[k];
                for (int i = 0; i < k; i++) {
                    w[i] = y[i] / sum;
                }
                return w;
            }
            previous = residual;
            if (!cholesky.setA(hessian)) {
                return null;
            }
            cholesky.solve(gradient, newton);
            // damped so that y stays positive
            double length = 1.0;
            for (int i = 0; i < k; i++) {
                if (newton.data[i] > 0) {
                    length = Math.min(length, 0.9 * y[i] / newton.data[i]);
                }
            }
            for (int i = 0; i < k; i++) {
                y[i] -= length * newton.data[i];
            }
        }
        return null;
    }
}
