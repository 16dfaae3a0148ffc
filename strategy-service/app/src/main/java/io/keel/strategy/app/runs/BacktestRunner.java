package io.keel.strategy.app.runs;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.SnapshotPrices;
import io.keel.strategy.app.plugins.PluginCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Fetches a definition's prices from one snapshot and runs the engine on them. Stateless. */
@ApplicationScoped
public class BacktestRunner {

    /**
     * The prices used, the engine's result and its summary as the stored run result (the contract's summary with
     * the definition, JSON), made with the plugin registry the definition was resolved with.
     */
    public record Outcome(SnapshotPrices prices, BacktestResult result, String summaryJson) {
    }

    @Inject
    MarketData marketData;

    @Inject
    PluginCatalog plugins;

    /**
     * @param snapshot {@code latest} or a snapshot id
     * @throws io.keel.engine.calc.InvalidDefinitionException e.g. a symbol without prices in the snapshot
     * @throws io.keel.strategy.app.marketdata.MarketDataException market data unknown or unavailable
     */
    public Outcome run(BacktestDefinition def, String snapshot) {
        SnapshotPrices prices = marketData.prices(def.universe(), def.start(), def.end(), snapshot);
        var registry = plugins.registry();
        var resolved = new BacktestResolver(registry).resolve(def, prices.history());
        BacktestResult result = BacktestCalculator.calculate(resolved);
        return new Outcome(prices, result, io.keel.engine.json.ResultJson.summaryText(result, registry));
    }
}
