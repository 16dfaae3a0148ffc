package io.keel.prices.yahoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.prices.CorporateAction;
import io.keel.prices.Issue;
import io.keel.prices.RawBar;
import io.keel.prices.SeriesFetch;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a Yahoo v8 {@code finance/chart} JSON body into a {@link SeriesFetch}. Stateless and thread-safe.
 * <ul>
 * <li>Timestamps (epoch seconds) become trading dates in {@code meta.exchangeTimezoneName} (the per-bar UTC hour
 *     moves with DST; the zone is what makes the date right).</li>
 * <li>A row whose open, high, low and close are all null is dropped ({@code NULL_BAR}, rejected).</li>
 * <li>Two rows on the same trading date (Yahoo's live row of today next to the regular one): the later row is
 *     kept ({@code LIVE_ROW}, repaired).</li>
 * <li>Today's row while the regular session has not ended ({@code meta.currentTradingPeriod.regular.end}) is
 *     dropped as incomplete ({@code INTRADAY}, rejected).</li>
 * <li>{@code events.dividends} (amount per share) and {@code events.splits} (numerator/denominator) become
 *     corporate actions dated in the exchange zone.</li>
 * </ul>
 * Non-positive prices are left to market-data-service's validation.
 */
public final class YahooChartParser {

    private final ObjectMapper mapper;

    public YahooChartParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param now the current instant, to recognise an unfinished session
     * @throws YahooTransientException      when the body is not complete, valid JSON of the expected shape
     * @throws YahooSymbolNotFoundException when the body is Yahoo's "Not Found" error
     */
    public SeriesFetch parse(String symbol, byte[] body, Instant now) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new YahooTransientException("malformed JSON from Yahoo for " + symbol + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), null, e);
        }
        if (root == null || !root.path("chart").isObject()) {
            throw new YahooTransientException("unexpected JSON from Yahoo for " + symbol + ": no 'chart' object", null, null);
        }
        JsonNode chart = root.get("chart");
        JsonNode error = chart.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String code = error.path("code").asText("");
            String description = error.path("description").asText(null);
            if ("Not Found".equalsIgnoreCase(code) || (description != null && description.contains("No data found"))) {
                throw new YahooSymbolNotFoundException(symbol, description);
            }
            throw new YahooException("Yahoo error for " + symbol + ": " + code + " " + description);
        }
        JsonNode result = chart.path("result").path(0);
        if (!result.isObject()) {
            throw new YahooTransientException("unexpected JSON from Yahoo for " + symbol + ": no chart.result[0]", null, null);
        }
        JsonNode meta = result.path("meta");
        ZoneId zone = zone(meta.path("exchangeTimezoneName").asText(null));
        String name = meta.path("longName").asText(meta.path("shortName").asText(null));
        List<Issue> issues = new ArrayList<>();
        List<RawBar> bars = new ArrayList<>();

        JsonNode ts = result.path("timestamp");
        JsonNode quote = result.path("indicators").path("quote").path(0);
        JsonNode adj = result.path("indicators").path("adjclose").path(0).path("adjclose");
        if (ts.isArray() && !quote.isObject()) {
            throw new YahooTransientException("unexpected JSON from Yahoo for " + symbol + ": timestamps without quotes", null, null);
        }
        int n = ts.isArray() ? ts.size() : 0;
        for (String series : new String[] {"open", "high", "low", "close", "volume"}) {
            if (n > 0 && quote.path(series).isArray() && quote.path(series).size() != n) {
                throw new YahooTransientException("inconsistent JSON from Yahoo for " + symbol + ": " + series + " has "
                        + quote.path(series).size() + " values for " + n + " timestamps", null, null);
            }
        }
        for (int i = 0; i < n; i++) {
            JsonNode t = ts.get(i);
            if (!t.canConvertToLong()) {
                throw new YahooTransientException("unexpected timestamp from Yahoo for " + symbol + ": " + t, null, null);
            }
            LocalDate date = Instant.ofEpochSecond(t.asLong()).atZone(zone).toLocalDate();
            BigDecimal open = dec(quote.path("open").path(i));
            BigDecimal high = dec(quote.path("high").path(i));
            BigDecimal low = dec(quote.path("low").path(i));
            BigDecimal close = dec(quote.path("close").path(i));
            BigDecimal adjClose = dec(adj.path(i));
            JsonNode v = quote.path("volume").path(i);
            Long volume = v.isNumber() ? v.asLong() : null;
            if (open == null && high == null && low == null && close == null) {
                issues.add(Issue.rejected(date, "NULL_BAR", "Yahoo row without prices dropped"));
                continue;
            }
            RawBar bar = new RawBar(date, open, high, low, close, adjClose, volume);
            if (!bars.isEmpty() && bars.get(bars.size() - 1).date().equals(date)) {
                bars.set(bars.size() - 1, bar);
                issues.add(Issue.repaired(date, "LIVE_ROW", "two Yahoo rows on one trading date; the later (live) row kept"));
            } else {
                bars.add(bar);
            }
        }
        if (!bars.isEmpty()) {
            RawBar last = bars.get(bars.size() - 1);
            long sessionEnd = meta.path("currentTradingPeriod").path("regular").path("end").asLong(0);
            LocalDate today = now.atZone(zone).toLocalDate();
            if (last.date().equals(today) && sessionEnd > 0 && now.getEpochSecond() < sessionEnd) {
                bars.remove(bars.size() - 1);
                issues.add(Issue.rejected(last.date(), "INTRADAY", "today's session has not closed; live bar dropped"));
            }
        }
        return new SeriesFetch(symbol, meta.path("currency").asText(null), zone.getId(), name, bars, actions(result.path("events"), zone),
                issues);
    }

    private static List<CorporateAction> actions(JsonNode events, ZoneId zone) {
        List<CorporateAction> out = new ArrayList<>();
        for (Iterator<JsonNode> it = events.path("dividends").elements(); it.hasNext(); ) {
            JsonNode d = it.next();
            BigDecimal amount = dec(d.path("amount"));
            if (amount != null && amount.signum() > 0 && d.path("date").canConvertToLong()) {
                out.add(new CorporateAction(date(d, zone), CorporateAction.Type.DIVIDEND, amount));
            }
        }
        for (Iterator<JsonNode> it = events.path("splits").elements(); it.hasNext(); ) {
            JsonNode s = it.next();
            BigDecimal num = dec(s.path("numerator"));
            BigDecimal den = dec(s.path("denominator"));
            if (num != null && den != null && num.signum() > 0 && den.signum() > 0 && s.path("date").canConvertToLong()) {
                out.add(new CorporateAction(date(s, zone), CorporateAction.Type.SPLIT, num.divide(den, MathContext.DECIMAL64)));
            }
        }
        out.sort((a, b) -> a.exDate().compareTo(b.exDate()));
        return out;
    }

    private static LocalDate date(JsonNode event, ZoneId zone) {
        return Instant.ofEpochSecond(event.path("date").asLong()).atZone(zone).toLocalDate();
    }

    private static BigDecimal dec(JsonNode n) {
        return n != null && n.isNumber() ? n.decimalValue() : null;
    }

    private static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return ZoneId.of("America/New_York");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneId.of("America/New_York");
        }
    }
}
