package io.keel.report;

import io.keel.report.support.StrategyStub;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The tracking page of a portfolio, read through the REST client from a loopback stand-in of strategy-service. */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class TrackingPageTest {

    static final String PAGE = "/reports/portfolios/" + StrategyStub.TRACKED_PORTFOLIO + "/tracking.html";

    @Test
    void trackingPage_showsStrategyServicesFigures_formatted() {
        String html = given().get(PAGE).then().statusCode(200).contentType("text/html")
                .header("Content-Security-Policy", containsString("script-src 'self'")).extract().asString();
        assertThat(html).contains("tracking difference", "-1.23%", "tracking error (annualised)", "4.57%", "cash drag", "0.04%",
                "costs paid", "17.50", "expected return (backtest)", "2.47%", "actual return", "1.23%", "101,234.56");
        assertThat(html).contains("id=\"chart-tracking-equity\"", "id=\"tracking-data\"", "Keel.tracking();");
        // the days of largest daily difference, largest first as strategy-service sent them
        assertThat(html).contains("-1.12%", "-0.77%");
        assertThat(html.indexOf("-1.12%")).isLessThan(html.indexOf("-0.77%"));
    }

    @Test
    void trackingPage_escapesThePortfolioName_inTheTextAndTheChartData() {
        String html = given().get(PAGE).then().statusCode(200).extract().asString();
        assertThat(html).doesNotContain(StrategyStub.TRACKED_NAME).doesNotContain("<script>alert");
        assertThat(html).contains("Tracking · &lt;script&gt;alert(&#39;book&#39;)&lt;/script&gt; &amp; co");
    }

    @Test
    void indexPage_listsPortfolios_linkingTheirTrackingPages_withNamesEscaped() {
        String html = given().get("/").then().statusCode(200).extract().asString();
        assertThat(html).contains("<table id=\"portfolios\">", "href=\"" + PAGE + "\"",
                "href=\"/reports/portfolios/" + StrategyStub.UNTRACKED_PORTFOLIO + "/tracking.html\"", "new-book");
        assertThat(html).doesNotContain(StrategyStub.TRACKED_NAME).contains("&lt;script&gt;alert(&#39;book&#39;)&lt;/script&gt; &amp; co");
    }

    @Test
    void unknownPortfolio_is404Problem_andABadId400NamingIt() {
        given().get("/reports/portfolios/99/tracking.html").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("portfolio 99"));
        given().get("/reports/portfolios/abc/tracking.html").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("portfolio id"));
    }

    @Test
    void portfolioWithoutOrders_getsAPageSayingThereIsNothingToTrackYet() {
        String html = given().get("/reports/portfolios/" + StrategyStub.UNTRACKED_PORTFOLIO + "/tracking.html")
                .then().statusCode(409).contentType("text/html").extract().asString();
        assertThat(html).contains("Nothing to track yet", "first signal");
    }

    @Test
    void strategyServiceDown_is503ProblemWithRetryAfter() {
        String stub = System.getProperty("keel.test.strategy-stub");
        given().post(stub + "/_stub/down?value=true").then().statusCode(204);
        try {
            given().get(PAGE).then().statusCode(503).contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
        } finally {
            given().post(stub + "/_stub/down?value=false").then().statusCode(204);
        }
    }
}
