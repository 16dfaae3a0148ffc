package io.keel.engine.builtin;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.ejml.dense.row.mult.MatrixVectorMult_DDRM;

/**
 * level63's risk-parity fixed-point iteration ({@code risk_parity_weights} in the script), answered
 * fast. From {@code w = 1/n} it repeats, at most {@code maxIterations} times:
 * <pre>
 *   m = C w,  v = w'm,  t = v / n
 *   stop if v &lt;= 0 or max_i |w_i m_i - t| &lt; tolerance
 *   w_i &lt;- max(w_i t / (w_i m_i + 1e-12), 0),  then w &lt;- w / sum(w)   (every weight 1/n if the sum is 0)
 * </pre>
 * An asset whose marginal risk {@code m_i} turns negative is floored at 0 and stays there; the
 * tolerance then compares its zero risk contribution with {@code t} and is never met, so on real data
 * most runs go to the cap (level63 on the ETF sample: 138 of 176), converging slowly (by up to 0.99 a
 * step) toward equal risk contributions among the assets left. The script returns the weights after
 * exactly {@code maxIterations} updates, which in the slowest runs are still 5e-5 from that limit:
 * the answer must be the capped iterate, not the limit.
 *
 * <p>Every update is the script's arithmetic, operation for operation (runs that do not contract can
 * amplify a last-bit difference to 1e-3 within a few thousand updates, so nothing is reordered). What
 * makes it fast:
 * <ul>
 *   <li>floored assets are dropped from the arithmetic: their terms are exactly zero, so the answer
 *       keeps every bit;</li>
 *   <li>every {@link #CHECK_INTERVAL} updates the run is looked at. Weights back exactly where they
 *       were at the last look repeat a cycle, and the answer is where that cycle stands at the cap, a
 *       few updates away (exact). A run whose steps have shrunk to rounding, over the last interval and
 *       over the last update, has converged and is answered as it is (within ~1e-15).</li>
 *   <li>A run converging slowly, whose floored set has settled and which is within
 *       {@link #LINEAR_RADIUS} of its limit {@code w*} (equal risk contributions among the assets left,
 *       by Newton's method), is linear from there on up to terms of second order in {@code |w - w*|}:
 *       the capped iterate is {@code w* + J^r (w - w*)}, J the Jacobian of one update at {@code w*}, r
 *       the updates left (within ~1e-13).</li>
 *   <li>A run that the powers of J show will be within 1e-18 of {@code w*} long before the cap is
 *       answered by {@code w*} itself from as far as {@link #SETTLED_RADIUS}, where the update is still
 *       nearly linear on every point the run can reach ({@link #nearlyLinear}): the terms the linear
 *       view leaves out change how fast the run gets there, not where it ends (within ~1e-15). Most runs
 *       that converge end this way; the linear extrapolation is left for those the cap cuts short.</li>
 * </ul>
 * {@code RiskParityIterationTest} compares answers with the script's loop run update for update: within
 * 1e-12 (largest absolute weight difference) on level63's 176 covariances and on 3,000 random problems
 * (blocks of those covariances rescaled, one- to three-factor models, caps from 1 to 2,500); sweeps of
 * 400,000 such problems found no run further than 5.3e-14 from the loop (3.3e-15 for the 50,000 settled).
 */
final class RiskParityIteration {

    /** The script's guard against division by zero; it is part of the update, so it is kept. */
    static final double GUARD = 1e-12;
    /** Updates between two looks at the run. */
    static final int CHECK_INTERVAL = 8;
    /**
     * Largest distance {@code max_i |w_i - w*_i|} from which the rest of a run is extrapolated linearly.
     * The neglected second-order terms grow like d^2 to d^3: from 1e-6 they reached 6.5e-12 in a sweep of
     * 100,000 random problems (blocks of level63's covariances, rescaled, random caps), from 3e-7 2.2e-13.
     */
    static final double LINEAR_RADIUS = 3e-7;
    /**
     * Largest distance {@code max_i |w_i - w*_i|} from which a run certain to reach its limit (to rounding)
     * long before the cap is answered by the limit itself: the neglected terms then only decide how fast
     * it gets there, not where it ends. Used only where the update is nearly linear across the whole
     * ball around w* that the run can reach (see {@link #nearlyLinear}).
     */
    static final double SETTLED_RADIUS = 1e-4;
    /**
     * How far from linear the update may be on the ball a settled run moves in: the largest relative change
     * of a marginal risk {@code (C w)_i} there, as a share of the contraction margin {@code 1 - rho}.
     */
    static final double NONLINEARITY_SHARE = 0.05;
    /** A run whose remaining movement (extrapolated from its shrinking steps) is below this has converged. */
    static final double CONVERGED = 1e-15;
    /** Solving for the limit and powering the Jacobian cost about as much as this many updates. */
    static final int EXTRAPOLATION_COST = 40;

    private static final double[] NO_LIMIT = new double[0];

    private final double[][] cov;
    private final int n;
    private final int maxIterations;
    private final double tolerance;
    private final double budget;    // every asset's share of the variance, 1/n

    private int k;                  // assets still in play
    private final int[] asset;      // their indices in cov, ascending
    private final double[] c;       // their covariance block, k x k row-major
    private final double[] w;       // their weights; every other weight is 0
    private final double[] m;
    private final double[] q;
    private final double[] atLastCheck;
    private final double[] beforeLastUpdate;
    private double stepAtLastCheck;
    private int checkedAt;          // updates done when atLastCheck was taken
    private double[] limit;         // w* of the assets in play once solved, NO_LIMIT if Newton failed
    private double limitRowSum;     // the block's largest absolute row sum
    private double limitSensitivity; // max_i sum_j |C_ij| / (C w*)_i: relative change of a marginal risk per unit distance
    private double limitDeviation;  // max_i |w*_i (C w*)_i - t| (and t itself when an asset is floored)
    private double settledWithin;   // distance from w* within which the settled answer is (again) worth a try
    private int end;                // updates after which the run's answer is known

    private RiskParityIteration(double[][] cov, int maxIterations, double tolerance) {
        this.cov = cov;
        this.n = cov.length;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.budget = 1.0 / n;
        this.asset = new int[n];
        this.c = new double[n * n];
        this.w = new double[n];
        this.m = new double[n];
        this.q = new double[n];
        this.atLastCheck = new double[n];
        this.beforeLastUpdate = new double[n];
        this.end = maxIterations;
        restart();
    }

    /**
     * The weights the script's loop ends with (see the class comment) for a symmetric n x n covariance
     * matrix in daily units: non-negative, summing to 1; NaN where the matrix holds NaN, as the script's.
     */
    static double[] weights(double[][] cov, int maxIterations, double tolerance) {
        return answer(cov, maxIterations, tolerance).weights();
    }

    /** How a run ended. */
    enum Ending {
        /** the tolerance (or a variance <= 0) stopped it */
        STOPPED,
        /** every update up to the cap was run */
        CAPPED,
        /** the weights came back to where they were; the rest of the cycle up to the cap was run */
        CYCLE,
        /** the steps shrank to rounding; answered without running the rest */
        CONVERGED,
        /** the rest was extrapolated linearly from near the limit */
        EXTRAPOLATED,
        /** certain to reach its limit to rounding long before the cap: answered by the limit */
        SETTLED
    }

    /** The weights with how the run ended and the updates actually computed (for tests and diagnostics). */
    record Answer(double[] weights, Ending ending, int updates) {
    }

    /** {@link #weights(double[][], int, double)} with how it was found. */
    static Answer answer(double[][] cov, int maxIterations, double tolerance) {
        RiskParityIteration run = new RiskParityIteration(cov, maxIterations, tolerance);
        while (run.advance()) {
            // one update (or look) at a time
        }
        return run.answer;
    }

    private int done;
    private Answer answer;

    /** One update, or the answer; false once {@link #answer} is set. */
    private boolean advance() {
        if (done >= end) {
            answer = new Answer(full(w), end < maxIterations ? Ending.CYCLE : Ending.CAPPED, done);
            return false;
        }
        if (done % CHECK_INTERVAL == 0 && done > checkedAt && end == maxIterations) {
            answer = look(done);
            if (answer != null) {
                return false;
            }
            if (done == end) {
                answer = new Answer(full(w), Ending.CYCLE, done); // a cycle whose position at the cap is here
                return false;
            }
        } else if (done % CHECK_INTERVAL == CHECK_INTERVAL - 1) {
            System.arraycopy(w, 0, beforeLastUpdate, 0, k); // the look also needs the last single step
        }
        // m = C w two rows at a time: each row's sum in the same order as alone, w[j] loaded once for both
        double v = 0.0;
        int i2 = 0;
        for (; i2 + 1 < k; i2 += 2) {
            double s0 = 0.0;
            double s1 = 0.0;
            int row = i2 * k;
            for (int j = 0; j < k; j++) {
                double wj = w[j];
                s0 += c[row + j] * wj;
                s1 += c[row + k + j] * wj;
            }
            m[i2] = s0;
            m[i2 + 1] = s1;
            v += w[i2] * s0;
            v += w[i2 + 1] * s1;
        }
        if (i2 < k) {
            double s = 0.0;
            int row = i2 * k;
            for (int j = 0; j < k; j++) {
                s += c[row + j] * w[j];
            }
            m[i2] = s;
            v += w[i2] * s;
        }
        double t = budget * v;
        // max_i |w_i m_i - t| is at least t once an asset is floored (its contribution is 0): the
        // deviations of the others only matter while every asset is in play or t is below the tolerance
        boolean deviationsMatter = k == n || !(t >= tolerance);
        double maxDiff = k < n ? Math.abs(t) : 0.0;
        double sum = 0.0;
        boolean floored = false;
        for (int i = 0; i < k; i++) {
            double rc = w[i] * m[i];
            if (deviationsMatter) {
                maxDiff = Math.max(maxDiff, Math.abs(rc - t));
            }
            double x = Math.max(w[i] * (t / (rc + GUARD)), 0.0);
            floored |= x == 0.0;
            q[i] = x;
            sum += x;
        }
        // the script stops before changing w
        if (v <= 0 || maxDiff < tolerance) {
            answer = new Answer(full(w), Ending.STOPPED, done);
            return false;
        }
        done++;
        if (sum <= 0) {
            restart();
            checkedAt = done;
            return true;
        }
        for (int i = 0; i < k; i++) {
            w[i] = q[i] / sum;
        }
        if (floored) {
            dropFloored();
            checkedAt = done;
        }
        return true;
    }

    /** The answer if the run after {@code done} updates has converged or can be extrapolated, else null. */
    private Answer look(int done) {
        double step = 0.0;
        for (int i = 0; i < k; i++) {
            step = Math.max(step, Math.abs(w[i] - atLastCheck[i]));
        }
        double previous = stepAtLastCheck;
        int since = done - checkedAt;
        System.arraycopy(w, 0, atLastCheck, 0, k);
        stepAtLastCheck = step;
        checkedAt = done;
        if (step == 0.0) {
            // the weights repeat with a period dividing `since` (w is the loop's whole state): the answer
            // is where that cycle stands at the cap, a few updates on; no more looks
            end = done + (maxIterations - done) % since;
            return null;
        }
        if (!(step < previous)) {
            return null; // first look since the assets changed, not contracting, or NaN
        }
        double ratio = step / previous;
        // the distance still to go if steps keep shrinking geometrically, judged over the last interval and
        // over the last update alone: weights that alternate between two points (an even period) look
        // settled when compared CHECK_INTERVAL updates apart but not one apart
        double lastStep = 0.0;
        for (int i = 0; i < k; i++) {
            lastStep = Math.max(lastStep, Math.abs(w[i] - beforeLastUpdate[i]));
        }
        double perUpdate = Math.pow(ratio, 1.0 / since);
        double remaining = Math.max(step * ratio / (1.0 - ratio), lastStep * perUpdate / (1.0 - perUpdate));
        if (remaining <= CONVERGED) {
            return new Answer(full(w), Ending.CONVERGED, done);
        }
        if (k == 0 || k == n && tolerance > 0) {
            // with every asset in play the tolerance stops the run, at an update only iterating finds
            return null;
        }
        int left = maxIterations - done;
        if (remaining > 10 * LINEAR_RADIUS) {
            // only the settled answer is possible from out here, for a run that converges long before the cap
            if (remaining > 10 * settledWithin || !(remaining * Math.pow(perUpdate, left) < 1e-20)) {
                return null;
            }
        }
        double updatesToConverge = CHECK_INTERVAL * Math.log(CONVERGED / remaining) / Math.log(ratio);
        if (updatesToConverge < Math.min(EXTRAPOLATION_COST, left)) {
            return null; // iterating on is cheaper
        }
        if (limit == null) {
            solveLimit();
        }
        if (limit == NO_LIMIT) {
            return null;
        }
        double[] e = new double[k];
        double distance = 0.0;
        for (int i = 0; i < k; i++) {
            e[i] = w[i] - limit[i];
            distance = Math.max(distance, Math.abs(e[i]));
        }
        boolean linear = distance <= LINEAR_RADIUS;
        if (!linear && distance > settledWithin || !toleranceNeverMet(distance)) {
            return null;
        }
        UpdateJacobian.Power ahead = UpdateJacobian.power(c, k, limit, left, e);
        if (!linear) {
            double reach = distance * Math.max(1.0, ahead.growth());
            if (ahead.vanished() && nearlyLinear(reach, ahead) && toleranceNeverMet(reach)) {
                return new Answer(full(limit), Ending.SETTLED, done);
            }
            // the checks get easier closer in: try again ten times closer (at most a few times a run)
            settledWithin = distance / 10;
            return null;
        }
        double[] answer = new double[k];
        for (int i = 0; i < k; i++) {
            answer[i] = limit[i] + ahead.value()[i];
            if (!(answer[i] > 0.0 && Math.abs(ahead.value()[i]) <= distance)) {
                return null; // not in the linear regime after all
            }
        }
        return new Answer(full(answer), Ending.EXTRAPOLATED, done);
    }

    /** Solves for the limit w* of the assets in play and what the checks need to know of the block there. */
    private void solveLimit() {
        double[] solved = EqualRiskContribution.weights(c, k, w);
        if (solved == null) {
            limit = NO_LIMIT;
            return;
        }
        limit = solved;
        double rowSum = 0.0;
        double sensitivity = 0.0;
        double v = 0.0;
        for (int i = 0; i < k; i++) {
            double abs = 0.0;
            double s = 0.0;
            for (int j = 0; j < k; j++) {
                abs += Math.abs(c[i * k + j]);
                s += c[i * k + j] * limit[j];
            }
            rowSum = Math.max(rowSum, abs);
            // a marginal risk that is not positive at w* leaves nothing to compare with
            sensitivity = Math.max(sensitivity, s > 0.0 ? abs / s : Double.POSITIVE_INFINITY);
            m[i] = s;
            v += limit[i] * s;
        }
        double t = budget * v;
        double deviation = k < n ? Math.abs(t) : 0.0;
        for (int i = 0; i < k; i++) {
            deviation = Math.max(deviation, Math.abs(limit[i] * m[i] - t));
        }
        limitRowSum = rowSum;
        limitSensitivity = sensitivity;
        limitDeviation = deviation;
    }

    /**
     * Whether one update is nearly linear on the ball the run can still reach, of radius {@code reach} (its
     * distance from w* times the largest transient growth seen in the powers of J). On that ball every
     * marginal risk {@code (C w)_i} is within a relative {@code delta = reach * max_i sum_j |C_ij| / (C w*)_i}
     * of its value at w*; the update is a smooth function of those ratios whose terms beyond the linear
     * one are of relative size delta, and they cannot undo the contraction (nor floor an asset, which
     * takes {@code delta >= 1}) while delta is a small share of the margin {@code 1 - rho}, rho bounded
     * from the powers of J.
     */
    private boolean nearlyLinear(double reach, UpdateJacobian.Power powers) {
        double delta = limitSensitivity * reach;
        return delta <= NONLINEARITY_SHARE * (1.0 - powers.spectralBound());
    }

    /**
     * Whether {@code max_i |w_i m_i - t|} stays at or above the tolerance for the rest of the run, so that
     * the tolerance cannot stop it. Within distance d of the limit it differs from its value there by at
     * most {@code 6 R d} (R the block's largest absolute row sum, weights at most 1); ten times that margin.
     */
    private boolean toleranceNeverMet(double distance) {
        return tolerance <= 0 || limitDeviation - 60.0 * limitRowSum * distance >= tolerance;
    }

    private void dropFloored() {
        int kept = 0;
        for (int i = 0; i < k; i++) {
            if (w[i] != 0.0) {
                asset[kept] = asset[i];
                w[kept] = w[i];
                kept++;
            }
        }
        k = kept;
        loadBlock();
    }

    private void restart() {
        k = n;
        for (int i = 0; i < n; i++) {
            asset[i] = i;
            w[i] = 1.0 / n;
        }
        loadBlock();
    }

    private void loadBlock() {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                c[i * k + j] = cov[asset[i]][asset[j]];
            }
        }
        limit = null;
        settledWithin = SETTLED_RADIUS;
        System.arraycopy(w, 0, atLastCheck, 0, k);
        stepAtLastCheck = Double.NaN;
    }

    private double[] full(double[] inPlay) {
        double[] out = new double[n];
        for (int i = 0; i < k; i++) {
            out[asset[i]] = inPlay[i];
        }
        return out;
    }

    /** The Jacobian of one update, and its powers. */
    static final class UpdateJacobian {

        private UpdateJacobian() {
        }

        /**
         * The Jacobian at {@code w} of one update {@code F(w) = q / sum(q)}, {@code q_i = w_i / (w_i (C w)_i
         * + 1e-12)}, on a k x k block {@code c}: {@code dF_i/dw_l = dq_il / S - q_i (sum_p dq_pl) / S^2} with
         * {@code S = sum(q)} and {@code dq_il = delta_il / d_i - w_i (delta_il m_i + w_i C_il) / d_i^2},
         * {@code d_i = w_i m_i + 1e-12}.
         */
        static DMatrixRMaj at(double[] c, int k, double[] w) {
            double[] m = new double[k];
            for (int i = 0; i < k; i++) {
                double s = 0.0;
                for (int j = 0; j < k; j++) {
                    s += c[i * k + j] * w[j];
                }
                m[i] = s;
            }
            double[] q = new double[k];
            double sum = 0.0;
            double[] dq = new double[k * k];
            for (int i = 0; i < k; i++) {
                double d = w[i] * m[i] + GUARD;
                q[i] = w[i] / d;
                sum += q[i];
                for (int l = 0; l < k; l++) {
                    double dd = (i == l ? m[i] : 0.0) + w[i] * c[i * k + l];
                    dq[i * k + l] = (i == l ? 1.0 / d : 0.0) - w[i] * dd / (d * d);
                }
            }
            DMatrixRMaj jacobian = new DMatrixRMaj(k, k);
            for (int l = 0; l < k; l++) {
                double column = 0.0;
                for (int i = 0; i < k; i++) {
                    column += dq[i * k + l];
                }
                for (int i = 0; i < k; i++) {
                    jacobian.data[i * k + l] = dq[i * k + l] / sum - q[i] * column / (sum * sum);
                }
            }
            return jacobian;
        }

        /**
         * {@code J^r e}, with what powering J showed about it.
         *
         * @param value       {@code J^r e}; all zeros when it {@code vanished}
         * @param vanished    whether the powers proved {@code max_i |(J^r e)_i|} below 1e-18 and the
         *                    multiplications stopped there
         * @param spectralBound an upper bound of J's spectral radius: the least {@code ||J^p||^(1/p)} over the
         *                    powers p = 1, 2, 4, ... formed (infinity norm)
         * @param growth      the largest {@code ||J^p||} over those powers, a measure of transient growth
         */
        record Power(double[] value, boolean vanished, double spectralBound, double growth) {
        }

        /**
         * {@code J^r e}, J the Jacobian at {@code at}, by repeated squaring. Stops early, answering 0, once
         * what is left to multiply ({@code P^q x}, P a power of J with infinity norm below 1) is proved below
         * 1e-18 by {@code ||P||^q ||x||}.
         */
        static Power power(double[] c, int k, double[] at, int r, double[] e) {
            DMatrixRMaj p = at(c, k, at);
            DMatrixRMaj x = new DMatrixRMaj(k, 1, true, e);
            DMatrixRMaj vector = new DMatrixRMaj(k, 1);
            DMatrixRMaj matrix = new DMatrixRMaj(k, k);
            double norm = NormOps_DDRM.inducedPInf(p);
            double spectralBound = norm;
            double growth = norm;
            long power = 1;
            for (int left = r; left > 0; left >>= 1) {
                if ((left & 1) == 1) {
                    MatrixVectorMult_DDRM.mult(p, x, vector);
                    DMatrixRMaj swap = x;
                    x = vector;
                    vector = swap;
                }
                if (left > 1) {
                    MatrixMatrixMult_DDRM.mult_small(p, p, matrix);
                    DMatrixRMaj swap = p;
                    p = matrix;
                    matrix = swap;
                    power <<= 1;
                    norm = NormOps_DDRM.inducedPInf(p);
                    growth = Math.max(growth, norm);
                    spectralBound = Math.min(spectralBound, Math.pow(norm, 1.0 / power));
                    if (norm < 1.0 && Math.pow(norm, left >> 1) * CommonOps_DDRM.elementMaxAbs(x) < 1e-18) {
                        return new Power(new double[k], true, spectralBound, growth);
                    }
                }
            }
            return new Power(x.data.clone(), false, spectralBound, growth);
        }
    }
}
