package io.keel.marketdata.yahoo;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service's Yahoo client at the shared {@link LoopbackYahoo} (never at the internet). */
public class LoopbackYahooResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LoopbackYahoo y = LoopbackYahoo.shared();
        return Map.of("keel.marketdata.yahoo.base-url", y.baseUrl(),
                "keel.marketdata.yahoo.cookie-url", y.baseUrl() + "/cookie");
    }

    @Override
    public void stop() {
        // the shared server lives as long as the JVM; its port is random and loopback-only
    }
}
