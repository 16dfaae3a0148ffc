package io.keel.report;

import io.keel.report.report.ReportCache;
import io.keel.report.report.ReportService;
import io.keel.report.report.ReportWarmupAccess;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/** Issue 20: the report paths are warmed at start, before readiness, and the warm-up stores nothing. */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class ReportWarmupTest {

    @Inject
    ReportWarmupAccess warmup;

    @Inject
    ReportCache cache;

    @Test
    void readiness_includesTheWarmUp_whichIsDone() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("report warm-up"));
    }

    @Test
    void aWarmUpRound_rendersTheSyntheticAndTheLatestRealRun_andStoresNothing() {
        int before = cache.count(0);
        warmup.warm(2);
        assertThat(cache.count(0)).as("the synthetic run 0 has no cache entry, the rolled-back write left none").isEqualTo(before).isZero();
        assertThat(ReportService.REPORT_VERSION).isPositive();
    }
}
