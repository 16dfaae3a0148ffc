package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.plugins.PluginCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The JSON Schema of definitions, for editors, clients and the definitions page (issue 23). */
@Path(DefinitionSchema.URL)
@Tag(name = "definitions")
public class SchemaResource {

    /** The media type of a JSON Schema document. */
    public static final String MEDIA_TYPE = "application/schema+json";

    @Inject
    PluginCatalog plugins;

    @GET
    @Produces({MEDIA_TYPE, "application/json"})
    @Operation(summary = "JSON Schema of definitions", description = "Generated from the definition model and every plugin loaded "
            + "on this node (parameters with types, bounds, choices, defaults, descriptions and units); draft 2020-12. The "
            + "rules a schema cannot state (groups naming universe symbols, symbols known to market data, plugin cross-checks) "
            + "are checked by POST /api/v1/definitions?dryRun=true.")
    public ObjectNode schema() {
        return DefinitionSchema.of(plugins.registry(), example());
    }

    /** The schema's example definition, as JSON. */
    static JsonNode example() {
        try {
            return DefinitionJson.mapper().readTree(DefinitionJson.write(DefinitionSchema.example()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
