package io.keel.report.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * strategy-service's REST API as report-service reads it (client config key {@code strategy}), typed by the run
 * result contract ({@code keel-run-result}). Answers are read by {@link StrategyJson}'s lenient mapper: fields
 * strategy-service adds later do not break reports. Errors and retries: {@link StrategyClient}.
 */
@RegisterRestClient(configKey = "strategy")
@RegisterProvider(StrategyJson.class)
@ClientHeaderParam(name = "X-API-Key", value = "{serviceKey}", required = false)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface StrategyApi {

    /** report-service's key for strategy-service, or null (no header) when none is configured. */
    default String serviceKey() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("keel.strategy.api-key", String.class).filter(k -> !k.isBlank()).orElse(null);
    }

    @GET
    @Path("/runs/{id}")
    StrategyRun run(@PathParam("id") long id);

    @GET
    @Path("/runs/{id}/series")
    SeriesDocument series(@PathParam("id") long id);

    /** The exact definition version the run used (the engine's definition JSON). */
    @GET
    @Path("/runs/{id}/definition")
    JsonNode definition(@PathParam("id") long id);

    @GET
    @Path("/runs")
    List<StrategyRun> runs(@QueryParam("definition") String definition, @QueryParam("status") String status,
                           @QueryParam("limit") Integer limit);

    @GET
    @Path("/definitions")
    List<DefinitionInfo> definitions();

    @GET
    @Path("/signals/latest")
    List<LatestSignal> latestSignals();

    @GET
    @Path("/portfolios")
    List<PortfolioInfo> portfolios();

    /** A portfolio's paper or real equity against its shadow backtest; 404 no portfolio, 409 no orders yet. */
    @GET
    @Path("/portfolios/{id}/tracking")
    PortfolioTracking tracking(@PathParam("id") long id);

    /** Sweeps, newest first. */
    @GET
    @Path("/sweeps")
    List<SweepDocuments.SweepInfo> sweeps(@QueryParam("status") String status, @QueryParam("limit") Integer limit);

    /** A sweep's status and progress; 404 no sweep. */
    @GET
    @Path("/sweeps/{id}")
    SweepDocuments.SweepInfo sweep(@PathParam("id") long id);

    /** A page of a sweep's results ({@code sort}: metric names, {@code -} for descending; null: the sweep's ranking). */
    @GET
    @Path("/sweeps/{id}/results")
    SweepDocuments.ResultsPage sweepResults(@PathParam("id") long id, @QueryParam("sort") String sort,
                                            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset);

    /** All of a sweep's results as CSV, in {@code sort} order. */
    @GET
    @Path("/sweeps/{id}/results")
    @Produces("text/csv")
    String sweepResultsCsv(@PathParam("id") long id, @QueryParam("sort") String sort, @QueryParam("format") String format);

    /** One variant's daily series, recomputed on the sweep's snapshot; 404 no variant, 409 invalid variant. */
    @GET
    @Path("/sweeps/{id}/variants/{index}/series")
    SweepDocuments.SeriesDocument sweepSeries(@PathParam("id") long id, @PathParam("index") int index);

    /** Walk-forward, DSR and PBO of a finished sweep; 400 naming a bad parameter, 409 when it cannot be computed. */
    @GET
    @Path("/sweeps/{id}/analysis")
    SweepDocuments.Analysis sweepAnalysis(@PathParam("id") long id, @QueryParam("metric") String metric,
                                          @QueryParam("inSampleMonths") Integer inSampleMonths,
                                          @QueryParam("outOfSampleMonths") Integer outOfSampleMonths,
                                          @QueryParam("window") String window, @QueryParam("blocks") Integer blocks);
}
