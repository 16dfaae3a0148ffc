package io.keel.engine.builtin;

import io.keel.spi.RebalanceContext;

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
 * pool, each handed over as soon as its covariance is known. Every answer is computed exactly as it would be alone; only the wall time
 * changes (the CPU time does not). A solve that fails makes the whole batch fail with the exception of
 * the earliest date, unchanged, as the date-by-date loop would.
 *
 * <p>Set the system property {@value #PARALLEL_PROPERTY} to {@code false} to solve on the calling
 * thread only (single-threaded benchmark figures, or a host that runs one backtest per core anyway).
 */
final class CovarianceDecisions {

    /** System property that switches the side-by-side solves off when {@code false}. */
    static final String PARALLEL_PROPERTY = "keel.engine.parallel";
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
        int size = contexts.size();
        double[][] answers = new double[size][];
        RuntimeException[] failures = new RuntimeException[size];
        if (!PARALLEL || size < MIN_PARALLEL_DATES) {
            for (int i = 0; i < size; i++) {
                solve(i, estimate.apply(contexts.get(i)), solve, answers, failures);
            }
        } else {
            // each solve is handed to the pool as soon as its covariance is known, so the pool's threads
            // solve while this one still estimates; then this thread joins the newest first, running those
            // still queued itself, while the pool works through the oldest
            ForkJoinPool pool = ForkJoinPool.commonPool();
            ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[size];
            for (int i = 0; i < size; i++) {
                double[][] covariance = estimate.apply(contexts.get(i));
                if (covariance != null) {
                    int date = i;
                    tasks[i] = pool.submit(() -> solve(date, covariance, solve, answers, failures));
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

    private static void solve(int date, double[][] covariance, Function<double[][], double[]> solve,
                              double[][] answers, RuntimeException[] failures) {
        if (covariance != null) {
            try {
                answers[date] = solve.apply(covariance);
            } catch (RuntimeException e) {
                failures[date] = e; // rethrown by the caller as it is, not wrapped by the pool
            }
        }
    }
}
