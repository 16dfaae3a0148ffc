package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.strategy.app.plugins.PluginCatalog;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document's definition bodies and security schemes (issue 23). The create and update bodies (declared as
 * a bare object in the resource) become a reference to the component {@code BacktestDefinition}: the JSON Schema of
 * {@link DefinitionSchema} for the plugins loaded at start, with an example, so Swagger UI shows the model. The API
 * key is declared as it is sent, {@code X-API-Key} in a header or a bearer token, and every operation that needs a
 * key accepts either.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class DefinitionOpenApi implements OASFilter {

    static final String COMPONENT = "BacktestDefinition";
    static final String API_KEY = "apiKey";
    static final String BEARER = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        com.fasterxml.jackson.databind.node.ObjectNode schema = DefinitionSchema.of(
                Arc.container().instance(PluginCatalog.class).get().registry(), SchemaResource.example(), "#/components/schemas/");
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        // the $defs (the plugin choices) become components of their own, where the definition's references point
        JsonNode defs = schema.remove("$defs");
        defs.fields().forEachRemaining(d -> components.addSchema(d.getKey(), toModel(d.getValue())));
        components.addSchema(COMPONENT, toModel(schema));
        securitySchemes(openAPI, components);
        if (openAPI.getPaths() == null) {
            return;
        }
        PathItem definitions = openAPI.getPaths().getPathItem("/api/v1/definitions");
        PathItem one = openAPI.getPaths().getPathItem("/api/v1/definitions/{name}");
        for (Operation op : new Operation[] {definitions == null ? null : definitions.getPOST(), one == null ? null : one.getPUT()}) {
            if (op != null && op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                MediaType json = op.getRequestBody().getContent().getMediaType("application/json");
                if (json != null) {
                    json.setSchema(OASFactory.createSchema().ref("#/components/schemas/" + COMPONENT));
                    json.setExample(SchemaResource.example());
                }
            }
        }
    }

    /** X-API-Key and bearer, in place of the generated scheme; each secured operation accepts either. */
    private static void securitySchemes(OpenAPI openAPI, Components components) {
        Map<String, SecurityScheme> generated = components.getSecuritySchemes();
        List<String> replaced = generated == null ? List.of() : List.copyOf(generated.keySet());
        replaced.forEach(components::removeSecurityScheme);
        components.addSecurityScheme(API_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                .description("An API key (SECURITY.md): ./keel up writes the local keys to .keel/credentials.env"));
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The same API key as a bearer token: Authorization: Bearer <key>"));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                List<SecurityRequirement> security = op.getSecurity();
                if (security == null || security.isEmpty()) {
                    continue;
                }
                // the roles the generated requirement names (RolesAllowed) are kept as the scopes of both schemes
                List<String> roles = security.stream().flatMap(r -> r.getSchemes() == null ? java.util.stream.Stream.<List<String>>empty()
                        : r.getSchemes().values().stream()).flatMap(l -> l == null ? java.util.stream.Stream.<String>empty() : l.stream())
                        .distinct().toList();
                op.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY, roles),
                        OASFactory.createSecurityRequirement().addScheme(BEARER, roles)));
            }
        }
        if (replaced.isEmpty()) {
            return;
        }
        if (openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty()) {
            openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY),
                    OASFactory.createSecurityRequirement().addScheme(BEARER)));
        }
    }

    /** A JSON Schema document as the OpenAPI model's schema (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
    private static Schema toModel(JsonNode node) {
        Schema s = OASFactory.createSchema();
        node.fields().forEachRemaining(f -> {
            if (f.getKey().equals("$schema") || f.getKey().equals("$id")) {
                return;
            }
            s.set(f.getKey(), plain(f.getValue()));
        });
        return s;
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), plain(f.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new java.util.ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.isNull() ? null : n.asText();
    }
}
