package io.keel.strategy.app.portfolios;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.audit.AuditLog;
import io.keel.strategy.app.orders.Amounts;
import io.keel.strategy.app.orders.CostModel;
import io.keel.strategy.app.orders.Holdings;
import io.keel.strategy.app.orders.InvalidOrderInput;
import io.keel.strategy.app.orders.Order;
import io.keel.strategy.app.orders.OrderCalculator;
import io.keel.strategy.app.orders.OrderPlan;
import io.keel.strategy.app.orders.OrderRequest;
import io.keel.strategy.app.orders.PositionLine;
import io.keel.strategy.app.orders.Targets;
import io.keel.strategy.app.orders.TradingRules;
import io.keel.strategy.app.runs.RunExecutor;
import io.keel.strategy.app.signals.Freshness;
import io.keel.strategy.app.signals.SignalService;
import io.keel.strategy.app.signals.SignalStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The order lists of the portfolios: one per signal and portfolio, computed by {@link OrderCalculator} from
 * the holdings version current at that moment, the signal's weights, leverage and reference prices (the
 * closes of its day, same snapshot) and the portfolio's trading rules, and stored with its orders in one
 * transaction under the portfolio's row lock, so that each signal's orders for a portfolio exist exactly
 * once whichever node, job or request gets there first.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);

    /** The plan's figures besides the orders, as stored in {@code order_list.plan}. */
    public record PlanJson(List<PositionLine> positions, Summary summary, List<String> notes) {
    }

    /**
     * Totals of an order list. Amounts in the portfolio's currency; exposures and drift in fractions of net
     * asset value (NAV).
     *
     * @param navBefore       cash + holdings at the reference prices
     * @param navAfter        NAV after the estimated costs
     * @param cashAfter       cash once every order is filled at its reference price (negative: a loan, with leverage only)
     * @param leverage        the signal's exposure multiplier
     * @param targetExposure  sum of the signal's weights times its leverage
     * @param exposureCeiling the most the exposure after the orders may be (1 without leverage)
     * @param totalDrift      sum over assets of |weight - target| before the orders
     */
    public record Summary(BigDecimal navBefore, BigDecimal navAfter, BigDecimal cashBefore, BigDecimal cashAfter, double leverage,
                          double targetExposure, double exposureCeiling, double exposureBefore, double exposureAfter,
                          double totalDrift, BigDecimal totalBuys, BigDecimal totalSells, BigDecimal totalCosts) {
    }

    /**
     * One order as served.
     *
     * @param id             the order's id (what fills name)
     * @param quantity       shares, whole lots
     * @param referencePrice the signal's close, currency per share
     * @param notional       quantity x reference price, currency
     * @param estimatedCost  the portfolio's cost model, currency
     * @param filledQuantity shares filled so far
     * @param status         OPEN, PARTIALLY_FILLED or FILLED
     */
    public record OrderView(long id, String symbol, String side, BigDecimal quantity, long lots, BigDecimal lotSize,
                            BigDecimal referencePrice, BigDecimal notional, BigDecimal estimatedCost, BigDecimal filledQuantity,
                            String status) {
    }

    /**
     * The signal an order list follows, its freshness judged now.
     *
     * @param weights  target base weights (fractions)
     * @param leverage exposure multiplier
     */
    public record SignalRef(long id, String definition, int version, String status, LocalDate asOf, LocalDate nextSession,
                            LocalDate expectedAsOf, int tradingDaysBehind, String reason, Long snapshotId, Double leverage,
                            JsonNode weights) {
    }

    /**
     * A portfolio's order list for its definition's latest signal.
     *
     * @param stale                 true when the signal is STALE (served only when allowStale=true was asked)
     * @param warning               what STALE means for these orders, in words (null when fresh)
     * @param holdingsVersion       the holdings version the orders were computed from
     * @param currentHoldingsVersion the portfolio's holdings version now (higher after fills or a replacement)
     */
    public record OrderListView(long portfolioId, String portfolio, long orderListId, boolean stale, String warning,
                                SignalRef signal, int holdingsVersion, int currentHoldingsVersion, OffsetDateTime createdAt,
                                List<OrderView> orders, List<PositionLine> positions, Summary summary, List<String> notes) {
    }

    @Inject
    SignalService signals;

    @Inject
    AuditLog audit;

    @Inject
    RunExecutor executor;

    @Inject
    ObjectMapper mapper;

    @Inject
    PortfolioDefinitions definitions;

    @Inject
    jakarta.enterprise.event.Event<OrderListCreated> created;

    @Inject
    PortfolioJson json;

    /**
     * The order list of {@code signal} for the portfolio, computed and stored now (in its own transaction,
     * under the portfolio's row lock) unless it exists. Empty when the portfolio is gone.
     *
     * @throws InvalidOrderInput when the holdings cannot be priced or valued (nothing is stored)
     */
    public Optional<Long> ensure(long portfolioId, SignalStore.Row signal) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<PortfolioEntity> locked = PortfolioEntity.lockLive(portfolioId);
            if (locked.isEmpty()) {
                return Optional.<Long>empty();
            }
            PortfolioEntity p = locked.get();
            Optional<OrderListEntity> existing = OrderListEntity.of(p.id, signal.id());
            if (existing.isPresent()) {
                return Optional.of(existing.get().id);
            }
            HoldingsEntity h = HoldingsEntity.of(p.id, p.holdingsVersion).orElseThrow();
            OrderPlan plan = OrderCalculator.calculate(request(p, h, signal));
            OrderListEntity list = new OrderListEntity();
            list.portfolioId = p.id;
            list.signalId = signal.id();
            list.holdingsVersion = h.version;
            list.plan = json.write(new PlanJson(plan.positions(), summary(plan), plan.notes()));
            list.node = executor.node();
            list.createdAt = OffsetDateTime.now();
            list.persist();
            int position = 0;
            for (Order o : plan.orders()) {
                OrderEntity e = new OrderEntity();
                e.orderListId = list.id;
                e.portfolioId = p.id;
                e.position = position++;
                e.symbol = o.symbol();
                e.side = o.side().name();
                e.quantity = o.quantity();
                e.lots = o.lots();
                e.lotSize = o.lotSize();
                e.referencePrice = o.referencePrice();
                e.notional = o.notional();
                e.estimatedCost = o.estimatedCost();
                e.filledQuantity = BigDecimal.ZERO;
                e.persist();
            }
            audit.recordPortfolio("orders.generated", p.name, signal.definition(), plan.orders().size() + " order(s) for the signal of "
                    + signal.asOf() + " (version " + signal.version() + ", signal " + signal.id() + ") from holdings version " + h.version);
            created.fire(new OrderListCreated(p.id, list.id, signal));
            LOG.infof("portfolio %s: %d order(s) for signal %d of %s (%s) on %s", p.name, plan.orders().size(), signal.id(),
                    signal.definition(), signal.asOf(), list.node);
            return Optional.of(list.id);
        });
    }

    /** What the calculator needs: holdings, the signal's targets and prices, the portfolio's rules, the definition's limit. */
    OrderRequest request(PortfolioEntity p, HoldingsEntity h, SignalStore.Row signal) {
        Map<String, Double> weights = json.read(signal.weights(), new TypeReference<TreeMap<String, Double>>() {
        });
        weights.replaceAll((k, v) -> v == null ? 0.0 : v);
        Map<String, BigDecimal> prices = json.amounts(signal.prices());
        Map<String, BigDecimal> positions = json.amounts(h.positions);
        Map<String, BigDecimal> lots = json.amounts(p.lotSizes);
        Double maxLeverage = definitions.body(p.definitionId, signal.version())
                .map(DefinitionJson::parse).map(BacktestDefinition::exposureLimits).map(l -> l.max()).orElse(null);
        TradingRules rules = new TradingRules(lots, p.defaultLotSize, p.fractional, p.minTradeNotional, p.band, p.totalDriftThreshold,
                new CostModel(p.costBps, p.costMinPerOrder));
        double leverage = signal.leverage() == null ? 1.0 : signal.leverage();
        return new OrderRequest(new Holdings(positions, h.cash), new Targets(weights, leverage), prices, rules, maxLeverage);
    }

    private static Summary summary(OrderPlan p) {
        return new Summary(p.navBefore(), p.navAfter(), p.cashBefore(), p.cashAfter(), p.leverage(), p.targetExposure(),
                p.exposureCeiling(), p.exposureBefore(), p.exposureAfter(), p.totalDrift(), p.totalBuys(), p.totalSells(), p.totalCosts());
    }

    /**
     * The order list of the portfolio for its definition's latest signal (computed now if it has none).
     *
     * @param allowStale serve the orders of a STALE signal (marked stale); otherwise a STALE signal is refused 409
     * @throws ProblemException 404 no portfolio / its definition gone, not active or without data; 409 STALE signal
     *                          without allowStale, or holdings that cannot be valued
     */
    public OrderListView latest(long portfolioId, boolean allowStale) {
        PortfolioEntity p = QuarkusTransaction.requiringNew().call(() -> PortfolioEntity.live(portfolioId))
                .orElseThrow(() -> ProblemException.notFound("no portfolio with id " + portfolioId));
        String definition = QuarkusTransaction.requiringNew().call(() -> definitions.liveName(p.definitionId))
                .orElseThrow(() -> ProblemException.notFound("the definition portfolio '" + p.name + "' follows has been deleted"));
        SignalStore.Row signal = signals.latestRow(definition);
        Freshness f = Freshness.judge(signal.asOf(), signals.expectedAsOf(), signals.calendar());
        if (f.stale() && !allowStale) {
            throw new ProblemException(new Problem("https://keel.dev/problems/stale-signal", "Stale signal", 409,
                    "the latest signal of '" + definition + "' is STALE (" + f.reason() + "); its orders are refused unless asked "
                            + "with allowStale=true", List.of(new Problem.FieldError("allowStale",
                    "must be true to get orders from a STALE signal"))));
        }
        long listId;
        try {
            listId = ensure(portfolioId, signal).orElseThrow(() -> ProblemException.notFound("no portfolio with id " + portfolioId));
        } catch (InvalidOrderInput e) {
            throw new ProblemException(new Problem("https://keel.dev/problems/orders", "Orders cannot be computed", 409,
                    "the orders of portfolio '" + p.name + "' cannot be computed: " + e.getMessage(),
                    List.of(new Problem.FieldError(e.field(), e.reason()))));
        }
        return QuarkusTransaction.requiringNew().call(() -> view(listId, signal, f));
    }

    /** The order list as served, its signal's freshness judged now (in the caller's transaction). */
    public OrderListView describe(long listId, SignalStore.Row signal) {
        return view(listId, signal, Freshness.judge(signal.asOf(), signals.expectedAsOf(), signals.calendar()));
    }

    private OrderListView view(long listId, SignalStore.Row signal, Freshness f) {
        OrderListEntity list = OrderListEntity.findById(listId);
        PortfolioEntity p = PortfolioEntity.findById(list.portfolioId);
        PlanJson plan = json.read(list.plan, new TypeReference<PlanJson>() {
        });
        List<OrderView> orders = new ArrayList<>();
        for (OrderEntity o : OrderEntity.ofList(list.id)) {
            orders.add(view(o));
        }
        String warning = f.stale() ? "STALE signal: these orders follow the weights decided at the " + signal.asOf()
                + " close, " + f.tradingDaysBehind() + " trading day(s) before the expected " + f.expectedAsOf()
                + "; their reference prices are that day's closes" : null;
        SignalRef ref;
        try {
            ref = new SignalRef(signal.id(), signal.definition(), signal.version(), f.status(), signal.asOf(), signal.nextSession(),
                    f.expectedAsOf(), f.tradingDaysBehind(), f.reason(), signal.snapshotId(), signal.leverage(),
                    mapper.readTree(signal.weights()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new OrderListView(p.id, p.name, list.id, f.stale(), warning, ref, list.holdingsVersion, p.holdingsVersion, list.createdAt,
                orders, plan.positions(), plan.summary(), plan.notes());
    }

    static OrderView view(OrderEntity o) {
        String status = o.filledQuantity.signum() == 0 ? "OPEN" : o.filledQuantity.compareTo(o.quantity) >= 0 ? "FILLED" : "PARTIALLY_FILLED";
        return new OrderView(o.id, o.symbol, o.side, Amounts.plain(o.quantity), o.lots, Amounts.plain(o.lotSize),
                Amounts.plain(o.referencePrice), Amounts.plain(o.notional), Amounts.plain(o.estimatedCost),
                Amounts.plain(o.filledQuantity), status);
    }

    /**
     * The orders as CSV a broker import takes: one market-on-open order per line ({@code DAY}), quantities in
     * shares, the reference price and estimated figures for checking, the signal's status on every line.
     */
    public static String csv(OrderListView v) {
        StringBuilder b = new StringBuilder("order_id,account,symbol,side,quantity,order_type,time_in_force,reference_price,"
                + "notional,estimated_cost,signal_as_of,next_session,signal_status\n");
        for (OrderView o : v.orders()) {
            b.append(o.id()).append(',').append(csvText(v.portfolio())).append(',').append(csvText(o.symbol())).append(',')
                    .append(o.side()).append(',').append(o.quantity().toPlainString()).append(",MARKET,DAY,")
                    .append(o.referencePrice().toPlainString()).append(',')
                    .append(o.notional().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString()).append(',')
                    .append(o.estimatedCost().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString()).append(',')
                    .append(v.signal().asOf()).append(',').append(v.signal().nextSession()).append(',')
                    .append(v.signal().status()).append('\n');
        }
        return b.toString();
    }

    /** A CSV cell: quoted when needed, neutralised against spreadsheet formula injection. */
    static String csvText(String s) {
        String t = s;
        if (!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0) {
            t = "'" + t;
        }
        if (t.contains(",") || t.contains("\"") || t.contains("\n")) {
            t = "\"" + t.replace("\"", "\"\"") + "\"";
        }
        return t;
    }
}
