package io.keel.strategy.app.marketdata;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * market-data-service's REST API (client config key {@code market-data}, base URL {@code keel.market-data.url}).
 * Every call presents strategy-service's own key ({@code keel.market-data.api-key}, env KEEL_STRATEGY_SERVICE_KEY)
 * as {@code X-API-Key}, when one is configured.
 */
@RegisterRestClient(configKey = "market-data")
@org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam(name = "X-API-Key", value = "{serviceKey}", required = false)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface MarketDataClient {

    /**
     * Daily values of one field for several symbols from one snapshot.
     *
     * @param symbols  comma-separated symbols
     * @param from     first date (ISO), or null for all history
     * @param to       last date (ISO), or null for all history
     * @param snapshot {@code latest} or a snapshot id
     * @param field    {@code adj_close}
     * @throws jakarta.ws.rs.WebApplicationException 404 for an unknown symbol or snapshot
     */
    /** strategy-service's key for market-data-service, or null (no header) when none is configured. */
    default String serviceKey() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("keel.market-data.api-key", String.class).filter(k -> !k.isBlank()).orElse(null);
    }

    /** One snapshot's id and status. @throws jakarta.ws.rs.WebApplicationException 404 for an unknown snapshot */
    @GET
    @Path("/snapshots/{id}")
    SnapshotInfo snapshot(@jakarta.ws.rs.PathParam("id") long id);

    @GET
    @Path("/prices")
    PricesResponse prices(@QueryParam("symbols") String symbols, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("snapshot") String snapshot,
                          @QueryParam("field") String field);
}
