package io.keel.report;

import io.keel.report.report.ReportService;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue 17's classes on report-service: text that cannot be stored in a parameter, an empty list of runs, and the
 * headers every answer carries (nosniff, no framing) with a script policy on the HTML pages.
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class HostileInputTest {

    private static ValidatableResponse get(String rawPathAndQuery) {
        return given().urlEncodingEnabled(false).get(rawPathAndQuery).then();
    }

    private static void refused(ValidatableResponse r, String field) {
        r.statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors[0].field", equalTo(field)).body("detail", not(containsString("Exception")));
    }

    @Test
    void nulInParameters_andEmptyLists_are400NamingTheParameter() {
        refused(get("/reports/runs/1/summary.json?layout=%00"), "layout");
        refused(get("/reports/runs/1/summary.json?rf=0.01%00"), "rf");
        refused(get("/reports/runs/1%00/series.csv"), "id");
        refused(get("/reports/compare?runs=,,,,"), "runs");
        refused(get("/reports/compare?runs=1,,6"), "runs");
        refused(get("/reports/compare.html?runs=,"), "runs");
        refused(get("/reports/sweeps/1/sweep.html?metric=%00"), "metric");
        refused(get("/reports/sweeps/1/sweep.html?fix=%2Funiverse%2F7%3D%00"), "fix");
        refused(get("/reports/sweeps/1%00/results.csv"), "id");
    }

    @Test
    void htmlPages_sendAScriptPolicy_andEveryAnswerNosniffAndNoFraming() {
        for (String page : new String[] {"/", "/reports/runs/1/tearsheet.html", "/reports/compare.html?runs=1,6", "/reports/sweeps/",
                "/reports/sweeps/1/sweep.html"}) {
            given().get(page).then().statusCode(200).contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", equalTo(ReportService.CONTENT_SECURITY_POLICY))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self' 'sha256-"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"));
        }
        given().get("/reports/runs/1/summary.json").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Content-Security-Policy", nullValue());
        given().get("/reports/runs/abc/summary.json").then().statusCode(400).header("X-Content-Type-Options", equalTo("nosniff"));
        // Swagger UI is HTML too: it may not be framed
        given().get("/q/swagger-ui/").then().statusCode(200).header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"));
    }
}
