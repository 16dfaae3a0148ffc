package io.keel.report.strategy;

import io.keel.common.ProblemException;
import io.keel.report.support.StrategyStubResource;
import io.keel.result.RunSeries;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The typed REST client of strategy-service against the loopback stub: retries (@Retry, test profile: one retry),
 * problem mapping, the service key, the contract types.
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class StrategyClientTest {

    @Inject
    StrategyClient client;

    static String stub(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(System.getProperty("keel.test.strategy-stub") + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @AfterEach
    void restore() throws Exception {
        stub("/_stub/down?value=false");
        stub("/_stub/fail-next?count=0");
        stub("/_stub/require-key");
    }

    @Test
    void unreachableStrategyService_is503WithRetryAfter_afterTheRetries() throws Exception {
        stub("/_stub/down?value=true");
        int before = Integer.parseInt(stub("/_stub/requests"));
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> client.run(1));
        assertThat(e.problem().status()).isEqualTo(503);
        assertThat(e.retryAfterSeconds()).isEqualTo(30);
        assertThat(e.problem().detail()).contains("run 1").doesNotContain("127.0.0.1");
        assertThat(Integer.parseInt(stub("/_stub/requests")) - before).as("first try and one retry").isEqualTo(2);
    }

    @Test
    void transient503_isRetried_andTheSeriesIsTheContractsWithNullAsNaN() throws Exception {
        stub("/_stub/fail-next?count=1&status=503");
        RunSeries s = client.series(1);
        assertThat(s.runId()).isEqualTo(1);
        assertThat(s.columnNames()).contains("base_ret", "port_ret", "leverage", "vol_ann");
        assertThat(s.require("port_ret")).hasSize(s.size());
        // level73's vol estimate is not defined during its warm-up: null in JSON, NaN here
        assertThat(Double.isNaN(s.require("vol_ann")[0])).isTrue();
    }

    @Test
    void unknownRun_is404_andTheRunIsTypedByTheResultContract() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> client.run(42)).problem().status()).isEqualTo(404);
        StrategyRun run = client.run(5);
        assertThat(run.summary().seedScript()).isEqualTo("level63");
        assertThat(run.summary().rebalances()).isPositive();
        assertThat(run.summary().exposureLimits().min()).isEqualTo(0.3);
        assertThat(run.next().weights()).isNotEmpty();
    }

    @Test
    void serviceKey_isSentAsXApiKey_andARefusedKeyIs502NamingTheSetting() throws Exception {
        client.run(1);
        assertThat(stub("/_stub/last-key")).isEqualTo(StrategyStubResource.SERVICE_KEY);
        stub("/_stub/require-key?value=another-key");
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> client.run(1));
        assertThat(e.problem().status()).isEqualTo(502);
        assertThat(e.problem().detail()).contains("KEEL_REPORT_SERVICE_KEY");
    }
}
