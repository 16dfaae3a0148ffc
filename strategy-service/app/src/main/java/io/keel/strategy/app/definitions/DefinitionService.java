package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.ProblemException;
import io.keel.engine.calc.DefinitionValidator;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.spi.Violation;
import io.keel.strategy.app.Problems;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.MarketDataException;
import io.keel.strategy.app.plugins.PluginCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backtest definitions: validation (JSON, plugins and their parameters, symbols known to market
 * data), create, versioned update, soft delete, activation. Stateless.
 */
@ApplicationScoped
public class DefinitionService {

    private static final Logger LOG = Logger.getLogger(DefinitionService.class);

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
    PluginCatalog plugins;

    @Inject
    MarketData marketData;

    @Inject
    ObjectMapper mapper;

    @Inject
    DefinitionsConfig config;

    /**
     * Parses and validates a definition document.
     *
     * @throws ProblemException 400 naming every offending field; 503 when the symbols cannot be checked
     */
    public BacktestDefinition validate(String json) {
        BacktestDefinition def;
        try {
            nullElements(json);
            def = DefinitionJson.parse(json == null ? "" : json);
        } catch (InvalidDefinitionException e) {
            throw Problems.of(e);
        }
        List<Violation> v = new ArrayList<>(new DefinitionValidator(plugins.registry()).violations(def));
        if (v.isEmpty() && config.checkSymbols()) {
            v.addAll(unknownSymbols(def.universe()));
        }
        if (!v.isEmpty()) {
            throw Problems.of(v);
        }
        return def;
    }

    /**
     * The engine's records reject null list elements with a bare NullPointerException (reported on
     * "$"); name the element instead. Text the database cannot store (NUL, lone surrogates) is refused
     * naming its field. Malformed JSON is left to the engine's parser.
     */
    private static void nullElements(String json) {
        JsonNode root;
        try {
            root = DefinitionJson.mapper().readTree(json == null ? "" : json);
        } catch (IOException e) {
            return;
        }
        if (root == null || !root.isObject()) {
            return;
        }
        List<Violation> v = new ArrayList<>();
        // text PostgreSQL cannot store (jsonb refuses "\u0000"): refused here, naming the field, not in SQL (a 500)
        for (io.keel.common.Problem.FieldError e : io.keel.common.Text.unstorable(root)) {
            v.add(Violation.of(e.field(), e.message()));
        }
        for (String list : List.of("universe", "overlays")) {
            JsonNode a = root.get(list);
            if (a != null && a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i).isNull()) {
                        v.add(Violation.of(list + "[" + i + "]", "must not be null"));
                    }
                }
            }
        }
        JsonNode groups = root.get("groups");
        if (groups != null && groups.isObject()) {
            groups.fields().forEachRemaining(g -> {
                if (g.getValue().isArray()) {
                    for (int i = 0; i < g.getValue().size(); i++) {
                        if (g.getValue().get(i).isNull()) {
                            v.add(Violation.of("groups." + g.getKey() + "[" + i + "]", "must not be null"));
                        }
                    }
                }
            });
        }
        if (!v.isEmpty()) {
            throw new InvalidDefinitionException(v);
        }
    }

    /** Symbols of {@code universe} that market data does not know, as {@code universe[i]} violations. */
    List<Violation> unknownSymbols(List<String> universe) {
        LocalDate today = LocalDate.now();
        try {
            marketData.prices(universe, today, today, "latest");
            return List.of();
        } catch (MarketDataException e) {
            if (!e.notFound()) {
                throw unavailable(e);
            }
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        List<Violation> v = new ArrayList<>();
        for (int i = 0; i < universe.size(); i++) {
            try {
                marketData.prices(List.of(universe.get(i)), today, today, "latest");
            } catch (MarketDataException e) {
                if (!e.notFound()) {
                    throw unavailable(e);
                }
                v.add(Violation.of("universe[" + i + "]", "unknown symbol '" + universe.get(i) + "': market data has no such instrument"));
            }
        }
        if (v.isEmpty()) {
            v.add(Violation.of("universe", "market data rejected these symbols: " + universe));
        }
        return v;
    }

    private static ProblemException unavailable(RuntimeException e) {
        LOG.warnf("market data unavailable while checking symbols: %s", e.toString());
        return ProblemException.unavailable("market data is unavailable, the universe's symbols cannot be checked; retry later", 5);
    }

    /** Creates a definition at version 1 (inactive). @throws ProblemException 409 if the name is taken */
    public DefinitionView create(String json) {
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
            audit.record("definition.created", def.name(), 1, null, null);
            return view(def.name(), null);
        });
    }

    /** Adds a version; the body's name must be the path's. @throws ProblemException 404, 400 */
    public DefinitionView update(String name, String json) {
        BacktestDefinition def = validate(json);
        if (!name.equals(def.name())) {
            throw ProblemException.badRequest("name", "must be '" + name + "', the name in the URL (renaming is not supported), got '" + def.name() + "'");
        }
        String body = canonical(json);
        return QuarkusTransaction.requiringNew().call(() -> {
            DefinitionStore.Header h = store.findForUpdate(name).orElseThrow(() -> notFound(name));
            store.addVersion(h.id(), h.latestVersion() + 1, body);
            audit.record("definition.updated", name, h.latestVersion() + 1, null, null);
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
