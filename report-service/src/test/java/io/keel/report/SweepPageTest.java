package io.keel.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.report.support.StrategyStubResource;
import io.keel.report.support.SweepStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The sweep page against a loopback strategy-service whose sweep 1 is a real grid of the engine on the bundled prices
 * (3 vol targets x 2 last symbols, one hostile, x 2 brake thresholds: 6 valid, 6 invalid) with the overfitting
 * library's walk-forward, PBO and DSR: the page's figures are checked against what that stub serves.
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class SweepPageTest {

    static final String PAGE = "/reports/sweeps/" + SweepStub.SWEEP + "/sweep.html";
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode stub(String path) throws Exception {
        String base = System.getProperty("keel.test.strategy-stub");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return M.readTree(r.body());
    }

    /** A GET of a path and query already encoded (RestAssured would encode the %-escapes again). */
    static io.restassured.response.Response get(String pathAndQuery) {
        return given().urlEncodingEnabled(false).get(pathAndQuery);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The cells of the page's table with that id, row by row. */
    static List<List<String>> table(String html, String id) {
        Matcher t = Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(html);
        assertThat(t.find()).as("table " + id).isTrue();
        String body = t.group(1).substring(t.group(1).indexOf("<tbody>"));
        List<List<String>> rows = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(body);
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) {
                cells.add(td.group(1).replaceAll("<[^>]+>", ""));
            }
            rows.add(cells);
        }
        return rows;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    @Test
    void heatmapCells_areTheResultsOfTheVariantsWithThoseValues_atTheBestVariantsBrakeThreshold_andEmptyWhereNoVariantRan() throws Exception {
        JsonNode results = stub("/api/v1/sweeps/1/results?limit=100&sort=-sharpe");
        assertThat(results.get("matching").asInt()).isEqualTo(6);
        JsonNode best = results.get("rows").get(0);
        String brake = best.get("values").get(SweepStub.BRAKE).asText();
        String html = get(PAGE).then().statusCode(200).contentType("text/html")
                .header("Content-Security-Policy", containsString("script-src 'self'")).extract().asString();
        // default: the sweep's ranking figure (sharpe), x = vol target, y = the symbol, the brake at the best variant's value
        assertThat(html).contains("Sharpe over " + SweepStub.VOL + " × " + SweepStub.SYMBOL + " at " + SweepStub.BRAKE + " = " + brake);
        List<List<String>> cells = table(html, "sweep-heatmap-values");
        assertThat(cells).hasSize(2);
        assertThat(cells.get(0).get(0)).isEqualTo("GLD");
        String[] vols = {"0.08", "0.1", "0.12"};
        for (int c = 0; c < 3; c++) {
            JsonNode row = null;
            for (JsonNode r : results.get("rows")) {
                if (r.get("values").get(SweepStub.VOL).asText().equals(vols[c]) && r.get("values").get(SweepStub.BRAKE).asText().equals(brake)) {
                    row = r;
                }
            }
            assertThat(row).as("variant at vol " + vols[c]).isNotNull();
            assertThat(cells.get(0).get(c + 1)).isEqualTo(String.format(Locale.ROOT, "%.2f", row.get("metrics").get("sharpe").asDouble()));
        }
        // the hostile symbol's row: every combination was invalid, so every cell is empty, and the symbol is escaped
        assertThat(cells.get(1).get(0)).isEqualTo("&lt;script&gt;alert(&#39;sym&#39;)&lt;/script&gt;");
        assertThat(cells.get(1).subList(1, 4)).containsOnly("–");
        assertThat(html).doesNotContain(SweepStub.HOSTILE_SYMBOL).doesNotContain("<script>alert");
        // the chart data holds the cells too, with the hostile text unable to close the script element
        assertThat(html).contains("\\u003cscript>alert('sym')\\u003c/script>");
    }

    @Test
    void anotherFigureAndAxes_withAFixedValue_showThoseVariants() throws Exception {
        JsonNode results = stub("/api/v1/sweeps/1/results?limit=100&sort=index");
        String html = get(PAGE + "?metric=maxDrawdown&x=" + enc(SweepStub.BRAKE) + "&y=" + enc(SweepStub.VOL) + "&fix="
                + enc(SweepStub.SYMBOL + "=GLD")).then().statusCode(200).extract().asString();
        List<List<String>> cells = table(html, "sweep-heatmap-values");
        assertThat(cells).hasSize(3);
        for (JsonNode r : results.get("rows")) {
            int row = List.of("0.08", "0.1", "0.12").indexOf(r.get("values").get(SweepStub.VOL).asText());
            int col = List.of("0.1", "0.15").indexOf(r.get("values").get(SweepStub.BRAKE).asText());
            assertThat(cells.get(row).get(col + 1)).isEqualTo(pct(r.get("metrics").get("maxDrawdown").asDouble()));
        }
    }

    @Test
    void variantsTable_isSortedByTheChosenFigure_withLinksToSortByAnyColumn_andTheCsv() throws Exception {
        JsonNode results = stub("/api/v1/sweeps/1/results?limit=100&sort=annualVolatility");
        String html = get(PAGE + "?sort=annualVolatility&top=4").then().statusCode(200).extract().asString();
        List<List<String>> rows = table(html, "sweep-variants");
        assertThat(rows).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(rows.get(i).get(0)).isEqualTo(results.get("rows").get(i).get("index").asText());
        }
        assertThat(html).contains("Variants: the first 4 of 6 by annualVolatility", "sort=-sharpe", "sort=-cagr", "results.csv?sort=annualVolatility");
    }

    @Test
    void overfittingStatistics_areStrategyServicesDsrAndPbo_withAReading() throws Exception {
        JsonNode a = stub("/api/v1/sweeps/1/analysis");
        double dsr = a.get("deflatedSharpe").get("probability").asDouble();
        double pbo = a.get("pbo").get("probability").asDouble();
        String html = get(PAGE).then().statusCode(200).extract().asString();
        List<List<String>> rows = table(html, "sweep-overfitting");
        assertThat(rows.get(0).get(0)).isEqualTo("Deflated Sharpe Ratio");
        assertThat(rows.get(0).get(1)).isEqualTo(String.format(Locale.ROOT, "%.4f", dsr));
        assertThat(rows.get(0).get(2)).startsWith(String.format(Locale.ROOT, "DSR %.2f: the probability that the best variant", dsr))
                .contains("6 variants without skill");
        assertThat(rows.get(1).get(1)).isEqualTo(String.format(Locale.ROOT, "%.4f", pbo));
        assertThat(rows.get(1).get(2)).startsWith(String.format(Locale.ROOT, "PBO %.2f: in %d%% of the %,d splits of the 16 blocks", pbo,
                Math.round(pbo * 100), a.get("pbo").get("combinations").asInt())).contains("ranked at or below the median of the 6 variants");
        // the folds as strategy-service chose them
        List<List<String>> folds = table(html, "sweep-folds");
        assertThat(folds).hasSize(a.get("walkForward").get("folds").size());
        assertThat(folds.get(0).get(3)).isEqualTo(a.get("walkForward").get("folds").get(0).get("variantIndex").asText());
    }

    @Test
    void stitchedOutOfSampleEquity_endsAtStrategyServicesOutOfSampleTotalReturn() throws Exception {
        JsonNode a = stub("/api/v1/sweeps/1/analysis");
        String html = get(PAGE).then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"sweep-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode data = M.readTree(m.group(1));
        JsonNode equity = data.get("walkForward").get("equity");
        assertThat(equity.size()).isEqualTo(a.get("walkForward").get("outOfSample").get("days").asInt());
        assertThat(equity.get(equity.size() - 1).asDouble() - 1)
                .isCloseTo(a.get("walkForward").get("outOfSample").get("totalReturn").asDouble(), within(1e-9));
        assertThat(data.get("walkForward").get("dates").get(0).asText())
                .startsWith(a.get("walkForward").get("outOfSample").get("first").asText());
        // the best five variants' curves, best first by the figure
        JsonNode results = stub("/api/v1/sweeps/1/results?limit=5&sort=-sharpe");
        assertThat(data.get("curves").size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(data.get("curves").get(i).get("variant").asInt()).isEqualTo(results.get("rows").get(i).get("index").asInt());
            assertThat(data.get("curves").get(i).get("equity").get(0).asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void secondView_isServedFromTheCache() {
        String q = PAGE + "?metric=cagr";
        get(q).then().statusCode(200);
        get(q).then().statusCode(200).header("X-Keel-Cache", "hit");
    }

    @Test
    void badParameters_are400ProblemsNamingTheParameter() {
        refused(get(PAGE + "?metric=foo").then(), "metric");
        refused(get(PAGE + "?x=" + enc("/overlays/9/params/nope")).then(), "x");
        refused(get(PAGE + "?x=" + enc(SweepStub.VOL) + "&y=" + enc(SweepStub.VOL)).then(), "y");
        refused(get(PAGE + "?fix=" + enc(SweepStub.BRAKE + "=0.5")).then(), "fix");
        refused(get(PAGE + "?fix=" + enc("/start=2012-01-01")).then(), "fix");
        refused(get(PAGE + "?sort=-beauty").then(), "sort");
        refused(get(PAGE + "?top=0").then(), "top");
        refused(get(PAGE + "?curves=ten").then(), "curves");
        refused(get(PAGE + "?window=sideways").then(), "window");
        refused(get(PAGE + "?blocks=3").then(), "blocks");
        // strategy-service refuses an in-sample window as long as the sweep: the same parameter is named
        refused(get(PAGE + "?inSampleMonths=900").then(), "inSampleMonths");
        refused(get("/reports/sweeps/abc/sweep.html").then(), "id");
    }

    private static void refused(ValidatableResponse r, String field) {
        r.statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(field))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void unknownSweep_is404Problem() {
        get("/reports/sweeps/99/sweep.html").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("sweep 99"));
    }

    @Test
    void runningSweep_getsAPageOfItsProgress_andAFailedOneItsReason() {
        String running = get("/reports/sweeps/" + SweepStub.RUNNING + "/sweep.html").then().statusCode(409)
                .contentType("text/html").extract().asString();
        assertThat(running).contains("This sweep is running", "16 of 40 valid variants done (40.00%)", "2.5 variants/s", "10 s to go",
                "data-status=\"RUNNING\"");
        String failed = get("/reports/sweeps/" + SweepStub.FAILED + "/sweep.html").then().statusCode(409)
                .contentType("text/html").extract().asString();
        assertThat(failed).contains("This sweep failed", "market data could not serve snapshot 1 &lt;while&gt; running chunk 0");
    }

    @Test
    void sweepWithoutAnalysis_showsItsPage_withStrategyServicesReason() {
        String html = get("/reports/sweeps/" + SweepStub.ONE_VARIANT + "/sweep.html").then().statusCode(200).extract().asString();
        assertThat(html).contains("id=\"analysis-unavailable\"", "has 1 variants with results; the analysis compares at least 2");
        assertThat(table(html, "sweep-heatmap-values")).hasSize(1);
    }

    @Test
    void resultsCsv_isStrategyServicesCsv_inTheChosenOrder() throws Exception {
        JsonNode results = stub("/api/v1/sweeps/1/results?limit=100&sort=-cagr");
        String csv = get("/reports/sweeps/1/results.csv?sort=-cagr").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        String[] lines = csv.split("\n");
        assertThat(lines[0]).startsWith("index," + SweepStub.VOL + "," + SweepStub.SYMBOL + "," + SweepStub.BRAKE + ",cagr,");
        assertThat(lines).hasSize(7);
        assertThat(lines[1]).startsWith(results.get("rows").get(0).get("index").asText() + ",");
        get("/reports/sweeps/1/results.csv?sort=nope").then().statusCode(400).body("errors[0].field", equalTo("sort"));
    }

    @Test
    void sweepsIndex_listsEverySweep_linkingItsPage_andTheIndexLinksTheSweeps() {
        String html = get("/reports/sweeps/").then().statusCode(200).extract().asString();
        assertThat(html).contains("href=\"" + PAGE + "\"", "href=\"/reports/sweeps/" + SweepStub.RUNNING + "/sweep.html\">progress",
                "href=\"/reports/sweeps/" + SweepStub.FAILED + "/sweep.html\">reason", "16 / 40");
        get("/").then().statusCode(200).body(containsString("href=\"/reports/sweeps/\""));
    }
}
