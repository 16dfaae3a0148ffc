package io.keel.marketdata;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Boots the service against the real PostgreSQL test database keel_marketdata_test. */
@QuarkusTest
class ServiceFoundationTest {

    private static final String SCHEMA = "marketdata";
    private static final List<String> TABLES = List.of("instrument", "snapshot", "snapshot_symbol", "bar", "corporate_action");

    @Inject
    DataSource dataSource;

    @Test
    void flywayAppliedV1InOwnSchema() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT version, success FROM " + SCHEMA + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "flyway_schema_history has a versioned migration");
            assertEquals("1", rs.getString("version"));
            assertTrue(rs.getBoolean("success"));
        }
    }

    @Test
    void tablesExistInOwnSchema() throws Exception {
        Set<String> found = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        assertTrue(found.containsAll(TABLES), "expected " + TABLES + " in schema " + SCHEMA + ", found " + found);
    }

    @Test
    void readinessIsUpAndIncludesDatasource() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/info"));
        given().when().get("/q/swagger-ui/")
                .then().statusCode(200);
    }

    @Test
    void infoEndpointNamesTheService() {
        given().when().get("/api/v1/info")
                .then().statusCode(200)
                .body("service", equalTo("market-data-service"))
                .body("schema", equalTo(SCHEMA));
    }
}
