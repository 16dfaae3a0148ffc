package io.keel.strategy.app.support;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.time.Duration;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;

/** REST helpers shared by the tests. */
public final class Api {

    private Api() {
    }

    public static void createDefinition(String json) {
        Response r = given().contentType(ContentType.JSON).body(json).post("/api/v1/definitions");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
    }

    /** Submits a run and returns its id (asserts 202 and the Location header). */
    public static long submit(String definition, Map<String, Object> body) {
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/definitions/" + definition + "/runs");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        long id = r.jsonPath().getLong("id");
        assertThat(r.header("Location")).endsWith("/api/v1/runs/" + id);
        return id;
    }

    /** Polls the run until it is SUCCEEDED or FAILED; returns the final document. */
    public static Response await(long runId, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response r = given().get("/api/v1/runs/" + runId);
            String status = r.jsonPath().getString("status");
            if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
                return r;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("run " + runId + " still " + status + " after " + timeout);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
