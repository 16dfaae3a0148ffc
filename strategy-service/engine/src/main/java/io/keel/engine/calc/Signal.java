package io.keel.engine.calc;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a definition says to hold in the session after {@code asOf}, decided at the close of
 * {@code asOf} from data up to and including that day (always, whatever the definition's
 * execution lag: a signal cannot use a close that has not happened).
 *
 * @param asOf        last trading date of the data
 * @param nextSession the session the signal is for (the next NYSE session: weekends and exchange holidays skipped)
 * @param rebalance   whether the calendar has a rebalance due at the {@code asOf} close and the
 *                    weight scheme decided one; otherwise the weights are the current ones carried forward
 * @param weights     base weights by symbol (fractions; sum may differ from 1 after weight overlays), in
 *                    the order given (the universe's)
 * @param leverage    exposure multiplier for the next session
 * @param diagnostics overlay state behind the signal (e.g. vol_ann, drawdown, risk_off), in the order given
 *                    (the overlays')
 */
public record Signal(LocalDate asOf, LocalDate nextSession, boolean rebalance, Map<String, Double> weights,
                     double leverage, Map<String, Double> diagnostics) {
    public Signal {
        // kept in their order (Map.copyOf's iteration order changes from one JVM to the next, and so
        // did the order of these keys in the CLI's summary JSON)
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }
}
