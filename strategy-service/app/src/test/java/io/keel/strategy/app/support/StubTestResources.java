package io.keel.strategy.app.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest of this module runs against the loopback market-data stub. */
@SuppressWarnings("deprecation")
@QuarkusTestResource(MarketDataStubResource.class)
public final class StubTestResources {
    private StubTestResources() {
    }
}
