package io.keel.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.engine.calc.BacktestResult;
import io.keel.report.support.EngineRuns;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every report format for the five example definitions, served from runs that a loopback stub of
 * strategy-service computed with the engine on the bundled prices.
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class RunReportsTest {

    static final double TOL = 1e-9;
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<EngineRuns.Example> examples() {
        return EngineRuns.EXAMPLES.stream();
    }

    static BacktestResult engine(long runId) {
        return EngineRuns.results().get(runId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void canonicalCsv_isTheEnginesDailySeriesByteForByte(EngineRuns.Example e) throws Exception {
        String body = given().get("/reports/runs/" + e.runId() + "/series.csv")
                .then().statusCode(200).contentType("text/csv").extract().asString();
        StringWriter expected = new StringWriter();
        engine(e.runId()).series().writeCsv(expected);
        assertThat(body).isEqualTo(expected.toString());
        assertThat(body).startsWith("date,price_SPY,");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void seedCsv_hasTheScriptsColumnsInTheirOrder_andTheGoldenValuesTo1e9(EngineRuns.Example e) throws Exception {
        byte[] body = given().queryParam("layout", "seed").get("/reports/runs/" + e.runId() + "/series.csv")
                .then().statusCode(200).contentType("text/csv").extract().asByteArray();
        EngineRuns.Golden ours = EngineRuns.parseCsv(new ByteArrayInputStream(body));
        EngineRuns.Golden golden = EngineRuns.golden(e.goldenCsv());
        assertThat(ours.header()).containsExactlyElementsOf(golden.header());
        assertThat(ours.dates()).isEqualTo(golden.dates());
        List<String> failures = new ArrayList<>();
        for (String col : golden.columns().keySet()) {
            double[] a = ours.column(col);
            double[] b = golden.column(col);
            for (int i = 0; i < a.length; i++) {
                boolean bothNaN = Double.isNaN(a[i]) && Double.isNaN(b[i]);
                if (!bothNaN && !(Math.abs(a[i] - b[i]) <= TOL)) {
                    failures.add(col + " on " + golden.dates().get(i) + ": golden " + b[i] + ", ours " + a[i]);
                    break;
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void summaryJson_namesWhatRan_andItsFiguresAgreeWithTheEngine(EngineRuns.Example e) throws Exception {
        JsonNode s = JSON.readTree(given().get("/reports/runs/" + e.runId() + "/summary.json")
                .then().statusCode(200).contentType("application/json").extract().asString());
        BacktestResult r = engine(e.runId());
        assertThat(s.at("/run/id").asLong()).isEqualTo(e.runId());
        assertThat(s.at("/run/definition").asText()).isEqualTo(e.definition());
        assertThat(s.at("/run/version").asInt()).isEqualTo(1);
        assertThat(s.at("/run/snapshotId").asLong()).isEqualTo(1);
        assertThat(s.at("/run/seedScript").asText()).isEqualTo(e.script());
        assertThat(s.get("startDate").asText()).isEqualTo(r.summary().startDate().toString());
        assertThat(s.get("endDate").asText()).isEqualTo(r.summary().endDate().toString());
        assertThat(s.get("days").asInt()).isEqualTo(r.summary().days());
        assertThat(s.get("riskFreeRate").asDouble()).isZero();
        for (String part : List.of("base", "portfolio")) {
            var stats = part.equals("base") ? r.summary().base() : r.summary().portfolio();
            JsonNode m = s.get(part);
            assertThat(m.get("totalReturn").asDouble()).isCloseTo(stats.totalReturn(), within(TOL));
            assertThat(m.get("cagr").asDouble()).isCloseTo(stats.cagr(), within(TOL));
            assertThat(m.get("annualVolatility").asDouble()).isCloseTo(stats.annVol(), within(TOL));
            assertThat(m.get("sharpe").asDouble()).isCloseTo(stats.sharpe(), within(TOL));
            assertThat(m.at("/maxDrawdown/depth").asDouble()).isCloseTo(stats.maxDrawdown(), within(TOL));
            for (String f : List.of("sortino", "calmar", "longestDrawdownDays", "positiveMonths", "skewness", "excessKurtosis",
                    "var95", "cvar95")) {
                assertThat(m.get(f).isNumber()).as(part + "." + f).isTrue();
            }
            for (String f : List.of("bestDay", "worstDay")) {
                assertThat(m.at("/" + f + "/date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            }
            for (String f : List.of("bestMonth", "worstMonth", "bestYear", "worstYear")) {
                assertThat(m.at("/" + f + "/period").asText()).matches("\\d{4}(-\\d{2})?");
            }
            assertThat(m.at("/maxDrawdown/trough").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        }
        assertThat(s.at("/leverage/average").asDouble()).isCloseTo(r.summary().avgLeverage(), within(TOL));
        assertThat(s.at("/leverage/max").asDouble()).isCloseTo(r.summary().maxLeverage(), within(TOL));
        assertThat(s.at("/leverage/capMax").asDouble()).isEqualTo(2.0);
        assertThat(s.at("/leverage/atMaxCap").isNumber()).isTrue();
        assertThat(s.at("/trading/annualTurnover").asDouble()).isCloseTo(r.summary().annualTurnover(), within(TOL));
        assertThat(s.at("/trading/totalCost").asDouble()).isCloseTo(r.summary().totalCost(), within(TOL));
        assertThat(s.get("diagnostics").findValuesAsText("column").contains("risk_off")).isEqualTo(e.definition().equals("level61"));
        assertThat(s.get("metricsVersion").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void seedSummaryJson_reproducesTheScriptsOwnSummaryStatistics(EngineRuns.Example e) throws Exception {
        JsonNode ours = JSON.readTree(given().queryParam("layout", "seed").get("/reports/runs/" + e.runId() + "/summary.json")
                .then().statusCode(200).extract().asString());
        JsonNode golden = JSON.readTree(EngineRuns.goldenText(e.goldenSummary()));
        List<String> diffs = new ArrayList<>();
        compare("", golden, ours, diffs);
        assertThat(diffs).isEmpty();
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> diffs) {
        if (expected.isObject()) {
            for (var it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("config")) {
                    continue;
                }
                JsonNode a = actual.get(f.getKey());
                if (a == null) {
                    diffs.add(path + "." + f.getKey() + " missing");
                } else {
                    compare(path + "." + f.getKey(), f.getValue(), a, diffs);
                }
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber() || Math.abs(expected.asDouble() - actual.asDouble()) > TOL) {
                diffs.add(path + ": golden " + expected + ", ours " + actual);
            }
        } else if (!expected.equals(actual)) {
            diffs.add(path + ": golden " + expected + ", ours " + actual);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void tearsheet_hasEveryChartTheMetricsTableAndTheLocalChartingLibrary(EngineRuns.Example e) {
        String html = given().get("/reports/runs/" + e.runId() + "/tearsheet.html")
                .then().statusCode(200).contentType("text/html").extract().asString();
        for (String id : List.of("chart-equity", "chart-drawdown", "chart-leverage", "chart-weights", "chart-monthly", "log-scale",
                "id=\"metrics\"", "tearsheet-data", "console-errors")) {
            assertThat(html).contains(id);
        }
        assertThat(html).contains("<script src=\"/webjars/echarts/5.5.0/echarts.min.js\"></script>");
        assertThat(html).doesNotContain("http://", "https://");
        assertThat(html).contains("series.csv?layout=seed");
        given().get("/webjars/echarts/5.5.0/echarts.min.js").then().statusCode(200);
        given().get("/assets/keel-charts.js").then().statusCode(200);
    }

    @Test
    void seedLayout_ofADefinitionThatReproducesNoScript_isA400NamingLayout() {
        given().queryParam("layout", "seed").get("/reports/runs/" + EngineRuns.CORRECT_LEVEL73 + "/series.csv")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("layout"));
        given().get("/reports/runs/" + EngineRuns.CORRECT_LEVEL73 + "/series.csv").then().statusCode(200);
        String html = given().get("/reports/runs/" + EngineRuns.CORRECT_LEVEL73 + "/tearsheet.html").then().statusCode(200)
                .extract().asString();
        assertThat(html).doesNotContain("layout=seed");
    }

    @Test
    void comparison_putsSeedCompatibleAndCorrectRunsSideBySide_inJsonAndHtml() throws Exception {
        JsonNode c = JSON.readTree(given().queryParam("runs", "1,6").get("/reports/compare")
                .then().statusCode(200).contentType("application/json").extract().asString());
        assertThat(c.get("runs")).hasSize(2);
        assertThat(c.at("/runs/0/run/definition").asText()).isEqualTo("level73");
        assertThat(c.at("/runs/1/run/definition").asText()).isEqualTo("level73-correct");
        JsonNode cagr = null;
        for (JsonNode row : c.get("metrics")) {
            if (row.get("key").asText().equals("portfolio.cagr")) {
                cagr = row;
            }
        }
        assertThat(cagr).isNotNull();
        assertThat(cagr.at("/values/0").asDouble()).isCloseTo(engine(1).summary().portfolio().cagr(), within(TOL));
        assertThat(cagr.at("/values/1").asDouble()).isCloseTo(engine(6).summary().portfolio().cagr(), within(TOL));

        String html = given().queryParam("runs", "1,6").get("/reports/compare.html")
                .then().statusCode(200).contentType("text/html").extract().asString();
        assertThat(html).contains("chart-compare-equity", "chart-compare-drawdown", "id=\"comparison\"", "level73-correct");
    }

    @Test
    void indexPage_listsDefinitionsRunsAndLatestSignals() {
        String html = given().get("/").then().statusCode(200).contentType("text/html").extract().asString();
        for (EngineRuns.Example e : EngineRuns.EXAMPLES) {
            assertThat(html).contains(">" + e.definition() + "<");
            assertThat(html).contains("/reports/runs/" + e.runId() + "/tearsheet.html");
        }
        assertThat(html).contains("id=\"signals\"", "id=\"definitions\"", "id=\"runs\"", "RUNNING");
        // every active definition's latest signal with its staleness: level63's is STALE, with the reason in words
        assertThat(html).contains("trading days behind", "<span class=\"badge\">FRESH</span>", "<span class=\"badge stale\">STALE</span>",
                "1 trading day behind");
        assertThat(html.split("data-status=\"STALE\"", -1)).hasSize(2);
        assertThat(html.split("data-status=\"FRESH\"", -1)).hasSize(EngineRuns.EXAMPLES.size());
    }

    @Test
    void unknownRun_is404ProblemJson_onEveryFormat() {
        for (String path : List.of("/series.csv", "/series.csv?layout=seed", "/summary.json", "/tearsheet.html")) {
            given().get("/reports/runs/999" + path).then().statusCode(404).contentType("application/problem+json")
                    .body("status", org.hamcrest.Matchers.equalTo(404))
                    .body("detail", org.hamcrest.Matchers.containsString("run 999"));
        }
        given().queryParam("runs", "1,999").get("/reports/compare").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badParameters_are400ProblemJsonNamingTheParameter() {
        expect400(given().get("/reports/runs/abc/summary.json"), "id");
        expect400(given().get("/reports/runs/-3/series.csv"), "id");
        expect400(given().queryParam("layout", "excel").get("/reports/runs/1/series.csv"), "layout");
        expect400(given().queryParam("rf", "two percent").get("/reports/runs/1/summary.json"), "rf");
        expect400(given().queryParam("rf", "5").get("/reports/runs/1/tearsheet.html"), "rf");
        expect400(given().get("/reports/compare"), "runs");
        expect400(given().queryParam("runs", "1,x").get("/reports/compare"), "runs");
        expect400(given().queryParam("runs", "1,1").get("/reports/compare.html"), "runs");
    }

    private static void expect400(Response r, String field) {
        r.then().statusCode(400).contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(400))
                .body("errors[0].field", org.hamcrest.Matchers.equalTo(field));
    }

    @Test
    void openApi_documentsTheReportEndpoints() {
        String api = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(api).contains("/reports/runs/{id}/series.csv", "/reports/runs/{id}/summary.json",
                "/reports/runs/{id}/tearsheet.html", "/reports/compare", "/reports/compare.html");
    }

    @Test
    void runWithoutOutputs_is409ProblemJson() {
        given().get("/reports/runs/7/summary.json").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("RUNNING"));
    }

    @Test
    void riskFreeRate_lowersSharpe_andIsEchoed() throws Exception {
        JsonNode zero = JSON.readTree(given().get("/reports/runs/1/summary.json").then().statusCode(200).extract().asString());
        JsonNode two = JSON.readTree(given().queryParam("rf", "0.02").get("/reports/runs/1/summary.json").then().statusCode(200)
                .extract().asString());
        assertThat(two.get("riskFreeRate").asDouble()).isEqualTo(0.02);
        assertThat(two.at("/portfolio/sharpe").asDouble()).isLessThan(zero.at("/portfolio/sharpe").asDouble());
        assertThat(two.at("/portfolio/cagr").asDouble()).isEqualTo(zero.at("/portfolio/cagr").asDouble());
    }

    @Test
    void thirdPartyOverlaysDiagnostics_areInTheSummaryAndTheTearsheet_fromThePluginsOwnDeclaration() throws Exception {
        long id = EngineRuns.THIRD_PARTY_OVERLAY;
        JsonNode s = JSON.readTree(given().get("/reports/runs/" + id + "/summary.json").then().statusCode(200).extract().asString());
        List<String> columns = s.get("diagnostics").findValuesAsText("column");
        assertThat(columns).contains("cap_cut", "capped_assets");
        JsonNode cut = null;
        for (JsonNode d : s.get("diagnostics")) {
            if (d.get("column").asText().equals("cap_cut")) {
                cut = d;
            }
        }
        assertThat(cut.get("overlay").asText()).isEqualTo("example-weight-cap");
        double[] engineCut = engine(id).series().column("cap_cut").orElseThrow();
        assertThat(cut.get("max").asDouble()).isEqualTo(java.util.Arrays.stream(engineCut).filter(x -> !Double.isNaN(x)).max().orElseThrow());
        assertThat(cut.get("max").asDouble()).as("a 10% cap on level70-ew's equal weights (1/8 each) cuts something").isPositive();

        String html = given().get("/reports/runs/" + id + "/tearsheet.html").then().statusCode(200).extract().asString();
        assertThat(html).contains("cap_cut (example-weight-cap)").contains("capped_assets (example-weight-cap)");
        assertThat(html).contains("\"overlay\":\"example-weight-cap\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void storedHeadline_andReportAtRiskFreeZero_areTheSameNumbers(EngineRuns.Example e) throws Exception {
        JsonNode s = JSON.readTree(given().queryParam("rf", "0").get("/reports/runs/" + e.runId() + "/summary.json")
                .then().statusCode(200).extract().asString());
        var stored = engine(e.runId()).summary();
        // one implementation: the figure the index shows (stored with the run) is the tearsheet's, bit for bit
        assertThat(s.at("/portfolio/sharpe").asDouble()).isEqualTo(stored.portfolio().sharpe());
        assertThat(s.at("/portfolio/cagr").asDouble()).isEqualTo(stored.portfolio().cagr());
        assertThat(s.at("/base/annualVolatility").asDouble()).isEqualTo(stored.base().annVol());
        assertThat(s.at("/portfolio/maxDrawdown/depth").asDouble()).isEqualTo(stored.portfolio().maxDrawdown());
    }

    @Test
    void index_fillsTheDefinitionsVersion_andShowsAFailedRunsReason() {
        String html = given().get("/").then().statusCode(200).extract().asString();
        assertThat(html).contains("<td>" + EngineRuns.THIRD_PARTY_DEFINITION + "</td><td>2</td>");
        assertThat(html).contains("FAILED: " + io.keel.report.support.StrategyStub.FAILED_REASON.replace("<", "&lt;").replace(">", "&gt;"));
        assertThat(html).contains("Sharpe (rf 0)");
    }

    @Test
    void benchmarkSymbol_addsTheRelativeFigures_withTheBenchmarksCagrFromItsOwnCloses() throws Exception {
        JsonNode b = JSON.readTree(given().queryParam("benchmark", "spy").get("/reports/runs/1/summary.json")
                .then().statusCode(200).extract().asString()).get("benchmark");
        double[] spy = engine(1).series().column("price_SPY").orElseThrow();
        int n = spy.length - 1; // the first row has no previous close: left out
        assertThat(b.get("benchmark").asText()).isEqualTo("SPY");
        assertThat(b.get("days").asInt()).isEqualTo(n);
        assertThat(b.get("droppedDays").asInt()).isEqualTo(1);
        assertThat(b.get("benchmarkCagr").asDouble()).isCloseTo(Math.pow(spy[n] / spy[0], 252.0 / n) - 1, within(1e-9));
        assertThat(b.get("excessCagr").asDouble()).isCloseTo(b.get("strategyCagr").asDouble() - b.get("benchmarkCagr").asDouble(), within(1e-15));
        assertThat(b.get("rSquared").asDouble()).isCloseTo(Math.pow(b.get("correlation").asDouble(), 2), within(1e-15));
        assertThat(b.get("years").size()).isGreaterThan(10);
    }

    @Test
    void benchmarkRun_againstItself_isBetaOneWithoutTrackingError_andAMixIsWeightedDaily() throws Exception {
        JsonNode self = JSON.readTree(given().queryParam("benchmark", "run:2").get("/reports/runs/2/summary.json")
                .then().statusCode(200).extract().asString()).get("benchmark");
        assertThat(self.get("beta").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(self.get("trackingError").asDouble()).isZero();
        assertThat(self.get("droppedDays").asInt()).isZero();
        JsonNode mix = JSON.readTree(given().queryParam("benchmark", "SPY:0.6,TLT:0.4").get("/reports/runs/2/summary.json")
                .then().statusCode(200).extract().asString()).get("benchmark");
        assertThat(mix.get("benchmark").asText()).isEqualTo("60.00% SPY + 40.00% TLT (rebalanced daily)");
        String html = given().queryParam("benchmark", "SPY:0.6,TLT:0.4").get("/reports/runs/2/tearsheet.html")
                .then().statusCode(200).extract().asString();
        assertThat(html).contains("Against the benchmark: 60.00% SPY + 40.00% TLT").contains("<table id=\"years\">")
                .contains("\"strategyEquity\"");
    }

    @Test
    void badBenchmarks_are400NamingTheBenchmark() {
        for (String bad : List.of("XYZ", "SPY:0.5,TLT:0.4", "SPY:abc", "run:0", "SPY,TLT", "<script>", "run:7", "SPY:0.5,SPY:0.5",
                "SPY\u0000", "X".repeat(501), "run:99999999999999999999", "SPY:NaN", "SPY:1e400")) {
            given().queryParam("benchmark", bad).get("/reports/runs/1/summary.json").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("benchmark"));
        }
    }

    @Test
    void tearsheetOfARunWithoutOutputs_isAnHtmlPageSayingSo_withTheFailuresReason() {
        String running = given().get("/reports/runs/" + io.keel.report.support.StrategyStub.RUNNING_RUN + "/tearsheet.html")
                .then().statusCode(409).contentType("text/html").extract().asString();
        assertThat(running).contains("This run is running").contains("data-status=\"RUNNING\"");
        String failed = given().get("/reports/runs/" + io.keel.report.support.StrategyStub.FAILED_RUN + "/tearsheet.html")
                .then().statusCode(409).contentType("text/html").extract().asString();
        assertThat(failed).contains("This run failed")
                .contains(io.keel.report.support.StrategyStub.FAILED_REASON.replace("<", "&lt;").replace(">", "&gt;"))
                .doesNotContain("<XYZ>");
    }

    @Test
    void tearsheet_hasTheWorstDrawdownsAndMonthlyReturnsWithAYearlyColumn() throws Exception {
        String html = given().get("/reports/runs/5/tearsheet.html").then().statusCode(200).extract().asString();
        assertThat(html).contains("<table id=\"drawdowns\">").contains("<table id=\"monthly\">");
        String drawdowns = html.substring(html.indexOf("<table id=\"drawdowns\">"), html.indexOf("</table>", html.indexOf("<table id=\"drawdowns\">")));
        assertThat(drawdowns.split("<tr><td>", -1)).hasSize(11);
        JsonNode s = JSON.readTree(given().get("/reports/runs/5/summary.json").then().statusCode(200).extract().asString());
        // the deepest of the ten is the run's maximum drawdown
        assertThat(drawdowns).contains(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * s.at("/portfolio/maxDrawdown/depth").asDouble()));
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "<b>%.2f%%</b>", 100 * s.at("/portfolio/worstYear/value").asDouble()));
    }

    @Test
    void comparePage_warnsWhenTheRunsCoverDifferentPeriods() throws Exception {
        JsonNode a = JSON.readTree(given().get("/reports/runs/1/summary.json").then().statusCode(200).extract().asString());
        JsonNode b = JSON.readTree(given().get("/reports/runs/8/summary.json").then().statusCode(200).extract().asString());
        assertThat(a.get("startDate").asText() + a.get("endDate").asText()).as("the stub runs 1 and 8 cover different periods")
                .isNotEqualTo(b.get("startDate").asText() + b.get("endDate").asText());
        assertThat(given().get("/reports/compare.html?runs=1,8").then().statusCode(200).extract().asString())
                .contains("id=\"period-warning\"").contains("run 1 " + a.get("startDate").asText());
        assertThat(given().get("/reports/compare.html?runs=2,3").then().statusCode(200).extract().asString())
                .doesNotContain("period-warning");
    }
}
