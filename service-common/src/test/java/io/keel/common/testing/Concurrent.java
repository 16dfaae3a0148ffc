package io.keel.common.testing;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fires requests at once from many threads (released together by a latch) against the service under test (the
 * concurrency tests of issue 17). Published in service-common's test-jar for the services' tests.
 */
public final class Concurrent {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Concurrent() {
    }

    /** One answer: status, Retry-After header (or null), body. */
    public record Answer(int status, String retryAfter, String contentType, String body) {
        /** A success, or a refusal a client can act on: 409 or 429/503 with Retry-After, all as problem+json with a detail. */
        public boolean isOrderlyOrRefusedWithAReason() {
            if (status >= 200 && status < 300) {
                return true;
            }
            boolean problem = contentType != null && contentType.startsWith("application/problem+json") && body.contains("\"detail\"");
            return problem && (status == 409 || ((status == 429 || status == 503) && retryAfter != null));
        }
    }

    /** {@code n} tasks started at the same instant; their results in task order. */
    public static <T> List<T> all(int n, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return c.call();
                }));
            }
            assertThat(ready.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code n} requests {@code method path} with the JSON body made for each index, presenting the admin key. */
    public static List<Answer> requests(int n, String method, IntFunction<String> path, IntFunction<String> body) throws Exception {
        return all(n, i -> () -> send(method, path.apply(i), body == null ? null : body.apply(i)));
    }

    /** One request with a JSON body (or none), presenting the admin key. */
    public static Answer send(String method, String path, String body) throws Exception {
        return send(method, path, "application/json", body);
    }

    /** One request with a body of {@code contentType} (or none), presenting the admin key. */
    public static Answer send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(120)).header("X-API-Key", Keys.ADMIN);
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                r.headers().firstValue("Content-Type").orElse(null), r.body());
    }
}
