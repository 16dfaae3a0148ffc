package io.keel.strategy.app.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts {@link MarketDataStub} for the @QuarkusTests and points the service's REST client at it. */
public class MarketDataStubResource implements QuarkusTestResourceLifecycleManager {

    private static MarketDataStub stub;

    public static MarketDataStub stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        try {
            stub = new MarketDataStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("keel.market-data.url", stub.url());
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
