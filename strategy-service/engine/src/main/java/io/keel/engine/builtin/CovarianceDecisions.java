package io.keel.engine.builtin;

import io.keel.spi.RebalanceContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The decisions of a covariance-based weight scheme at every rebalance date of one backtest (the batch
 * form of {@link io.keel.spi.WeightScheme#targetWeights(List, io.keel.spi.Parameters)}).
 *
 * <p>The covariances are estimated in date order on the calling thread: the engine's window of returns
 * moves forward from one date to the next and a context is not to be read from two threads. The solves
 * are pure functions of one covariance matrix each, so they run side by side on the common fork-join
 * pool, each handed over as soon as its covariance is known; the matrices waiting for their solve are
 * kept under {@link #WAITING_BYTES} (the calling thread solves the newest itself when they are not), and
 * each is let go once solved. Every answer is computed exactly as it would be alone; only the wall time
 * changes (the CPU time does not). A solve that fails makes the whole batch fail with the exception of
 * the earliest date, unchanged, as the date-by-date loop would.
 *
 * <p>Set the system property {@value #PARALLEL_PROPERTY} to {@code false} to solve on the calling
 * thread only (single-threaded benchmark figures, or a host that runs one backtest per core anyway).
 *
 * <p>Benefit, measured: level63 2.51 ms side by side vs 4.39 ms on one thread on two cores (same-session
 * JMH, commit 71656c5). Equivalence: {@code CovarianceDecisionsTest
 * .batchDecisions_equalDateByDateDecisions_bitForBit_forEveryCovarianceScheme}.
 */
final class CovarianceDecisions {

    /** System property that switches the side-by-side solves off when {@code false}. */
    static final String PARALLEL_PROPERTY = "keel.engine.parallel";
    /** Covariance matrices estimated and waiting for their solve take at most this many bytes (64 MiB). */
    static final long WAITING_BYTES = 64L << 20;
    /** Fewer dates than this are solved on the calling thread: handing them out would cost more. */
    static final int MIN_PARALLEL_DATES = 8;

    private static final boolean PARALLEL = !"false".equalsIgnoreCase(System.getProperty(PARALLEL_PROPERTY));

    private CovarianceDecisions() {
    }

    /**
     * One answer per context, in the same order: empty where {@code estimate} answers null (too little
     * history), else {@code solve} of the estimated covariance.
     */
    static List<Optional<double[]>> decide(List<RebalanceContext> contexts,
                                           Function<RebalanceContext, double[][]> estimate,
                                           Function<double[][], double[]> solve) {
        return decide(contexts, estimate, solve, WAITING_BYTES);
    }

    /**
     * {@link #decide(List, Function, Function)} with at most {@code waitingBytes} of covariance matrices
     * (8 bytes an entry) estimated and not yet solved, but always at least two.
     */
    static List<Optional<double[]>> decide(List<RebalanceContext> contexts,
                                           Function<RebalanceContext, double[][]> estimate,
                                           Function<double[][], double[]> solve, long waitingBytes) {
        int size = contexts.size();
        double[][] answers = new double[size][];
        RuntimeException[] failures = new RuntimeException[size];
        double[][][] covariances = new double[size][][];
        if (!PARALLEL || size < MIN_PARALLEL_DATES) {
            for (int i = 0; i < size; i++) {
                covariances[i] = estimate.apply(contexts.get(i));
                solve(i, covariances, solve, answers, failures);
            }
        } else {
            // each solve is handed to the pool as soon as its covariance is known, so the pool's threads
            // solve while this one still estimates; then this thread joins the newest first, running those
            // still queued itself, while the pool works through the oldest
            ForkJoinPool pool = ForkJoinPool.commonPool();
            ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[size];
            ArrayDeque<Integer> unsolved = new ArrayDeque<>();
            for (int i = 0; i < size; i++) {
                double[][] covariance = estimate.apply(contexts.get(i));
                if (covariance == null) {
                    continue;
                }
                covariances[i] = covariance;
                int date = i;
                tasks[i] = pool.submit(() -> solve(date, covariances, solve, answers, failures));
                unsolved.addLast(i);
                // a large universe's matrices add up (500 assets: 2 MB a date): while too many wait for
                // the pool, this thread solves the newest itself
                long bytes = 8L * covariance.length * covariance.length;
                long waiting = Math.max(2, waitingBytes / Math.max(1, bytes));
                while (!unsolved.isEmpty() && tasks[unsolved.peekFirst()].isDone()) {
                    unsolved.pollFirst();
                }
                while (unsolved.size() > waiting) {
                    tasks[unsolved.pollLast()].join();
                }
            }
            for (int i = size - 1; i >= 0; i--) {
                if (tasks[i] != null) {
                    tasks[i].join();
                }
            }
        }
        List<Optional<double[]>> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (failures[i] != null) {
                throw failures[i];
            }
            out.add(Optional.ofNullable(answers[i]));
        }
        return out;
    }

    /** Solves date {@code date}'s covariance, then lets go of it (the task object outlives the solve). */
    private static void solve(int date, double[][][] covariances, Function<double[][], double[]> solve,
                              double[][] answers, RuntimeException[] failures) {
        double[][] covariance = covariances[date];
        covariances[date] = null;
        if (covariance != null) {
            try {
                answers[date] = solve.apply(covariance);
            } catch (RuntimeException e) {
                failures[date] = e; // rethrown by the caller as it is, not wrapped by the pool
            }
        }
    }
}
