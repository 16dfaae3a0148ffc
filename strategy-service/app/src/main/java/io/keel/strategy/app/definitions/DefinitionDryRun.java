package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.common.ProblemException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.Problems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;

/**
 * {@code ?dryRun=true} on create and update (issue 23): the same checks and the same answers as the real call (400
 * with every problem, 404, 409), but nothing is stored and nothing is audited. A valid document is answered with the
 * definition as it would be stored.
 */
@ApplicationScoped
public class DefinitionDryRun {

    /**
     * What a create or update would store.
     *
     * @param name          the definition's name
     * @param version       the version it would get (1 for a create, latest + 1 for an update)
     * @param valid         always true (an invalid document is answered 400)
     * @param stored        always false: a dry run stores nothing
     * @param definition    the document as it would be stored
     */
    public record DryRunView(String name, int version, boolean valid, boolean stored, JsonNode definition) {
    }

    @Inject
    DefinitionChecks checks;

    @Inject
    DefinitionStore store;

    /** As {@link DefinitionService#create}, storing nothing. @throws ProblemException 400 (every problem), 409 */
    public DryRunView create(String json) {
        BacktestDefinition def = valid(json);
        QuarkusTransaction.requiringNew().run(() -> store.liveNameIgnoringCase(def.name()).ifPresent(existing -> {
            throw ProblemException.conflict("a definition named '" + existing + "' exists"
                    + (existing.equals(def.name()) ? "" : ", and names are unique regardless of case")
                    + "; PUT /api/v1/definitions/" + existing + " adds a version");
        }));
        return new DryRunView(def.name(), 1, true, false, tree(json));
    }

    /** As {@link DefinitionService#update}, storing nothing. @throws ProblemException 400 (every problem), 404 */
    public DryRunView update(String name, String json) {
        BacktestDefinition def = valid(json);
        if (!name.equals(def.name())) {
            throw ProblemException.badRequest("name", "must be '" + name + "', the name in the URL (renaming is not supported), got '" + def.name() + "'");
        }
        int latest = QuarkusTransaction.requiringNew().call(() -> store.find(name)
                .orElseThrow(() -> DefinitionService.notFound(name)).latestVersion());
        return new DryRunView(name, latest + 1, true, false, tree(json));
    }

    private BacktestDefinition valid(String json) {
        DefinitionChecks.Outcome o = checks.check(json);
        if (!o.violations().isEmpty()) {
            throw Problems.of(o.violations());
        }
        return o.definition();
    }

    private static JsonNode tree(String json) {
        try {
            return DefinitionJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a checked definition is valid JSON", e);
        }
    }
}
