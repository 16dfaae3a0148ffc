package io.keel.common;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identifies the running service: its name, version and the database schema it owns. One class for
 * every service (found through this jar's Jandex index). It reads Quarkus's own settings, which belong
 * to Quarkus's configuration roots rather than to a Keel {@code @ConfigMapping}.
 */
@Path("/api/v1/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    /**
     * Response body of {@code GET /api/v1/info}.
     *
     * @param service {@code quarkus.application.name}, e.g. {@code strategy-service}
     * @param version {@code quarkus.application.version}, {@code unknown} when not set
     * @param schema  the PostgreSQL schema the service's migrations own
     */
    public record Info(String service, String version, String schema) {}

    @ConfigProperty(name = "quarkus.application.name")
    String name;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @ConfigProperty(name = "quarkus.flyway.schemas")
    String schema;

    @GET
    public Info info() {
        return new Info(name, version, schema);
    }
}
