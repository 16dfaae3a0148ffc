package io.keel.prices;

import java.util.List;
import java.util.Objects;

/**
 * What a source returned for one symbol: raw rows (unvalidated, in source order), corporate actions,
 * and issues the source itself already handled (e.g. a dropped intraday row).
 *
 * @param exchangeTz IANA zone of the exchange, used to turn timestamps into trading dates
 * @param name       long name if the source knows one, else {@code null}
 */
public record SeriesFetch(String symbol, String currency, String exchangeTz, String name, List<RawBar> bars,
                          List<CorporateAction> actions, List<Issue> issues) {

    public SeriesFetch {
        Objects.requireNonNull(symbol, "symbol");
        currency = currency == null || currency.length() != 3 ? "USD" : currency.toUpperCase();
        exchangeTz = exchangeTz == null ? "America/New_York" : exchangeTz;
        bars = List.copyOf(bars);
        actions = List.copyOf(actions);
        issues = List.copyOf(issues);
    }
}
