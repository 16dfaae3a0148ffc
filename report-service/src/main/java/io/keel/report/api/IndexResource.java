package io.keel.report.api;

import io.keel.common.Problem;
import io.keel.report.report.ReportService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The index page: definitions, recent runs with links to their reports, latest signals. */
@Path("/")
@Tag(name = "reports")
public class IndexResource {

    @Inject
    ReportService reports;

    @Inject
    io.keel.report.report.ReportSlots slots;

    @Inject
    Answers answers;

    @GET
    @Produces({"text/html", Problem.MEDIA_TYPE})
    @Operation(summary = "Index page of definitions, runs and latest signals")
    public Response index() {
        return answers.send(slots.call(reports::index), false);
    }
}
