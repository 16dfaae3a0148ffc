package io.keel.marketdata;

import io.keel.common.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** Boots the service against the real PostgreSQL test database keel_marketdata_test: the checks every Keel service passes. */
@QuarkusTest
class ServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String service() {
        return "market-data-service";
    }

    @Override
    protected String schema() {
        return "marketdata";
    }

    @Override
    protected List<String> tables() {
        return List.of("instrument", "snapshot", "snapshot_symbol", "bar", "corporate_action");
    }
}
