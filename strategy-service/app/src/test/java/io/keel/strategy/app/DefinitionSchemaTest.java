package io.keel.strategy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.keel.common.testing.Keys;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.support.Defs;
import io.keel.strategy.app.support.MarketDataStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 23: the JSON Schema of definitions served at /api/v1/schemas/definition, checked by an independent validator
 * (networknt, draft 2020-12): it accepts every example definition of the repository and refuses the typical
 * mistakes; the OpenAPI document uses it for the definition bodies and declares X-API-Key and bearer; a 403 names
 * the role needed.
 */
@QuarkusTest
class DefinitionSchemaTest {

    private JsonSchema schema;

    @BeforeEach
    void loadSchema() throws IOException {
        String text = given().accept("application/schema+json").get("/api/v1/schemas/definition").then().statusCode(200)
                .contentType("application/schema+json").extract().asString();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(DefinitionJson.mapper().readTree(text));
    }

    private Set<ValidationMessage> problems(JsonNode definition) {
        return schema.validate(definition);
    }

    @Test
    void schema_acceptsEveryExampleDefinition() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(MarketDataStub.repo().resolve("examples/definitions"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) {
            assertThat(problems(DefinitionJson.mapper().readTree(Files.readString(f)))).as(f.toString()).isEmpty();
        }
        JsonNode served = given().get("/api/v1/schemas/definition").jsonPath().get("examples[0]") == null ? null
                : DefinitionJson.mapper().readTree(given().get("/api/v1/schemas/definition").asString()).get("examples").get(0);
        assertThat(served).isNotNull();
        assertThat(problems(served)).isEmpty();
        // the schema's example is also a valid definition for the service itself
        given().contentType(ContentType.JSON).body(served.toString()).post("/api/v1/definitions?dryRun=true").then().statusCode(200);
    }

    private void refused(String what, Consumer<ObjectNode> mistake, String pathPart) {
        ObjectNode def = Defs.example("default/level63-default");
        mistake.accept(def);
        Set<ValidationMessage> found = problems(def);
        assertThat(found).as(what).isNotEmpty();
        assertThat(found.stream().map(m -> m.getInstanceLocation().toString() + " " + m.getMessage()).toList())
                .as(what).anyMatch(m -> m.contains(pathPart));
    }

    @Test
    void schema_refusesTypicalMistakes() {
        refused("unknown frequency", n -> n.withObject("/rebalance").put("frequency", "FORTNIGHTLY"), "frequency");
        refused("date in another format", n -> n.put("start", "01/02/2010"), "start");
        refused("unknown top-level field", n -> n.put("rebalanceEvery", "month"), "rebalanceEvery");
        refused("no weight scheme", n -> n.remove("weightScheme"), "weightScheme");
        refused("unknown plugin", n -> n.withObject("/weightScheme").put("id", "magic"), "weightScheme");
        refused("parameter of the wrong type", n -> n.withObject("/overlays/0/params").put("targetVol", "12%"), "overlays");
        refused("parameter above its bound", n -> n.withObject("/overlays/0/params").put("targetVol", 5.0), "overlays");
        refused("unknown choice", n -> n.withObject("/weightScheme/params").put("solver", "guess"), "weightScheme");
        refused("lower-case symbol", n -> n.withArray("/universe").set(0, n.textNode("spy")), "universe");
        refused("fraction for a whole number", n -> n.withObject("/semantics").put("executionLag", 0.5), "executionLag");
        refused("empty universe", n -> n.putArray("universe"), "universe");
    }

    @Test
    void schema_publishesEachPluginsParameters_withBoundsDefaultsChoicesAndUnits() {
        var doc = given().get("/api/v1/schemas/definition").jsonPath();
        List<String> schemes = doc.getList("$defs.WeightSchemePlugin.oneOf.properties.id.const");
        assertThat(schemes).contains("equal-weight", "hrp", "risk-parity", "rp-minvar-blend", "static-buckets");
        Map<String, Object> targetVol = doc.getMap("$defs.OverlayPlugin.oneOf.find { it.title == 'vol-target' }.properties.params.properties.targetVol");
        assertThat(targetVol).containsEntry("type", "number").containsEntry("minimum", 0.0f).containsEntry("maximum", 2.0f)
                .containsEntry("default", 0.1f).containsEntry("x-unit", "annualised fraction");
        assertThat((String) targetVol.get("description")).endsWith("(annualised fraction)");
        assertThat(doc.getList("$defs.WeightSchemePlugin.oneOf.find { it.title == 'rp-minvar-blend' }.properties.params.properties.solver.enum"))
                .contains("newton", "multiplicative");
        assertThat(doc.getList("properties.rebalance.properties.frequency.enum")).contains("MONTHLY", "EVERY_N_DAYS");
        assertThat(doc.getString("properties.semantics.properties.executionLag.type")).isEqualTo("integer");
    }

    @Test
    void openApi_usesTheSchemaForDefinitionBodies_andDeclaresApiKeyAndBearer() {
        var doc = RestAssured.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("paths.'/api/v1/definitions'.post.requestBody.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/BacktestDefinition");
        assertThat(doc.getString("paths.'/api/v1/definitions/{name}'.put.requestBody.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/BacktestDefinition");
        assertThat(doc.getString("paths.'/api/v1/definitions'.post.requestBody.content.'application/json'.example.weightScheme.id"))
                .isEqualTo("equal-weight");
        assertThat(doc.getString("components.schemas.BacktestDefinition.properties.weightScheme.'$ref'"))
                .isEqualTo("#/components/schemas/WeightSchemePlugin");
        assertThat(doc.getList("components.schemas.OverlayPlugin.oneOf")).isNotEmpty();
        Map<String, Object> schemes = doc.getMap("components.securitySchemes");
        assertThat(schemes).containsOnlyKeys("apiKey", "bearer");
        assertThat(doc.getString("components.securitySchemes.apiKey.type")).isEqualTo("apiKey");
        assertThat(doc.getString("components.securitySchemes.apiKey.in")).isEqualTo("header");
        assertThat(doc.getString("components.securitySchemes.apiKey.name")).isEqualTo("X-API-Key");
        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        List<Map<String, Object>> security = doc.getList("paths.'/api/v1/definitions'.post.security");
        assertThat(security).extracting(m -> m.keySet().iterator().next()).containsExactly("apiKey", "bearer");
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void openApi_describesWhatCreateAndUpdateAnswer_theStoredVersionOrTheDryRun() {
        var doc = RestAssured.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        String put = "paths.'/api/v1/definitions/{name}'.put.responses.'200'.content.'application/json'.schema";
        assertThat(doc.getList(put + ".oneOf.'$ref'")).containsExactlyInAnyOrder(
                "#/components/schemas/DefinitionView", "#/components/schemas/DryRunView");
        assertThat(doc.getString("paths.'/api/v1/definitions'.post.responses.'201'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/DefinitionView");
        assertThat(doc.getString("paths.'/api/v1/definitions'.post.responses.'200'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/DryRunView");
        // the components describe the bodies the endpoints send
        Map<String, Object> view = doc.getMap("components.schemas.DefinitionView.properties");
        assertThat(view).containsKeys("name", "version", "latestVersion", "active", "definition");
        assertThat(doc.getString("components.schemas.DefinitionView.properties.version.type")).isEqualTo("integer");
        Map<String, Object> dryRun = doc.getMap("components.schemas.DryRunView.properties");
        assertThat(dryRun).containsKeys("name", "version", "valid", "stored", "definition");
    }

    @Test
    void aViewerWriting_gets403_namingTheRoleNeeded() {
        RestAssured.given().header("X-API-Key", Keys.VIEWER).contentType(ContentType.JSON).body(Defs.json("level70-ew", "role-words"))
                .post("/api/v1/definitions").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("needs an API key with the operator role (or a higher one)"));
        RestAssured.given().header("X-API-Key", Keys.OPERATOR).delete("/api/v1/definitions/role-words").then().statusCode(403)
                .body("detail", containsString("needs an API key with the admin role"));
        RestAssured.given().header("X-API-Key", Keys.VIEWER).get("/api/v1/definitions").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        given().get("/api/v1/definitions/role-words").then().statusCode(404).body("status", equalTo(404));
    }
}
