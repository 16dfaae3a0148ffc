package io.keel.strategy.app.definitions;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the definitions page ({@code /definitions/}, static files of this service) needs to know of its deployment:
 * where report-service serves tearsheets ({@code keel.report.url}, env {@code KEEL_REPORT_URL}).
 */
@Path("/definitions/config")
@Tag(name = "definitions")
public class DefinitionsPageResource {

    /** The page's configuration. @param reportUrl report-service's base URL as the browser reaches it */
    public record PageConfig(String reportUrl) {
    }

    @Inject
    ReportLinkConfig report;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Definitions page configuration", description = "report-service's base URL, where the page opens tearsheets.")
    public PageConfig config() {
        return new PageConfig(report.url());
    }
}
