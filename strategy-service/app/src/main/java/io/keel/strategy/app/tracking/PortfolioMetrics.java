package io.keel.strategy.app.tracking;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Portfolio gauges, cluster-wide (read from the database every 10 s by each node), labelled {@code portfolio} (its
 * name) for at most {@code keel.metrics.max-portfolios} live portfolios, lowest ids first (the rest are counted in
 * {@code keel_portfolios_unlabelled}), so the series count stays bounded:
 * <ul>
 *   <li>{@code keel_portfolio_info{portfolio, definition, mode}} 1 per labelled portfolio (mode PAPER / REAL);</li>
 *   <li>{@code keel_portfolio_equity}, {@code keel_portfolio_expected_equity} (currency, the last tracked day),
 *       {@code keel_portfolio_drawdown} (fraction below the running peak), {@code keel_portfolio_tracking_error}
 *       (annualised, fraction), {@code keel_portfolio_tracking_difference} (fraction) — for portfolios tracked;</li>
 *   <li>{@code keel_portfolio_days_since_last_fill} (days since the last fill was recorded, or since creation);</li>
 *   <li>{@code keel_portfolio_pending_orders} (unfilled orders of the latest order list) and
 *       {@code keel_portfolio_oldest_pending_order_days} (age of that order list while it has any, else 0);</li>
 *   <li>{@code keel_portfolio_webhook_failures} (failed attempts since the last delivered event) and
 *       {@code keel_portfolio_webhook_failing_seconds} (since the first of them; 0 when none) — webhooks only;</li>
 *   <li>{@code keel_webhook_events{status}} (PENDING / DELIVERED / FAILED, all portfolios);</li>
 *   <li>the alert thresholds as gauges: {@code keel_portfolio_tracking_error_threshold}
 *       ({@code keel.tracking.alert.tracking-error}) and {@code keel_portfolio_unfilled_days_threshold}
 *       ({@code keel.tracking.alert.unfilled-days}).</li>
 * </ul>
 */
@ApplicationScoped
public class PortfolioMetrics {

    private static final Logger LOG = Logger.getLogger(PortfolioMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource ds;

    @Inject
    PortfolioMetricsConfig limits;

    @Inject
    TrackingConfig tracking;

    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private ScheduledExecutorService refresher;

    static final List<String> NAMES = List.of("keel.portfolio.info", "keel.portfolio.equity", "keel.portfolio.expected.equity",
            "keel.portfolio.drawdown", "keel.portfolio.tracking.error", "keel.portfolio.tracking.difference",
            "keel.portfolio.days.since.last.fill", "keel.portfolio.pending.orders", "keel.portfolio.oldest.pending.order.days",
            "keel.portfolio.webhook.failures", "keel.portfolio.webhook.failing.seconds");

    void start(@Observes StartupEvent e) {
        for (String n : NAMES) {
            gauges.put(n, MultiGauge.builder(n).register(registry));
        }
        for (String k : List.of("live", "unlabelled", "PENDING", "DELIVERED", "FAILED")) {
            counts.put(k, 0L);
        }
        Gauge.builder("keel.portfolios", counts, m -> m.get("live")).description("live portfolios, cluster-wide").register(registry);
        Gauge.builder("keel.portfolios.unlabelled", counts, m -> m.get("unlabelled"))
                .description("live portfolios beyond keel.metrics.max-portfolios, not labelled").register(registry);
        for (String s : List.of("PENDING", "DELIVERED", "FAILED")) {
            Gauge.builder("keel.webhook.events", counts, m -> m.get(s)).tag("status", s).description("webhook events by status")
                    .register(registry);
        }
        Gauge.builder("keel.portfolio.tracking.error.threshold", this, m -> m.tracking.alert().trackingError())
                .description("annualised tracking error above which KeelPortfolioTrackingErrorHigh fires").register(registry);
        Gauge.builder("keel.portfolio.unfilled.days.threshold", this, m -> m.tracking.alert().unfilledDays())
                .description("days after which unfilled orders fire KeelPortfolioOrdersUnfilled").register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-portfolio-metrics");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 1, 10, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** One portfolio's figures from the database. */
    record Figures(long id, String name, String definition, String mode, double daysSinceFill, long pending, double pendingDays,
                   Long webhookFailures, Double failingSeconds) {
    }

    /** Re-reads every gauge from the database. */
    public void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(this::read);
        } catch (RuntimeException ex) {
            LOG.debugf("portfolio metrics refresh failed: %s", ex.toString());
        }
    }

    private void read() {
        try (Connection c = ds.getConnection()) {
            counts.put("live", single(c, "SELECT count(*) FROM portfolio WHERE deleted_at IS NULL"));
            for (String s : List.of("PENDING", "DELIVERED", "FAILED")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM webhook_event WHERE status = ?")) {
                    ps.setString(1, s);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        counts.put(s, rs.getLong(1));
                    }
                }
            }
            counts.put("unlabelled", Math.max(0, counts.get("live") - limits.maxPortfolios()));
            List<Figures> figures = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT p.id, p.name, d.name, coalesce(t.mode, 'REAL'),
                           extract(epoch FROM now() - coalesce((SELECT max(f.created_at) FROM fill f WHERE f.portfolio_id = p.id), p.created_at)) / 86400,
                           (SELECT count(*) FROM portfolio_order o WHERE o.order_list_id = l.id AND o.filled_quantity < o.quantity),
                           CASE WHEN EXISTS (SELECT 1 FROM portfolio_order o WHERE o.order_list_id = l.id AND o.filled_quantity < o.quantity)
                                THEN extract(epoch FROM now() - l.created_at) / 86400 ELSE 0 END,
                           CASE WHEN w.portfolio_id IS NULL THEN NULL ELSE
                             (SELECT count(*) FROM webhook_attempt a JOIN webhook_event e ON e.id = a.event_id
                              WHERE e.portfolio_id = p.id AND a.outcome <> 'DELIVERED' AND e.id > coalesce(
                                (SELECT max(x.id) FROM webhook_event x WHERE x.portfolio_id = p.id AND x.status = 'DELIVERED'), 0)) END,
                           CASE WHEN w.portfolio_id IS NULL THEN NULL ELSE coalesce(
                             (SELECT extract(epoch FROM now() - min(e.first_failure_at)) FROM webhook_event e
                              WHERE e.portfolio_id = p.id AND e.status <> 'DELIVERED' AND e.first_failure_at IS NOT NULL AND e.id > coalesce(
                                (SELECT max(x.id) FROM webhook_event x WHERE x.portfolio_id = p.id AND x.status = 'DELIVERED'), 0)), 0) END
                    FROM portfolio p
                    JOIN definition d ON d.id = p.definition_id
                    LEFT JOIN portfolio_tracking t ON t.portfolio_id = p.id
                    LEFT JOIN portfolio_webhook w ON w.portfolio_id = p.id
                    LEFT JOIN LATERAL (SELECT ol.id, ol.created_at FROM order_list ol WHERE ol.portfolio_id = p.id
                                       ORDER BY ol.id DESC LIMIT 1) l ON TRUE
                    WHERE p.deleted_at IS NULL
                    ORDER BY p.id
                    LIMIT ?""")) {
                ps.setInt(1, limits.maxPortfolios());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        figures.add(new Figures(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
                                rs.getLong(6), rs.getDouble(7), (Long) rs.getObject(8), rs.getObject(9) == null ? null : rs.getDouble(9)));
                    }
                }
            }
            Map<Long, List<TrackingMath.Day>> days = new HashMap<>();
            if (!figures.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT portfolio_id, day, equity, expected_equity, cash, fees_to_date "
                        + "FROM portfolio_equity WHERE portfolio_id = ANY (?) ORDER BY portfolio_id, day")) {
                    ps.setArray(1, c.createArrayOf("bigint", figures.stream().map(Figures::id).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            days.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new TrackingMath.Day(rs.getObject(2, LocalDate.class),
                                    rs.getBigDecimal(3).doubleValue(), (Double) rs.getObject(4), rs.getBigDecimal(5).doubleValue(),
                                    rs.getBigDecimal(6).doubleValue()));
                        }
                    }
                }
            }
            Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
            for (String n : NAMES) {
                rows.put(n, new ArrayList<>());
            }
            for (Figures f : figures) {
                Tags t = Tags.of("portfolio", f.name());
                rows.get("keel.portfolio.info").add(MultiGauge.Row.of(Tags.of("portfolio", f.name(), "definition", f.definition(), "mode", f.mode()), 1));
                rows.get("keel.portfolio.days.since.last.fill").add(MultiGauge.Row.of(t, f.daysSinceFill()));
                rows.get("keel.portfolio.pending.orders").add(MultiGauge.Row.of(t, f.pending()));
                rows.get("keel.portfolio.oldest.pending.order.days").add(MultiGauge.Row.of(t, f.pendingDays()));
                if (f.webhookFailures() != null) {
                    rows.get("keel.portfolio.webhook.failures").add(MultiGauge.Row.of(t, f.webhookFailures()));
                    rows.get("keel.portfolio.webhook.failing.seconds").add(MultiGauge.Row.of(t, f.failingSeconds()));
                }
                List<TrackingMath.Day> d = days.get(f.id());
                if (d != null && !d.isEmpty()) {
                    TrackingMath.Summary s = TrackingMath.summarise(d);
                    rows.get("keel.portfolio.equity").add(MultiGauge.Row.of(t, s.lastEquity()));
                    rows.get("keel.portfolio.drawdown").add(MultiGauge.Row.of(t, TrackingMath.drawdown(d)));
                    if (s.lastExpected() != null) {
                        rows.get("keel.portfolio.expected.equity").add(MultiGauge.Row.of(t, s.lastExpected()));
                    }
                    if (s.trackingErrorAnnualised() != null) {
                        rows.get("keel.portfolio.tracking.error").add(MultiGauge.Row.of(t, s.trackingErrorAnnualised()));
                    }
                    if (s.trackingDifference() != null) {
                        rows.get("keel.portfolio.tracking.difference").add(MultiGauge.Row.of(t, s.trackingDifference()));
                    }
                }
            }
            rows.forEach((n, r) -> gauges.get(n).register(r, true));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
