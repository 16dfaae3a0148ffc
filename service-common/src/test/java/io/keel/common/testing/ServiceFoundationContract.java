package io.keel.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every Keel service provides, checked against the service booted on its real PostgreSQL test
 * database: its migrations in its own schema, readiness with the datasource, Prometheus metrics,
 * OpenAPI and Swagger UI, and {@code GET /api/v1/info} (the shared {@code io.keel.common.InfoResource}).
 * A service's {@code @QuarkusTest} subclass names its service, schema and tables.
 */
public abstract class ServiceFoundationContract {

    @Inject
    DataSource dataSource;

    /** The service's name ({@code quarkus.application.name}). */
    protected abstract String service();

    /** The database schema the service owns. */
    protected abstract String schema();

    /** Tables the service's migrations create in its schema. */
    protected abstract List<String> tables();

    @Test
    void flywayAppliedV1InOwnSchema() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT version, success FROM " + schema() + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
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
            ps.setString(1, schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        assertTrue(found.containsAll(tables()), "expected " + tables() + " in schema " + schema() + ", found " + found);
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
                .body("service", equalTo(service()))
                .body("schema", equalTo(schema()));
    }
}
