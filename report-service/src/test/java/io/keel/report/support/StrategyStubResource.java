package io.keel.report.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts the loopback {@link StrategyStub} for a {@code @QuarkusTest} and points keel.strategy.url at it. */
public class StrategyStubResource implements QuarkusTestResourceLifecycleManager {

    /** The key report-service presents to the stub (X-API-Key). */
    public static final String SERVICE_KEY = "report-service-test-key";

    private StrategyStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new StrategyStub();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.setProperty("keel.test.strategy-stub", stub.url().toString());
        return Map.of("keel.strategy.url", stub.url().toString(), "keel.strategy.api-key", SERVICE_KEY);
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
