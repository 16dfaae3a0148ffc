package io.keel.strategy.app.tracking;

import io.agroal.api.AgroalDataSource;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.audit.AuditLog;
import io.keel.strategy.app.marketdata.MarketDataClient;
import io.keel.strategy.app.marketdata.PricesResponse;
import io.keel.strategy.app.marketdata.ReferencePrices;
import io.keel.strategy.app.portfolios.HoldingsEntity;
import io.keel.strategy.app.portfolios.PortfolioDefinitions;
import io.keel.strategy.app.portfolios.PortfolioEntity;
import io.keel.strategy.app.portfolios.PortfolioInput;
import io.keel.strategy.app.portfolios.PortfolioService;
import io.keel.strategy.app.runs.BacktestRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Forward tracking of a portfolio. From the close of the first signal it got orders for up to the last day of
 * market data's latest snapshot, every trading day is valued: cash + shares x that day's <em>close</em> (market
 * data's {@code close} field, the same as the orders' reference prices; dividends are therefore not credited and
 * show as tracking difference), with the holdings in force that day. A PAPER portfolio's open orders are first
 * filled at the close of the signal's next session when the snapshot has it (fee = the portfolio's cost model on
 * the executed notional). The expected equity is a shadow backtest of the same definition version on the same
 * snapshot (adjusted closes), scaled to the portfolio's equity on the first day.
 *
 * <p>Holdings in force on a day: the initial holdings from the start; a batch of fills from its execution day (its
 * {@code executedAt} in New York, else the next session of its orders' signal); a replacement (PUT) from the day it
 * was recorded. A recomputation (new snapshot, late or re-adjusted, or new fills) replaces the portfolio's stored days
 * in one transaction under its row lock: a day is never counted twice.
 */
@ApplicationScoped
public class TrackingService {

    private static final Logger LOG = Logger.getLogger(TrackingService.class);
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final String PAPER = "PAPER";
    public static final String REAL = "REAL";

    /** The stored tracking of a portfolio, with its figures. Amounts in currency, returns as fractions. */
    public record TrackingView(long portfolioId, String portfolio, String mode, String priceField, Long snapshotId,
                               OffsetDateTime computedAt, TrackingMath.Summary summary, double drawdown, List<TrackingMath.Day> days,
                               List<String> notes) {
    }

    @Inject
    AgroalDataSource ds;

    @Inject
    @RestClient
    MarketDataClient marketData;

    @Inject
    BacktestRunner runner;

    @Inject
    PortfolioDefinitions definitions;

    @Inject
    PortfolioService portfolios;

    @Inject
    AuditLog audit;

    @Inject
    io.keel.strategy.app.portfolios.PortfolioJson json;

    /** Marks the portfolio PAPER or REAL. */
    public String setMode(long portfolioId, String body) {
        String mode = parseMode(body);
        QuarkusTransaction.requiringNew().run(() -> {
            PortfolioEntity p = PortfolioEntity.lockLive(portfolioId).orElseThrow(() -> notFound(portfolioId));
            update("INSERT INTO portfolio_tracking (portfolio_id, mode) VALUES (?, ?) ON CONFLICT (portfolio_id) DO UPDATE "
                    + "SET mode = excluded.mode, updated_at = now(), snapshot_id = NULL", p.id, mode);
            audit.recordPortfolio("portfolio.tracking.mode", p.name, definitions.liveName(p.definitionId).orElse(null), "mode " + mode);
        });
        return mode;
    }

    static String parseMode(String body) {
        try {
            var n = new ObjectMapper().readTree(body == null ? "" : body);
            if (n == null || !n.isObject()) {
                throw ProblemException.badRequest("$", "the body must be a JSON object {\"mode\": \"PAPER\" | \"REAL\"}");
            }
            var m = n.get("mode");
            var it = n.fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (!f.equals("mode")) {
                    throw ProblemException.badRequest(f, "unknown field '" + f + "'");
                }
            }
            if (m == null || !m.isTextual() || !(m.asText().equals(PAPER) || m.asText().equals(REAL))) {
                throw ProblemException.badRequest("mode", "must be \"PAPER\" (orders filled automatically at the next session's close) "
                        + "or \"REAL\" (only recorded fills)");
            }
            return m.asText();
        } catch (IOException e) {
            throw ProblemException.badRequest("$", "malformed JSON");
        }
    }

    /** The stored tracking (recomputed first when nothing is stored yet). */
    public TrackingView view(long portfolioId) {
        Stored s = stored(portfolioId);
        if (s.days.isEmpty()) {
            refresh(portfolioId);
            s = stored(portfolioId);
        }
        return toView(s, List.of());
    }

    /**
     * Fills a PAPER portfolio's due orders, then recomputes its days from the latest snapshot when the snapshot or
     * the holdings changed since the last computation.
     *
     * @throws ProblemException 404 no portfolio; 409 no orders yet (nothing to track from)
     */
    public TrackingView refresh(long portfolioId) {
        Portfolio p = portfolio(portfolioId);
        List<ListRow> lists = orderLists(p.id());
        if (lists.isEmpty()) {
            throw new ProblemException(new Problem("https://keel.dev/problems/tracking", "Nothing to track yet", 409,
                    "portfolio '" + p.name() + "' has no orders yet: tracking starts at the close of the first signal it follows",
                    List.of()));
        }
        LocalDate start = lists.get(0).asOf();
        Closes c = Closes.of(marketData.prices(String.join(",", symbols(p)), start.toString(), null, "latest", "close"));
        List<String> notes = new ArrayList<>();
        if (PAPER.equals(p.mode())) {
            paperFill(p, lists, c, notes);
        }
        Portfolio now = portfolio(portfolioId);
        if (now.snapshotId() != null && now.snapshotId() == c.snapshotId() && now.computedVersion() != null
                && now.computedVersion() == now.holdingsVersion()) {
            return toView(stored(portfolioId), notes);
        }
        List<Valued> valued = value(now, start, c);
        Map<LocalDate, Double> shadow = shadow(now, lists.get(0).version(), c.snapshotId(), notes);
        Double base = valued.isEmpty() ? null : shadow.get(valued.get(0).day());
        List<Row> rows = new ArrayList<>();
        for (Valued v : valued) {
            Double pe = shadow.get(v.day());
            Double expected = base == null || pe == null ? null : valued.get(0).equity().doubleValue() * pe / base;
            rows.add(new Row(v.day(), v.equity(), v.cash(), expected, v.fees(), v.version()));
        }
        store(now, rows, c.snapshotId());
        LOG.infof("portfolio %s: %d day(s) tracked from %s on snapshot %d (%s)", now.name(), rows.size(), start, c.snapshotId(), now.mode());
        return toView(stored(portfolioId), notes);
    }

    /** Refreshes every live portfolio that has orders; failures are logged per portfolio. */
    public int refreshAll() {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> query("SELECT DISTINCT p.id FROM portfolio p JOIN order_list l "
                + "ON l.portfolio_id = p.id WHERE p.deleted_at IS NULL ORDER BY p.id", rs -> rs.getLong(1)));
        int done = 0;
        for (long id : ids) {
            try {
                refresh(id);
                done++;
            } catch (RuntimeException e) {
                LOG.warnf("tracking of portfolio %d failed: %s", id, e.getMessage());
            }
        }
        return done;
    }

    // --- internals -------------------------------------------------------------------------------------------

    record Portfolio(long id, String name, long definitionId, String mode, int holdingsVersion, Long snapshotId, Integer computedVersion,
                     double costBps, BigDecimal costMin, OffsetDateTime computedAt) {
    }

    record ListRow(long id, long signalId, int version, LocalDate asOf, LocalDate nextSession, int holdingsVersion) {
    }

    record Valued(LocalDate day, BigDecimal equity, BigDecimal cash, BigDecimal fees, int version) {
    }

    record Row(LocalDate day, BigDecimal equity, BigDecimal cash, Double expected, BigDecimal fees, int version) {
    }

    record Stored(Portfolio portfolio, List<TrackingMath.Day> days) {
    }

    /** Closes of one snapshot: a date axis and per symbol the close on each date (NaN where it has no bar). */
    record Closes(long snapshotId, List<LocalDate> dates, Map<String, double[]> values) {
        static Closes of(PricesResponse r) {
            List<LocalDate> dates = r.dates() == null ? List.of() : r.dates().stream().map(LocalDate::parse).toList();
            Map<String, double[]> v = new HashMap<>();
            if (r.values() != null) {
                r.values().forEach((sym, list) -> {
                    double[] a = new double[dates.size()];
                    for (int i = 0; i < a.length; i++) {
                        Double x = i < list.size() ? list.get(i) : null;
                        a[i] = x == null || !Double.isFinite(x) || x <= 0 ? Double.NaN : x;
                    }
                    v.put(sym, a);
                });
            }
            return new Closes(r.snapshotId() == null ? -1 : r.snapshotId(), dates, v);
        }

        LocalDate lastDate() {
            return dates.isEmpty() ? null : dates.get(dates.size() - 1);
        }

        /** The close of {@code symbol} on row {@code i}, or its last close before (NaN when none). */
        double closeAtOrBefore(String symbol, int i) {
            double[] a = values.get(symbol);
            if (a == null) {
                return Double.NaN;
            }
            for (int j = i; j >= 0; j--) {
                if (!Double.isNaN(a[j])) {
                    return a[j];
                }
            }
            return Double.NaN;
        }

        /** The close of {@code symbol} on {@code day} exactly, or NaN. */
        double closeOn(String symbol, LocalDate day) {
            int i = dates.indexOf(day);
            double[] a = values.get(symbol);
            return i < 0 || a == null ? Double.NaN : a[i];
        }
    }

    /** Fills the open orders of the newest order list due (its next session is in the snapshot) at that close. */
    private void paperFill(Portfolio p, List<ListRow> lists, Closes c, List<String> notes) {
        LocalDate last = c.lastDate();
        if (last == null) {
            return;
        }
        ListRow due = null;
        for (ListRow l : lists) {
            if (l.nextSession() != null && !l.nextSession().isAfter(last)) {
                due = l;
            }
        }
        if (due == null) {
            notes.add("paper: no order list is due yet (the snapshot ends " + last + ", before the next session of the latest signal)");
            return;
        }
        ListRow list = due;
        List<PortfolioInput.Fill> fills = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        OffsetDateTime at = list.nextSession().atTime(LocalTime.of(16, 0)).atZone(NEW_YORK).toOffsetDateTime();
        QuarkusTransaction.requiringNew().run(() -> {
            for (var o : io.keel.strategy.app.portfolios.OrderEntity.ofList(list.id())) {
                BigDecimal left = o.quantity.subtract(o.filledQuantity);
                if (left.signum() <= 0) {
                    continue;
                }
                double close = c.closeOn(o.symbol, list.nextSession());
                if (Double.isNaN(close)) {
                    missing.add(o.symbol);
                    continue;
                }
                BigDecimal price = BigDecimal.valueOf(close).setScale(ReferencePrices.SCALE, RoundingMode.HALF_EVEN);
                BigDecimal fee = left.multiply(price).multiply(BigDecimal.valueOf(p.costBps())).divide(BigDecimal.valueOf(10_000), 6,
                        RoundingMode.HALF_EVEN).max(p.costMin()).setScale(6, RoundingMode.HALF_EVEN);
                fills.add(new PortfolioInput.Fill("paper-" + o.id, o.id, left, price, fee, at));
            }
        });
        if (list.holdingsVersion() != p.holdingsVersion() && fills.size() > 0) {
            notes.add("paper: order list " + list.id() + " was computed from holdings version " + list.holdingsVersion()
                    + ", the holdings are now version " + p.holdingsVersion() + ": not filled automatically");
            return;
        }
        if (!missing.isEmpty()) {
            notes.add("paper: no close on " + list.nextSession() + " for " + missing + " in snapshot " + c.snapshotId()
                    + ": those orders stay open");
        }
        if (fills.isEmpty()) {
            return;
        }
        try {
            var r = portfolios.fills(p.id(), fills);
            notes.add("paper: " + r.applied() + " order(s) of order list " + list.id() + " filled at the " + list.nextSession() + " close");
        } catch (ProblemException e) {
            notes.add("paper: the orders of order list " + list.id() + " could not be filled: " + e.problem().detail());
        }
    }

    /** Each day of the snapshot from {@code start}: the holdings in force valued at that day's closes. */
    private List<Valued> value(Portfolio p, LocalDate start, Closes c) {
        record Version(int version, BigDecimal cash, Map<String, BigDecimal> positions, LocalDate effective, BigDecimal fees) {
        }
        List<Version> versions = QuarkusTransaction.requiringNew().call(() -> {
            Map<Integer, LocalDate> fillDay = new HashMap<>();
            Map<Integer, BigDecimal> fillFees = new HashMap<>();
            query("SELECT f.holdings_version, max(coalesce((f.executed_at AT TIME ZONE 'America/New_York')::date, s.next_session)), "
                    + "sum(f.fee) FROM fill f JOIN portfolio_order o ON o.id = f.order_id JOIN order_list l ON l.id = o.order_list_id "
                    + "JOIN signal s ON s.id = l.signal_id WHERE f.portfolio_id = ? GROUP BY f.holdings_version", rs -> {
                fillDay.put(rs.getInt(1), rs.getObject(2, LocalDate.class));
                fillFees.put(rs.getInt(1), rs.getBigDecimal(3));
                return null;
            }, p.id());
            List<Version> out = new ArrayList<>();
            for (HoldingsEntity h : HoldingsEntity.history(p.id())) {
                LocalDate recorded = h.createdAt.atZoneSameInstant(NEW_YORK).toLocalDate();
                LocalDate effective = switch (h.source) {
                    case HoldingsEntity.CREATED -> LocalDate.MIN;
                    case HoldingsEntity.FILLS -> fillDay.getOrDefault(h.version, recorded);
                    default -> recorded;
                };
                out.add(new Version(h.version, h.cash, json.amounts(h.positions), effective,
                        HoldingsEntity.FILLS.equals(h.source) ? fillFees.getOrDefault(h.version, BigDecimal.ZERO) : BigDecimal.ZERO));
            }
            return out;
        });
        List<Valued> out = new ArrayList<>();
        for (int i = 0; i < c.dates().size(); i++) {
            LocalDate d = c.dates().get(i);
            if (d.isBefore(start)) {
                continue;
            }
            Version in = null;
            BigDecimal fees = BigDecimal.ZERO;
            for (Version v : versions) {
                if (!v.effective().isAfter(d)) {
                    fees = fees.add(v.fees());
                    if (in == null || v.version() > in.version()) {
                        in = v;
                    }
                }
            }
            if (in == null) {
                continue;
            }
            BigDecimal equity = in.cash();
            boolean priced = true;
            for (var e : in.positions().entrySet()) {
                double close = c.closeAtOrBefore(e.getKey(), i);
                if (Double.isNaN(close)) {
                    priced = false;
                    break;
                }
                equity = equity.add(e.getValue().multiply(BigDecimal.valueOf(close)));
            }
            if (priced) {
                out.add(new Valued(d, equity.setScale(6, RoundingMode.HALF_EVEN), in.cash(), fees, in.version()));
            }
        }
        return out;
    }

    /** The shadow backtest's equity by date (the engine's port_equity), or empty with a note when it cannot run. */
    private Map<LocalDate, Double> shadow(Portfolio p, int version, long snapshotId, List<String> notes) {
        Map<LocalDate, Double> out = new TreeMap<>();
        try {
            String body = QuarkusTransaction.requiringNew().call(() -> definitions.body(p.definitionId(), version))
                    .orElseThrow(() -> new IllegalStateException("version " + version + " of the definition is gone"));
            BacktestDefinition d = DefinitionJson.parse(body);
            BacktestDefinition live = new BacktestDefinition(d.name(), d.description(), d.universe(), d.groups(), d.start(), null,
                    d.rebalance(), d.weightScheme(), d.overlays(), d.exposureLimits(), d.cashRate(), d.semantics(), d.seedScript());
            var series = runner.run(live, String.valueOf(snapshotId)).result().series();
            double[] equity = series.column("port_equity").orElseThrow();
            for (int i = 0; i < series.size(); i++) {
                out.put(series.date(i), equity[i]);
            }
        } catch (RuntimeException e) {
            notes.add("expected equity unavailable: the shadow backtest of version " + version + " failed: " + e.getMessage());
        }
        return out;
    }

    private void store(Portfolio p, List<Row> rows, long snapshotId) {
        QuarkusTransaction.requiringNew().run(() -> {
            PortfolioEntity locked = PortfolioEntity.lockLive(p.id()).orElseThrow(() -> notFound(p.id()));
            if (locked.holdingsVersion != p.holdingsVersion()) {
                return; // fills arrived meanwhile: the next refresh values them
            }
            update("DELETE FROM portfolio_equity WHERE portfolio_id = ?", p.id());
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO portfolio_equity (portfolio_id, "
                    + "day, equity, cash, expected_equity, fees_to_date, holdings_version, snapshot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row r : rows) {
                    ps.setLong(1, p.id());
                    ps.setObject(2, r.day());
                    ps.setBigDecimal(3, r.equity());
                    ps.setBigDecimal(4, r.cash());
                    ps.setObject(5, r.expected());
                    ps.setBigDecimal(6, r.fees());
                    ps.setInt(7, r.version());
                    ps.setLong(8, snapshotId);
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            update("INSERT INTO portfolio_tracking (portfolio_id, snapshot_id, holdings_version, computed_at) VALUES (?, ?, ?, now()) "
                    + "ON CONFLICT (portfolio_id) DO UPDATE SET snapshot_id = excluded.snapshot_id, holdings_version = excluded.holdings_version, "
                    + "computed_at = now()", p.id(), snapshotId, p.holdingsVersion());
        });
    }

    private Stored stored(long portfolioId) {
        Portfolio p = portfolio(portfolioId);
        List<TrackingMath.Day> days = QuarkusTransaction.requiringNew().call(() -> query("SELECT day, equity, expected_equity, cash, "
                + "fees_to_date FROM portfolio_equity WHERE portfolio_id = ? ORDER BY day", rs -> new TrackingMath.Day(
                rs.getObject(1, LocalDate.class), rs.getBigDecimal(2).doubleValue(), (Double) rs.getObject(3), rs.getBigDecimal(4).doubleValue(),
                rs.getBigDecimal(5).doubleValue()), portfolioId));
        return new Stored(p, days);
    }

    private TrackingView toView(Stored s, List<String> notes) {
        Portfolio p = s.portfolio();
        return new TrackingView(p.id(), p.name(), p.mode(), "close", p.snapshotId(), p.computedAt(),
                s.days().isEmpty() ? null : TrackingMath.summarise(s.days()), s.days().isEmpty() ? 0 : TrackingMath.drawdown(s.days()),
                s.days(), List.copyOf(notes));
    }

    Portfolio portfolio(long id) {
        List<Portfolio> found = QuarkusTransaction.requiringNew().call(() -> query("SELECT p.id, p.name, p.definition_id, "
                + "coalesce(t.mode, 'REAL'), p.holdings_version, t.snapshot_id, t.holdings_version, p.cost_bps, p.cost_min_per_order, "
                + "t.computed_at FROM portfolio p LEFT JOIN portfolio_tracking t ON t.portfolio_id = p.id "
                + "WHERE p.id = ? AND p.deleted_at IS NULL", rs -> new Portfolio(rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getString(4), rs.getInt(5), (Long) rs.getObject(6), (Integer) rs.getObject(7), rs.getDouble(8), rs.getBigDecimal(9),
                rs.getObject(10, OffsetDateTime.class)), id));
        if (found.isEmpty()) {
            throw notFound(id);
        }
        return found.get(0);
    }

    private List<ListRow> orderLists(long portfolioId) {
        return QuarkusTransaction.requiringNew().call(() -> query("SELECT l.id, l.signal_id, s.version, s.as_of_date, s.next_session, "
                + "l.holdings_version FROM order_list l JOIN signal s ON s.id = l.signal_id WHERE l.portfolio_id = ? "
                + "ORDER BY s.as_of_date, l.id", rs -> new ListRow(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), rs.getInt(6)), portfolioId));
    }

    /** The definition's universe and every symbol the portfolio has held. */
    private List<String> symbols(Portfolio p) {
        TreeSet<String> out = new TreeSet<>();
        QuarkusTransaction.requiringNew().run(() -> {
            definitions.latestBody(p.definitionId()).ifPresent(b -> out.addAll(DefinitionJson.parse(b).universe()));
            for (HoldingsEntity h : HoldingsEntity.history(p.id())) {
                out.addAll(json.amounts(h.positions).keySet());
            }
        });
        return List.copyOf(out);
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowReader<T> reader, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    T t = reader.read(rs);
                    if (t != null) {
                        out.add(t);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("no portfolio with id " + id);
    }

    private void update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
