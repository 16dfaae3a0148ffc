package io.keel.engine;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Definitions without seedScript get what the plugins' names promise. */
class DefaultsDoWhatTheirNamesSayTest {

    /** level63's decision structure (log returns, same-day calendar labels, shrunk 252-day covariance) with a risk-parity scheme. */
    private static BacktestDefinition riskParity(String solverParam) {
        return DefinitionJson.parse("""
                {"name": "rp", "universe": ["SPY","QQQ","IWM","EFA","EEM","TLT","LQD","GLD"], "start": "2010-01-01",
                 "rebalance": {"frequency": "MONTHLY", "calendar": "CALENDAR_END_LABEL", "initial": false},
                 "weightScheme": {"id": "risk-parity", "params": {"lookbackDays": 252, "minHistory": 252,
                     "covariance": "diagonal-shrinkage", "shrinkage": 0.3 %s}},
                 "semantics": {"returns": "LOG", "executionLag": 0, "holding": "CONSTANT"}}
                """.formatted(solverParam));
    }

    private static double[] weightsOn(BacktestResult r, LocalDate date) {
        int row = r.series().dates().indexOf(date);
        assertThat(row).as("row of " + date).isNotNegative();
        double[] w = new double[TestData.ETF8.size()];
        for (int a = 0; a < w.length; a++) {
            w[a] = r.series().value("w_" + TestData.ETF8.get(a), row);
        }
        return w;
    }

    @Test
    void riskParity_byDefault_equalisesRiskContributions_whereLevel63sLoopPinsAssetsAtZero() {
        LocalDate day = LocalDate.of(2016, 2, 29);
        double[] exact = weightsOn(TestData.run(riskParity("")), day);
        // the covariance that decision used, computed here independently: 252 log returns through the day,
        // sample covariance (ddof 1) shrunk 30% towards its diagonal
        int n = TestData.ETF8.size();
        double[][] logReturns = new double[252][n];
        for (int a = 0; a < n; a++) {
            var series = TestData.etf8().series(TestData.ETF8.get(a)).orElseThrow();
            int end = java.util.Arrays.asList(series.dates()).indexOf(day);
            for (int k = 0; k < 252; k++) {
                int t = end - 251 + k;
                logReturns[k][a] = Math.log(series.prices()[t]) - Math.log(series.prices()[t - 1]);
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double mi = 0;
                double mj = 0;
                for (double[] row : logReturns) {
                    mi += row[i] / 252;
                    mj += row[j] / 252;
                }
                double s = 0;
                for (double[] row : logReturns) {
                    s += (row[i] - mi) * (row[j] - mj);
                }
                c[i][j] = s / 251 * (i == j ? 1.0 : 0.7);
            }
        }
        double variance = 0;
        double[] marginal = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                marginal[i] += c[i][j] * exact[j];
            }
            variance += exact[i] * marginal[i];
        }
        for (int a = 0; a < n; a++) {
            assertThat(exact[a]).as(TestData.ETF8.get(a)).isPositive();
            assertThat(exact[a] * marginal[a] / variance).as("risk share of " + TestData.ETF8.get(a))
                    .isCloseTo(1.0 / n, within(1e-9));
        }
        double[] loop = weightsOn(TestData.run(riskParity(", \"solver\": \"multiplicative\"")), day);
        // level63's capped loop floors the three defensives at 0 for good on that day: no equal risk there
        assertThat(java.util.Arrays.stream(loop).filter(w -> w == 0.0).count()).isEqualTo(3);
        assertThat(loop[TestData.ETF8.indexOf("LQD")]).isZero();
    }

    private static BacktestDefinition buckets(double risk, double def, String remainder) {
        return DefinitionJson.parse("""
                {"name": "b", "universe": ["SPY","QQQ","TLT"], "groups": {"defensive": ["TLT"]}, "start": "2015-01-01",
                 "rebalance": {"frequency": "MONTHLY"}, "cashRate": 0.0,
                 "weightScheme": {"id": "static-buckets", "params": {"riskShare": %s, "defensiveShare": %s %s}}}
                """.formatted(risk, def, remainder == null ? "" : ", \"remainder\": \"" + remainder + "\""));
    }

    @Test
    void staticBuckets_sharesNotSummingToOne_areRefusedNamingTheField_unlessTheRemainderIsSaid() {
        assertThatThrownBy(() -> TestData.run(buckets(0.6, 0.2, null)))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).violations())
                        .anySatisfy(v -> {
                            assertThat(v.field()).isEqualTo("weightScheme.params.riskShare");
                            assertThat(v.message()).contains("not 1").contains("remainder");
                        }));
        // cash: 60/20 and 20% cash
        BacktestResult cash = TestData.run(buckets(0.6, 0.2, "cash"));
        assertThat(cash.series().value("w_SPY", 0)).isCloseTo(0.3, within(1e-12));
        assertThat(cash.series().value("w_TLT", 0)).isCloseTo(0.2, within(1e-12));
        // normalise: the level73 script's 75/25
        BacktestResult scaled = TestData.run(buckets(0.6, 0.2, "normalise"));
        assertThat(scaled.series().value("w_SPY", 0)).isCloseTo(0.375, within(1e-12));
        assertThat(scaled.series().value("w_TLT", 0)).isCloseTo(0.25, within(1e-12));
        // and 60/40 needs no remainder
        assertThat(TestData.run(buckets(0.6, 0.4, null)).series().value("w_TLT", 0)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void staticBuckets_aShareForAnEmptyBucket_isRefused_withoutNormalise() {
        BacktestDefinition d = DefinitionJson.parse("""
                {"name": "b", "universe": ["SPY","QQQ"], "groups": {"defensive": []}, "start": "2015-01-01",
                 "weightScheme": {"id": "static-buckets", "params": {"riskShare": 0.6, "defensiveShare": 0.4}}}
                """);
        assertThatThrownBy(() -> TestData.run(d)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("defensiveShare");
    }
}
