package io.keel.report;

import io.keel.report.report.ReportCache;
import io.keel.report.support.EngineRuns;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Reports are rendered once per run, format and variant, and never served for another run version. */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class ReportCacheTest {

    static final long RUN = EngineRuns.CORRECT_LEVEL73;

    @Inject
    ReportCache cache;

    @Test
    void secondRequest_isServedFromTheCacheWithoutReadingTheSeriesAgain_andANewRunVersionIsRenderedAfresh() throws Exception {
        String url = "/reports/runs/" + RUN + "/summary.json";
        String first = given().queryParam("rf", "0.0125").get(url).then().statusCode(200)
                .header("X-Keel-Cache", "miss").extract().asString();
        int seriesReads = stub("/_stub/series-requests");
        String second = given().queryParam("rf", "0.0125").get(url).then().statusCode(200)
                .header("X-Keel-Cache", "hit").extract().asString();
        assertThat(second).isEqualTo(first);
        assertThat(stub("/_stub/series-requests")).as("a hit does not read the series").isEqualTo(seriesReads);

        // another format or variant of the same run is another entry
        given().queryParam("rf", "0.0125").get("/reports/runs/" + RUN + "/tearsheet.html").then().statusCode(200)
                .header("X-Keel-Cache", "miss");
        given().get("/reports/runs/" + RUN + "/series.csv").then().header("X-Keel-Cache", "miss");
        given().get("/reports/runs/" + RUN + "/series.csv").then().header("X-Keel-Cache", "hit");
        assertThat(cache.count(RUN)).isGreaterThanOrEqualTo(3);

        // the same run id now denotes outputs of another definition version: never the stale report
        stub("/_stub/version?run=" + RUN + "&version=2");
        try {
            given().queryParam("rf", "0.0125").get(url).then().statusCode(200)
                    .header("X-Keel-Cache", "miss").body("run.version", equalTo(2));
            given().queryParam("rf", "0.0125").get(url).then().statusCode(200)
                    .header("X-Keel-Cache", "hit").body("run.version", equalTo(2));
        } finally {
            stub("/_stub/version?run=" + RUN + "&version=1");
        }
        given().queryParam("rf", "0.0125").get(url).then().header("X-Keel-Cache", "miss").body("run.version", equalTo(1));
    }

    /** issue 17: the cache upsert under 20 concurrent renderings of one report: no 500, one entry, then hits. */
    @Test
    void concurrentRequestsOfOneReport_storeOneEntry_andNeverFail() throws Exception {
        String url = "/reports/runs/" + RUN + "/summary.json?rf=0.0321";
        java.util.List<io.keel.common.testing.Concurrent.Answer> answers =
                io.keel.common.testing.Concurrent.all(20, i -> () -> io.keel.common.testing.Concurrent.send("GET", url, null));
        assertThat(answers).allSatisfy(a -> assertThat(a.isOrderlyOrRefusedWithAReason()).as(a.toString()).isTrue());
        assertThat(answers.stream().filter(a -> a.status() == 200).map(a -> a.body()).distinct().count()).isEqualTo(1);
        given().get(url).then().statusCode(200).header("X-Keel-Cache", "hit");
    }

    @Test
    void runWithoutFinishTime_isNeverCached() {
        given().get("/reports/runs/7/summary.json").then().statusCode(409);
        assertThat(cache.count(7)).isZero();
    }

    @Test
    void strategyServiceDown_is503ProblemJsonWithRetryAfter() throws Exception {
        stub("/_stub/down?value=true");
        try {
            given().get("/reports/runs/1/summary.json").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "30").body("status", equalTo(503))
                    // issue 17: no internal URL or exception name in the message (they are in the log)
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("http")))
                    .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Exception")))
                    .body("detail", org.hamcrest.Matchers.containsString("strategy-service"));
            given().get("/").then().statusCode(503).contentType("application/problem+json");
        } finally {
            stub("/_stub/down?value=false");
        }
        given().get("/reports/runs/1/summary.json").then().statusCode(200);
    }

    static int stub(String path) throws Exception {
        String base = ConfigProvider.getConfig().getValue("keel.strategy.url", String.class);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().isEmpty() ? 0 : Integer.parseInt(r.body().trim());
    }
}
