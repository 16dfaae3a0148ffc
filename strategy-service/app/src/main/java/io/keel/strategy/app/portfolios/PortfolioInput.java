package io.keel.strategy.app.portfolios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.keel.common.Problem;
import io.keel.common.ProblemException;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and checks the JSON bodies of the portfolio API, collecting every problem with its field named in
 * domain words ({@code holdings.SPY}, {@code lotSizes.QQQ}, {@code band}, {@code fills[2].quantity}), so that
 * a bad request is answered 400 once with all of them and nothing is stored. Numbers are read exactly
 * (decimal); NaN and infinities are refused by name.
 */
public final class PortfolioInput {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.^=_-]{0,31}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Largest number of shares, cash amount or notional accepted (currency or shares). */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1e12");
    /** Decimal places kept by the database's amounts and quantities (NUMERIC(30, 10)). */
    static final int MAX_DECIMALS = 10;
    /** Smallest lot size (shares) of a fractional portfolio. */
    static final BigDecimal MIN_LOT = new BigDecimal("0.000001");
    static final int MAX_SYMBOLS = 1000;
    static final int MAX_FILLS = 1000;

    private PortfolioInput() {
    }

    /** The body of {@code POST /api/v1/portfolios}, checked. Amounts in the portfolio's currency, shares, fractions. */
    public record Create(String name, String definition, Map<String, BigDecimal> holdings, BigDecimal cash,
                         Map<String, BigDecimal> lotSizes, BigDecimal defaultLotSize, boolean fractional,
                         BigDecimal minTradeNotional, double band, Double totalDriftThreshold, double costBps,
                         BigDecimal costMinimumPerOrder) {
    }

    /** The body of {@code PUT .../holdings}: shares by symbol and cash. */
    public record Holdings(Map<String, BigDecimal> holdings, BigDecimal cash) {
    }

    /** One executed quantity of an order. */
    public record Fill(String fillId, long orderId, BigDecimal quantity, BigDecimal price, BigDecimal fee, OffsetDateTime executedAt) {
    }

    static final Set<String> CREATE_FIELDS = Set.of("name", "definition", "holdings", "cash", "initialCapital", "lotSizes",
            "defaultLotSize", "fractional", "minTradeNotional", "band", "totalDriftThreshold", "costs");

    public static Create create(String body) {
        Errors e = new Errors();
        JsonNode root = object(body, e);
        unknown(root, CREATE_FIELDS, "", e);
        String name = text(root, "name", NAME, "1-100 letters, digits, '.', '_' or '-', starting with a letter or digit", true, e);
        String definition = text(root, "definition", NAME, "the name of a definition", true, e);
        boolean hasCapital = root.has("initialCapital") && !root.get("initialCapital").isNull();
        boolean hasHoldings = root.has("holdings") || root.has("cash");
        Map<String, BigDecimal> holdings = new TreeMap<>();
        BigDecimal cash = BigDecimal.ZERO;
        if (hasCapital && hasHoldings) {
            e.add("initialCapital", "give either initialCapital or holdings and cash, not both");
        } else if (hasCapital) {
            cash = amount(root.get("initialCapital"), "initialCapital", true, e);
            if (cash != null && cash.signum() <= 0) {
                e.add("initialCapital", "must be > 0, got " + cash.toPlainString());
            }
        } else if (hasHoldings) {
            holdings = shares(root.get("holdings"), e);
            cash = root.has("cash") ? amount(root.get("cash"), "cash", false, e) : BigDecimal.ZERO;
        } else {
            e.add("initialCapital", "is required: give initialCapital, or holdings (shares by symbol) and cash");
        }
        JsonNode fractionalNode = root.get("fractional");
        if (fractionalNode != null && !fractionalNode.isNull() && !fractionalNode.isBoolean()) {
            e.add("fractional", "must be true or false");
        }
        final boolean fractional = fractionalNode != null && fractionalNode.isBoolean() && fractionalNode.booleanValue();
        BigDecimal defaultLot = root.has("defaultLotSize") ? lot(root.get("defaultLotSize"), "defaultLotSize", fractional, e) : BigDecimal.ONE;
        Map<String, BigDecimal> lots = new TreeMap<>();
        JsonNode lotNode = root.get("lotSizes");
        if (lotNode != null && !lotNode.isNull()) {
            if (!lotNode.isObject()) {
                e.add("lotSizes", "must be an object of shares per lot by symbol");
            } else {
                lotNode.fields().forEachRemaining(f -> {
                    String field = "lotSizes." + f.getKey();
                    if (symbol(f.getKey(), field, e)) {
                        BigDecimal l = lot(f.getValue(), field, fractional, e);
                        if (l != null) {
                            lots.put(f.getKey(), l);
                        }
                    }
                });
            }
        }
        BigDecimal minNotional = root.has("minTradeNotional") ? amount(root.get("minTradeNotional"), "minTradeNotional", true, e) : BigDecimal.ZERO;
        double band = root.has("band") ? fraction(root.get("band"), "band", 0, 1, false, "a fraction in [0, 1) (0.02 = two percentage points)", e) : 0;
        Double threshold = root.has("totalDriftThreshold") && !root.get("totalDriftThreshold").isNull()
                ? fraction(root.get("totalDriftThreshold"), "totalDriftThreshold", 0, 2, true, "a fraction in [0, 2]", e) : null;
        double bps = 0;
        BigDecimal minCost = BigDecimal.ZERO;
        JsonNode costs = root.get("costs");
        if (costs != null && !costs.isNull()) {
            if (!costs.isObject()) {
                e.add("costs", "must be an object {\"bps\": <basis points of notional>, \"minimumPerOrder\": <amount>}");
            } else {
                unknown(costs, Set.of("bps", "minimumPerOrder"), "costs.", e);
                bps = costs.has("bps") ? fraction(costs.get("bps"), "costs.bps", 0, 10_000, true, "basis points in [0, 10000]", e) : 0;
                minCost = costs.has("minimumPerOrder") ? amount(costs.get("minimumPerOrder"), "costs.minimumPerOrder", true, e) : BigDecimal.ZERO;
            }
        }
        e.throwIfAny();
        return new Create(name, definition, holdings, cash, lots, defaultLot, fractional, minNotional, band, threshold, bps, minCost);
    }

    public static Holdings holdings(String body) {
        Errors e = new Errors();
        JsonNode root = object(body, e);
        unknown(root, Set.of("holdings", "cash"), "", e);
        Map<String, BigDecimal> holdings = root.has("holdings") ? shares(root.get("holdings"), e) : new TreeMap<>();
        if (!root.has("holdings")) {
            e.add("holdings", "is required: shares by symbol ({} for none)");
        }
        BigDecimal cash = root.has("cash") ? amount(root.get("cash"), "cash", false, e) : null;
        if (!root.has("cash")) {
            e.add("cash", "is required (an amount; negative for a margin loan)");
        }
        e.throwIfAny();
        return new Holdings(holdings, cash);
    }

    public static List<Fill> fills(String body) {
        Errors e = new Errors();
        JsonNode root = object(body, e);
        unknown(root, Set.of("fills"), "", e);
        JsonNode list = root.get("fills");
        List<Fill> out = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            e.add("fills", "is required: a non-empty list of {fillId, orderId, quantity, price, fee}");
        } else if (list.size() > MAX_FILLS) {
            e.add("fills", "at most " + MAX_FILLS + " per request, got " + list.size());
        } else {
            for (int i = 0; i < list.size(); i++) {
                String p = "fills[" + i + "]";
                JsonNode f = list.get(i);
                if (!f.isObject()) {
                    e.add(p, "must be an object {fillId, orderId, quantity, price, fee}");
                    continue;
                }
                unknown(f, Set.of("fillId", "orderId", "quantity", "price", "fee", "executedAt"), p + ".", e);
                String fillId = null;
                JsonNode id = f.get("fillId");
                if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > 100) {
                    e.add(p + ".fillId", "is required: the broker's execution id, 1-100 characters");
                } else {
                    fillId = id.asText();
                }
                long orderId = 0;
                JsonNode oid = f.get("orderId");
                if (oid == null || !oid.canConvertToLong() || !oid.isIntegralNumber() || oid.asLong() <= 0) {
                    e.add(p + ".orderId", "is required: the id of an order of this portfolio");
                } else {
                    orderId = oid.asLong();
                }
                BigDecimal quantity = f.has("quantity") ? amount(f.get("quantity"), p + ".quantity", true, e) : missing(p + ".quantity", e);
                if (quantity != null && quantity.signum() == 0) {
                    e.add(p + ".quantity", "must be > 0 shares");
                    quantity = null;
                }
                BigDecimal price = f.has("price") ? amount(f.get("price"), p + ".price", true, e) : missing(p + ".price", e);
                if (price != null && price.signum() == 0) {
                    e.add(p + ".price", "must be > 0");
                    price = null;
                }
                BigDecimal fee = f.has("fee") ? amount(f.get("fee"), p + ".fee", true, e) : BigDecimal.ZERO;
                OffsetDateTime at = null;
                if (f.has("executedAt") && !f.get("executedAt").isNull()) {
                    try {
                        at = OffsetDateTime.parse(f.get("executedAt").asText());
                    } catch (DateTimeParseException ex) {
                        e.add(p + ".executedAt", "must be an ISO-8601 date-time with offset, e.g. 2025-09-29T14:30:00Z");
                    }
                }
                if (fillId != null && quantity != null && price != null && fee != null) {
                    out.add(new Fill(fillId, orderId, quantity, price, fee, at));
                }
            }
        }
        e.throwIfAny();
        return out;
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** Field errors collected while reading one body. */
    static final class Errors {
        private final Map<String, String> errors = new LinkedHashMap<>();

        void add(String field, String message) {
            errors.putIfAbsent(field, message);
        }

        boolean has(String field) {
            return errors.containsKey(field);
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw ProblemException.validation(errors.entrySet().stream().map(x -> new Problem.FieldError(x.getKey(), x.getValue())).toList());
            }
        }
    }

    private static JsonNode object(String body, Errors e) {
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            if (n == null || !n.isObject()) {
                throw ProblemException.badRequest("$", "the body must be a JSON object");
            }
            // text PostgreSQL cannot store (NUL, lone surrogates) is refused here, naming the field, not in SQL
            List<Problem.FieldError> unstorable = io.keel.common.Text.unstorable(n);
            if (!unstorable.isEmpty()) {
                throw ProblemException.validation(unstorable);
            }
            return n;
        } catch (JsonProcessingException ex) {
            throw ProblemException.badRequest("$", io.keel.common.Messages.malformedJson(ex));
        }
    }

    private static void unknown(JsonNode n, Set<String> known, String prefix, Errors e) {
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!known.contains(f)) {
                e.add(prefix + f, "unknown field '" + f + "'");
            }
        }
    }

    private static String text(JsonNode root, String field, Pattern pattern, String what, boolean required, Errors e) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                e.add(field, "is required: " + what);
            }
            return null;
        }
        if (!n.isTextual() || !pattern.matcher(n.asText()).matches()) {
            e.add(field, "must be " + what);
            return null;
        }
        return n.asText();
    }

    static boolean symbol(String s, String field, Errors e) {
        if (!SYMBOL.matcher(s).matches()) {
            e.add(field, "'" + s + "' is not a symbol (1-32 letters, digits, '.', '^', '=', '_' or '-')");
            return false;
        }
        return true;
    }

    private static BigDecimal missing(String field, Errors e) {
        e.add(field, "is required");
        return null;
    }

    private static Map<String, BigDecimal> shares(JsonNode n, Errors e) {
        Map<String, BigDecimal> out = new TreeMap<>();
        if (n == null || n.isNull() || !n.isObject()) {
            e.add("holdings", "must be an object of shares by symbol, e.g. {\"SPY\": 10}");
            return out;
        }
        if (n.size() > MAX_SYMBOLS) {
            e.add("holdings", "at most " + MAX_SYMBOLS + " symbols, got " + n.size());
            return out;
        }
        n.fields().forEachRemaining(f -> {
            String field = "holdings." + f.getKey();
            if (symbol(f.getKey(), field, e)) {
                BigDecimal q = amount(f.getValue(), field, true, e);
                if (q != null) {
                    out.put(f.getKey(), q);
                }
            }
        });
        return out;
    }

    /** A finite decimal within +-{@link #MAX_AMOUNT}; {@code nonNegative} refuses negatives. Null (recorded) when bad. */
    static BigDecimal amount(JsonNode n, String field, boolean nonNegative, Errors e) {
        if (n == null || n.isNull()) {
            e.add(field, "must be a number");
            return null;
        }
        if (n.isNumber() && (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
            e.add(field, "must be a finite number, got " + n.asText());
            return null;
        }
        if (!n.isNumber()) {
            e.add(field, "must be a number, got " + n);
            return null;
        }
        BigDecimal v = n.decimalValue();
        // messages show the number as sent (1e-999999999 written out in full would be a gigabyte)
        if (nonNegative && v.signum() < 0) {
            e.add(field, "must be >= 0, got " + v);
            return null;
        }
        if (v.abs().compareTo(MAX_AMOUNT) > 0) {
            e.add(field, "must be at most 1e12 in size, got " + v);
            return null;
        }
        if (v.signum() != 0 && v.stripTrailingZeros().scale() > MAX_DECIMALS) {
            e.add(field, "must have at most " + MAX_DECIMALS + " decimal places (it would be stored rounded), got " + v);
            return null;
        }
        return v;
    }

    private static BigDecimal lot(JsonNode n, String field, boolean fractional, Errors e) {
        BigDecimal v = amount(n, field, true, e);
        if (v == null) {
            return null;
        }
        if (v.signum() <= 0) {
            e.add(field, "must be a positive number of shares per lot, got " + v.toPlainString());
            return null;
        }
        if (!fractional && v.stripTrailingZeros().scale() > 0) {
            e.add(field, "must be a whole number of shares unless fractional shares are enabled (\"fractional\": true), got "
                    + v.toPlainString());
            return null;
        }
        if (v.compareTo(MIN_LOT) < 0) {
            e.add(field, "must be at least 0.000001 shares, got " + v.toPlainString());
            return null;
        }
        return v;
    }

    private static double fraction(JsonNode n, String field, double min, double max, boolean maxInclusive, String what, Errors e) {
        if (n == null || !n.isNumber() || !Double.isFinite(n.doubleValue())) {
            e.add(field, "must be " + what + ", got " + n);
            return 0;
        }
        double v = n.doubleValue();
        if (v < min || v > max || (!maxInclusive && v == max)) {
            e.add(field, "must be " + what + ", got " + n.asText());
            return 0;
        }
        return v;
    }
}
