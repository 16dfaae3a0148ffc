package io.keel.engine.builtin;

import io.keel.engine.TestData;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.ResolvedBacktest;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch decisions of the covariance-based schemes (solved side by side) are, date for date and bit for
 * bit, what each date alone answers, and a failure reaches the caller as the plugin threw it.
 */
class CovarianceDecisionsTest {

    @Test
    void batchDecisions_equalDateByDateDecisions_bitForBit_forEveryCovarianceScheme() {
        List<RebalanceContext> contexts = monthEnds();
        assertThat(contexts.size()).isGreaterThan(100);
        List<PerDateWeightScheme> schemes = List.of(new RiskParityMinVarianceBlend(), new RiskParity(), new MinimumVariance(),
                new HierarchicalRiskParity());
        for (PerDateWeightScheme scheme : schemes) {
            Parameters p = Parameters.of(scheme.parameters(), Map.of("lookbackDays", 252, "minHistory", 252));
            List<Optional<double[]>> batch = scheme.targetWeights(contexts, p);
            assertThat(batch).as(scheme.id()).hasSize(contexts.size());
            int decided = 0;
            for (int i = 0; i < contexts.size(); i++) {
                Optional<double[]> alone = scheme.targetWeights(contexts.get(i), p);
                assertThat(batch.get(i).isPresent()).as("%s at %d", scheme.id(), i).isEqualTo(alone.isPresent());
                if (alone.isPresent()) {
                    assertThat(batch.get(i).get()).as("%s at %d", scheme.id(), i).containsExactly(alone.get());
                    decided++;
                }
            }
            // the first year has too little history; the rest is decided
            assertThat(decided).as(scheme.id()).isBetween(contexts.size() - 14, contexts.size() - 11);
        }
    }

    @Test
    void solves_runOnSeveralThreads_andAnswersKeepTheirDates() {
        List<RebalanceContext> contexts = monthEnds();
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        List<Optional<double[]>> answers = CovarianceDecisions.decide(contexts,
                ctx -> new double[][] {{ctx.decisionDate().toEpochDay()}},
                cov -> {
                    threads.put(Thread.currentThread().getName(), true);
                    busy();
                    return new double[] {cov[0][0]};
                });
        for (int i = 0; i < contexts.size(); i++) {
            assertThat(answers.get(i).get()[0]).isEqualTo(contexts.get(i).decisionDate().toEpochDay());
        }
        if (Runtime.getRuntime().availableProcessors() > 1
                && !"false".equalsIgnoreCase(System.getProperty(CovarianceDecisions.PARALLEL_PROPERTY))) {
            assertThat(threads).hasSizeGreaterThan(1);
        }
    }

    @Test
    void aFailingSolve_failsTheBatch_withTheEarliestDatesException_unwrapped() {
        List<RebalanceContext> contexts = monthEnds();
        long firstFailing = contexts.get(60).decisionDate().toEpochDay();
        assertThatThrownBy(() -> CovarianceDecisions.decide(contexts,
                ctx -> new double[][] {{ctx.decisionDate().toEpochDay()}},
                cov -> {
                    if (cov[0][0] >= firstFailing) {
                        throw new IllegalArgumentException("no portfolio on day " + (long) cov[0][0]);
                    }
                    return new double[] {1};
                }))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("no portfolio on day " + firstFailing)
                .hasNoCause();
    }

    @Test
    void matricesWaitingForTheirSolve_stayUnderTheByteBudget() {
        // 100 x 100 matrices (80,000 bytes) with a budget of three: at most three wait (a fourth only
        // between its estimate and the check), however slow the pool is
        List<RebalanceContext> contexts = monthEnds();
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Optional<double[]>> answers = CovarianceDecisions.decide(contexts,
                ctx -> {
                    most.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                    double[][] m = new double[100][100];
                    m[0][0] = ctx.decisionDate().toEpochDay();
                    return m;
                },
                cov -> {
                    busy();
                    waiting.decrementAndGet();
                    return new double[] {cov[0][0]};
                },
                3 * 80_000L);
        for (int i = 0; i < contexts.size(); i++) {
            assertThat(answers.get(i).get()[0]).isEqualTo(contexts.get(i).decisionDate().toEpochDay());
        }
        assertThat(most.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void datesWithoutACovariance_areAnsweredEmpty_andNotSolved() {
        List<RebalanceContext> contexts = monthEnds();
        AtomicInteger solved = new AtomicInteger();
        List<Optional<double[]>> answers = CovarianceDecisions.decide(contexts,
                ctx -> ctx.returns().length() < 1000 ? null : new double[][] {{1}},
                cov -> {
                    solved.incrementAndGet();
                    return new double[] {1};
                });
        long empty = answers.stream().filter(Optional::isEmpty).count();
        assertThat(empty).isPositive().isLessThan(contexts.size());
        assertThat(solved.get()).isEqualTo(contexts.size() - (int) empty);
    }

    /** Every month end of the ETF sample as a context holding all returns up to it (log returns, as level63). */
    private static List<RebalanceContext> monthEnds() {
        ResolvedBacktest rb = new BacktestResolver(TestData.REGISTRY).resolve(TestData.definition("level63"), TestData.etf8());
        double[][] ret = rb.returns();
        LocalDate[] dates = rb.dates();
        List<RebalanceContext> out = new ArrayList<>();
        for (int d = 1; d < dates.length; d++) {
            if (d + 1 == dates.length || dates[d + 1].getMonthValue() != dates[d].getMonthValue()) {
                out.add(new RebalanceContext(dates[d], rb.universe(), new ReturnWindow(dates, ret, 1, d)));
            }
        }
        return out;
    }

    private static void busy() {
        long until = System.nanoTime() + 200_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
