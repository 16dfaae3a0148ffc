package io.keel.strategy.app;

import io.keel.common.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boots the service against the real PostgreSQL test database keel_strategy_test: the checks every Keel service passes. */
@QuarkusTest
class ServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String service() {
        return "strategy-service";
    }

    @Override
    protected String schema() {
        return "strategy";
    }

    @Override
    protected List<String> tables() {
        return List.of("definition", "definition_version", "run", "run_series", "signal", "qrtz_job_details", "qrtz_triggers", "qrtz_locks",
                "qrtz_scheduler_state", "qrtz_fired_triggers");
    }

    @Inject
    DataSource db;

    @Test
    void quartzNodeRegisteredInClusterTable() throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM strategy.qrtz_scheduler_state WHERE sched_name = 'keel-strategy'");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) >= 1, "this Quartz node checked in to the cluster table");
        }
    }
}
