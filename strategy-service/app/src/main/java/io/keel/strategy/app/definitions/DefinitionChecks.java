package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.common.ProblemException;
import io.keel.engine.calc.DefinitionValidator;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.json.DefinitionReading;
import io.keel.spi.Violation;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.MarketDataException;
import io.keel.strategy.app.plugins.PluginCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Every problem of a definition document at once (issue 23): text the database cannot store, null list elements,
 * syntax and type errors ({@link DefinitionReading}: each field that does not bind is named and the rest is still
 * checked), the engine's checks of names, dates, plugins and their parameters ({@link DefinitionValidator}), and
 * symbols market data does not know. Stateless; stores nothing.
 */
@ApplicationScoped
public class DefinitionChecks {

    private static final Logger LOG = Logger.getLogger(DefinitionChecks.class);

    /** The definition read (null when the document is not one) and all its problems, empty when it is valid. */
    public record Outcome(BacktestDefinition definition, List<Violation> violations) {
        public Outcome {
            violations = List.copyOf(violations);
        }

        public boolean valid() {
            return violations.isEmpty() && definition != null;
        }
    }

    @Inject
    PluginCatalog plugins;

    @Inject
    MarketData marketData;

    @Inject
    DefinitionsConfig config;

    /**
     * All problems of {@code json}.
     *
     * @throws ProblemException 503 when market data cannot answer whether the universe's symbols exist
     */
    public Outcome check(String json) {
        List<Violation> v = new ArrayList<>(storableAndNotNull(json));
        DefinitionReading read = DefinitionReading.read(json);
        v.addAll(read.violations());
        if (read.definition() == null) {
            return new Outcome(null, v);
        }
        for (Violation e : new DefinitionValidator(plugins.registry()).violations(read.definition())) {
            // a field already named (wrong type, set aside) is not reported again as missing; nor are the groups when
            // the universe itself could not be read
            if (v.stream().noneMatch(seen -> within(e.field(), seen.field())
                    || seen.field().startsWith("universe") && e.field().startsWith("groups"))) {
                v.add(e);
            }
        }
        if (v.isEmpty() && config.checkSymbols()) {
            v.addAll(unknownSymbols(read.definition().universe()));
        }
        return new Outcome(read.definition(), v);
    }

    /** Whether {@code field} is {@code reported} or lies within it ({@code a.b} within {@code a}, {@code a[1]} within {@code a}). */
    private static boolean within(String field, String reported) {
        return field.equals(reported) || field.startsWith(reported + ".") || field.startsWith(reported + "[")
                || reported.startsWith(field + "[") || reported.startsWith(field + ".");
    }

    /**
     * Text PostgreSQL cannot store (jsonb refuses "\u0000", lone surrogates) is refused naming its field, not in SQL
     * (a 500); the engine's records would take null list elements without naming them.
     */
    private static List<Violation> storableAndNotNull(String json) {
        JsonNode root;
        try {
            root = DefinitionJson.mapper().readTree(json == null ? "" : json);
        } catch (IOException e) {
            return List.of(); // the reading names the syntax error
        }
        List<Violation> v = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return v;
        }
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
        return v;
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
}
