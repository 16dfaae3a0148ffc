package io.keel.engine.builtin;

import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Proportional transaction costs: each day's cost is {@code turnover * oneWayBps / 10,000}, turnover
 * being the sum of absolute traded weights. A round-trip cost of 10 bps (level61's {@code tc_bps})
 * is {@code oneWayBps = 5}.
 */
public final class TransactionCosts implements Overlay {

    @Override
    public String id() {
        return "transaction-costs";
    }

    @Override
    public String description() {
        return "Charges a proportional cost on every trade (bps of traded notional, one way).";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.COSTS);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.number("oneWayBps", 5.0, 0.0, 1000.0, "bps of traded notional",
                "Cost per unit traded, each side (half the round-trip cost)."));
    }

    /** {@code turnover * oneWayBps / 10,000}; the rate is looked up once per backtest. */
    @Override
    public DoubleUnaryOperator costFunction(Parameters p) {
        double rate = p.getDouble("oneWayBps") * 1e-4;
        return turnover -> turnover * rate;
    }
}
