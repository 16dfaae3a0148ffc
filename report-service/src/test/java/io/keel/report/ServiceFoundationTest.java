package io.keel.report;

import io.keel.common.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** Boots the service against the real PostgreSQL test database keel_report_test: the checks every Keel service passes. */
@QuarkusTest
class ServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String service() {
        return "report-service";
    }

    @Override
    protected String schema() {
        return "report";
    }

    @Override
    protected List<String> tables() {
        return List.of("report_cache");
    }
}
