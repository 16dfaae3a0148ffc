package io.keel.strategy.app.signals;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Latest daily rebalance signals across definitions (per definition: /api/v1/definitions/{name}/signals). */
@Path("/api/v1/signals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "signals")
public class SignalResource {

    @Inject
    SignalService service;

    @GET
    @Path("/latest")
    @Operation(summary = "Latest emitted signal of every active definition")
    public List<SignalService.SignalView> latest() {
        return service.latestOfActive();
    }
}
