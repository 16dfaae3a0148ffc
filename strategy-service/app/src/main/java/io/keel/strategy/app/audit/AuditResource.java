package io.keel.strategy.app.audit;

import io.keel.common.QueryParams;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Who changed what: the audit trail of definitions, activations, runs, plugin reloads, signal jobs, portfolios and fills. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {

    @Inject
    AuditLog audit;

    @GET
    @Operation(summary = "Audit trail, newest first", description = "?definition=<name> and ?portfolio=<name> filter; "
            + "?limit=1..1000 (default 100).")
    public List<AuditLog.Event> list(@QueryParam("definition") String definition, @QueryParam("portfolio") String portfolio,
                                     @QueryParam("limit") Integer limit) {
        int n = QueryParams.limit("limit", limit, 100, 1000);
        return QuarkusTransaction.requiringNew().call(() -> audit.list(definition, portfolio, n));
    }
}
