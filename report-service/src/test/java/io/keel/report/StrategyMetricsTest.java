package io.keel.report;

import io.keel.engine.calc.BacktestResult;
import io.keel.result.metrics.TrailingMetrics;
import io.keel.report.prometheus.StrategyMetrics;
import io.keel.report.support.EngineRuns;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Prometheus gauges per active definition (never per run), and the service's own request metrics. */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class StrategyMetricsTest {

    @Inject
    StrategyMetrics metrics;

    @Test
    void gauges_perActiveDefinition_carryLatestSignalLeverageStalenessDrawdownTrailingSharpeVolAndSignalAge() {
        Map<String, StrategyMetrics.Snapshot> snap = metrics.refresh();
        assertThat(snap.keySet()).containsExactlyInAnyOrder("level73", "level70-hrp", "level70-ew", "level61", "level63");

        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (EngineRuns.Example e : EngineRuns.EXAMPLES) {
            BacktestResult r = EngineRuns.results().get(e.runId());
            TrailingMetrics t = TrailingMetrics.of(r.series().column("port_ret").orElseThrow(), 0.0);
            assertThat(gauge(text, "keel_strategy_signal_leverage", e.definition())).isCloseTo(r.next().leverage(), within(1e-9));
            assertThat(gauge(text, "keel_strategy_drawdown", e.definition())).isCloseTo(t.currentDrawdown(), within(1e-9));
            assertThat(gauge(text, "keel_strategy_sharpe_1y", e.definition())).isCloseTo(t.sharpe1y(), within(1e-9));
            assertThat(gauge(text, "keel_strategy_volatility_1y", e.definition())).isCloseTo(t.volatility1y(), within(1e-9));
            assertThat(gauge(text, "keel_strategy_signal_age_days", e.definition()))
                    .isEqualTo((double) ChronoUnit.DAYS.between(r.next().asOf(), LocalDate.now(ZoneOffset.UTC)));
            // the stub serves level63's signal as STALE, a trading day behind
            boolean stale = e.definition().equals("level63");
            assertThat(gauge(text, "keel_strategy_signal_stale", e.definition())).isEqualTo(stale ? 1.0 : 0.0);
            assertThat(gauge(text, "keel_strategy_signal_trading_days_behind", e.definition())).isEqualTo(stale ? 1.0 : 0.0);
        }
        // bounded cardinality: the only label of the strategy gauges is the definition
        Matcher m = Pattern.compile("(?m)^keel_strategy_\\w+\\{([^}]*)}").matcher(text);
        int series = 0;
        while (m.find()) {
            series++;
            assertThat(m.group(1)).matches("definition=\"[^\"]+\",?");
        }
        assertThat(series).isEqualTo(5 * 7);
        assertThat(text).doesNotContain("level73-correct");
    }

    @Test
    void requestMetrics_areRecordedPerRouteTemplate_notPerRunId() {
        given().get("/reports/runs/1/summary.json").then().statusCode(200);
        given().get("/reports/runs/2/summary.json").then().statusCode(200);
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(text).contains("uri=\"/reports/runs/{id}/summary.json\"");
        assertThat(text).doesNotContain("uri=\"/reports/runs/1/summary.json\"");
        assertThat(text).contains("keel_report_cache_requests_total");
    }

    static double gauge(String text, String name, String definition) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{definition=\"" + Pattern.quote(definition) + "\",?}\\s+(\\S+)$").matcher(text);
        assertThat(m.find()).as(name + " for " + definition + " in\n" + text.lines().filter(l -> l.startsWith("keel_")).toList()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
