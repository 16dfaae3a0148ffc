package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.ProblemException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.Problems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Backtest definitions: validation (JSON, plugins and their parameters, symbols known to market
 * data), create, versioned update, soft delete, activation. Stateless.
 */
@ApplicationScoped
public class DefinitionService {

    /** A definition version with its header, as served by the API ({@code definition} = the stored JSON). */
    public record DefinitionView(String name, int version, int latestVersion, boolean active, OffsetDateTime createdAt,
                                 OffsetDateTime updatedAt, OffsetDateTime versionCreatedAt, JsonNode definition) {
    }

    /** A line of the definitions listing. */
    public record DefinitionSummary(String name, int latestVersion, boolean active, OffsetDateTime createdAt,
                                    OffsetDateTime updatedAt) {
    }

    /** One version of a definition. */
    public record VersionView(int version, OffsetDateTime createdAt) {
    }

    @Inject
    DefinitionStore store;

    @Inject
    io.keel.strategy.app.audit.AuditLog audit;

    @Inject
    ObjectMapper mapper;

    @Inject
    DefinitionChecks checks;

    /**
     * Parses and validates a definition document ({@link DefinitionChecks}: every problem at once).
     *
     * @throws ProblemException 400 naming every offending field; 503 when the symbols cannot be checked
     */
    public BacktestDefinition validate(String json) {
        DefinitionChecks.Outcome o = checks.check(json);
        if (!o.violations().isEmpty()) {
            throw Problems.of(o.violations());
        }
        return o.definition();
    }

    /** Creates a definition at version 1 (inactive). @throws ProblemException 409 if the name is taken */
    public DefinitionView create(String json) {
        return create(json, null);
    }

    /** {@link #create(String)} with {@code auditDetail} in its audit event (e.g. the sweep variant it was promoted from). */
    public DefinitionView create(String json, String auditDetail) {
        BacktestDefinition def = validate(json);
        String body = canonical(json);
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Long> id = store.insert(def.name(), body);
            if (id.isEmpty()) {
                String existing = store.liveNameIgnoringCase(def.name()).orElse(def.name());
                throw ProblemException.conflict(existing.equals(def.name())
                        ? "a definition named '" + def.name() + "' exists; PUT /api/v1/definitions/" + def.name() + " adds a version"
                        : "a definition named '" + existing + "' exists, and names are unique regardless of case; PUT "
                        + "/api/v1/definitions/" + existing + " adds a version to it");
            }
            audit.record("definition.created", def.name(), 1, null, auditDetail);
            return view(def.name(), null);
        });
    }

    /** Adds a version; the body's name must be the path's. @throws ProblemException 404, 400 */
    public DefinitionView update(String name, String json) {
        return update(name, json, null);
    }

    /** {@link #update(String, String)} with {@code auditDetail} in its audit event (e.g. the sweep variant it was promoted from). */
    public DefinitionView update(String name, String json, String auditDetail) {
        BacktestDefinition def = validate(json);
        if (!name.equals(def.name())) {
            throw ProblemException.badRequest("name", "must be '" + name + "', the name in the URL (renaming is not supported), got '" + def.name() + "'");
        }
        String body = canonical(json);
        return QuarkusTransaction.requiringNew().call(() -> {
            DefinitionStore.Header h = store.findForUpdate(name).orElseThrow(() -> notFound(name));
            store.addVersion(h.id(), h.latestVersion() + 1, body);
            audit.record("definition.updated", name, h.latestVersion() + 1, null, auditDetail);
            return view(name, null);
        });
    }

    public DefinitionView get(String name, Integer version) {
        return QuarkusTransaction.requiringNew().call(() -> view(name, version));
    }

    public List<DefinitionSummary> list(Boolean active) {
        return QuarkusTransaction.requiringNew().call(() -> store.list(active).stream()
                .map(h -> new DefinitionSummary(h.name(), h.latestVersion(), h.active(), h.createdAt(), h.updatedAt()))
                .toList());
    }

    public List<VersionView> versions(String name) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DefinitionStore.Header h = store.find(name).orElseThrow(() -> notFound(name));
            return store.versions(h.id()).stream().map(v -> new VersionView(v.version(), v.createdAt())).toList();
        });
    }

    public DefinitionView setActive(String name, boolean active) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DefinitionStore.Header h = store.findForUpdate(name).orElseThrow(() -> notFound(name));
            store.setActive(h.id(), active);
            if (active != h.active()) {
                audit.record(active ? "definition.activated" : "definition.deactivated", name, h.latestVersion(), null, null);
            }
            return view(name, null);
        });
    }

    /** Soft delete: the name disappears, runs and their versions stay readable. */
    public void delete(String name) {
        QuarkusTransaction.requiringNew().run(() -> {
            DefinitionStore.Header h = store.findForUpdate(name).orElseThrow(() -> notFound(name));
            store.softDelete(h.id());
            audit.record("definition.deleted", name, h.latestVersion(), null, null);
        });
    }

    private DefinitionView view(String name, Integer version) {
        DefinitionStore.Header h = store.find(name).orElseThrow(() -> notFound(name));
        int n = version == null ? h.latestVersion() : version;
        if (version != null && version < 1) {
            throw ProblemException.badRequest("version", "must be >= 1");
        }
        DefinitionStore.Version v = store.version(h.id(), n)
                .orElseThrow(() -> ProblemException.notFound("definition '" + name + "' has no version " + n
                        + " (latest is " + h.latestVersion() + ")"));
        return new DefinitionView(name, n, h.latestVersion(), h.active(), h.createdAt(), h.updatedAt(), v.createdAt(),
                tree(v.body()));
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document as stored: the caller's JSON (already validated), compacted. */
    private String canonical(String json) {
        try {
            return mapper.writeValueAsString(DefinitionJson.mapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ProblemException notFound(String name) {
        return ProblemException.notFound("no definition named '" + name + "'");
    }
}
