package io.keel.strategy.app.portfolios;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.audit.AuditLog;
import io.keel.strategy.app.orders.Amounts;
import io.keel.strategy.app.signals.SignalService;
import io.keel.strategy.app.signals.SignalStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Portfolios: create, read, list, replace holdings (a new version; every version kept), delete (soft), and
 * record fills (a new holdings version per batch, idempotent by fill id). Every write runs in one transaction
 * holding the portfolio's row lock, with its audit row; a bad request changes nothing.
 */
@ApplicationScoped
public class PortfolioService {

    private static final Logger LOG = Logger.getLogger(PortfolioService.class);

    /**
     * How a portfolio trades.
     *
     * @param lotSizes            shares per lot by symbol (others: defaultLotSize)
     * @param minTradeNotional    smallest order placed, currency
     * @param band                no trade for an asset within this fraction of NAV of its target
     * @param totalDriftThreshold nothing trades while the sum of |weight - target| is below it (null: off)
     * @param costs               estimated cost per order: {@code bps} of notional, at least {@code minimumPerOrder}
     */
    public record Rules(boolean fractional, BigDecimal defaultLotSize, Map<String, BigDecimal> lotSizes, BigDecimal minTradeNotional,
                        double band, Double totalDriftThreshold, Costs costs) {
    }

    /** Cost model: basis points of notional, with a minimum per order in currency. */
    public record Costs(double bps, BigDecimal minimumPerOrder) {
    }

    /**
     * One holdings version.
     *
     * @param cash      currency (negative: a loan)
     * @param positions shares by symbol
     * @param source    CREATED, REPLACED (PUT) or FILLS
     */
    public record HoldingsView(int version, BigDecimal cash, Map<String, BigDecimal> positions, String source, String principal,
                               OffsetDateTime createdAt) {
    }

    /** A portfolio as served. */
    public record PortfolioView(long id, String name, String definition, Rules rules, HoldingsView holdings, OffsetDateTime createdAt,
                                OffsetDateTime updatedAt) {
    }

    /**
     * What a batch of fills did.
     *
     * @param applied         fills recorded now
     * @param replayed        fills already recorded with the same values (changed nothing)
     * @param holdingsVersion the holdings version after the batch
     */
    public record FillsResult(long portfolioId, int applied, int replayed, int holdingsVersion, HoldingsView holdings,
                              List<OrderService.OrderView> orders) {
    }

    @Inject
    SignalStore signalStore;

    @Inject
    SignalService signals;

    @Inject
    OrderService orders;

    @Inject
    PortfolioDefinitions definitions;

    @Inject
    AuditLog audit;

    @Inject
    PortfolioJson json;

    @Inject
    CurrentIdentityAssociation identity;

    public PortfolioView create(PortfolioInput.Create c) {
        PortfolioView created = QuarkusTransaction.requiringNew().call(() -> {
            SignalStore.Head def = signalStore.definition(c.definition())
                    .orElseThrow(() -> new ProblemException(new Problem(null, "Not found", 404, "no definition named '" + c.definition()
                            + "' to follow", List.of(new Problem.FieldError("definition", "no definition named '" + c.definition() + "'")))));
            List<String> universe = DefinitionJson.parse(def.body()).universe();
            List<Problem.FieldError> errors = new ArrayList<>();
            inUniverse(c.holdings().keySet(), "holdings.", universe, def.name(), errors);
            inUniverse(c.lotSizes().keySet(), "lotSizes.", universe, def.name(), errors);
            if (!errors.isEmpty()) {
                throw ProblemException.validation(errors);
            }
            // concurrent creations of one name wait here for each other, so the check below sees the winner's row
            PortfolioEntity.lockName(c.name());
            if (PortfolioEntity.nameTaken(c.name())) {
                throw ProblemException.conflict("a portfolio named '" + c.name() + "' exists");
            }
            PortfolioEntity p = new PortfolioEntity();
            p.name = c.name();
            p.definitionId = def.id();
            p.fractional = c.fractional();
            p.defaultLotSize = c.defaultLotSize();
            p.lotSizes = json.write(c.lotSizes());
            p.minTradeNotional = c.minTradeNotional();
            p.band = c.band();
            p.totalDriftThreshold = c.totalDriftThreshold();
            p.costBps = c.costBps();
            p.costMinPerOrder = c.costMinimumPerOrder();
            p.holdingsVersion = 1;
            p.createdAt = OffsetDateTime.now();
            p.updatedAt = p.createdAt;
            p.persist();
            newHoldings(p, 1, c.holdings(), c.cash(), HoldingsEntity.CREATED);
            audit.recordPortfolio("portfolio.created", p.name, def.name(), "id " + p.id + ", cash " + c.cash().toPlainString()
                    + ", " + c.holdings().size() + " position(s), band " + c.band());
            return view(p, def.name());
        });
        followLatestSignal(created.id(), created.definition());
        return created;
    }

    /** Orders for the definition's latest signal right away, when there is one (a failure is logged, not the creation's). */
    private void followLatestSignal(long portfolioId, String definition) {
        try {
            orders.ensure(portfolioId, signals.latestRow(definition));
        } catch (ProblemException e) {
            LOG.infof("portfolio %d: no orders yet: %s", portfolioId, e.problem().detail());
        } catch (RuntimeException e) {
            LOG.warnf(e, "portfolio %d: orders for the latest signal of %s failed", portfolioId, definition);
        }
    }

    private static void inUniverse(java.util.Set<String> symbols, String prefix, List<String> universe, String definition,
                                   List<Problem.FieldError> errors) {
        for (String s : symbols) {
            if (!universe.contains(s)) {
                errors.add(new Problem.FieldError(prefix + s, "unknown symbol '" + s + "': not in the universe of definition '"
                        + definition + "' " + universe));
            }
        }
    }

    public PortfolioView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.live(id).orElseThrow(() -> notFound(id));
            return view(p, definitionName(p));
        });
    }

    public List<PortfolioView> list() {
        return QuarkusTransaction.requiringNew().call(() -> PortfolioEntity.allLive().stream().map(p -> view(p, definitionName(p))).toList());
    }

    public List<HoldingsView> holdingsHistory(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.live(id).orElseThrow(() -> notFound(id));
            return HoldingsEntity.history(p.id).stream().map(this::view).toList();
        });
    }

    /** Replaces the holdings: a new version (the previous ones are kept). */
    public PortfolioView replaceHoldings(long id, PortfolioInput.Holdings in) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.lockLive(id).orElseThrow(() -> notFound(id));
            String def = definitionName(p);
            List<String> universe = definitions.latestBody(p.definitionId).map(b -> DefinitionJson.parse(b).universe()).orElse(List.of());
            List<Problem.FieldError> errors = new ArrayList<>();
            inUniverse(in.holdings().keySet(), "holdings.", universe, def, errors);
            if (!errors.isEmpty()) {
                throw ProblemException.validation(errors);
            }
            p.holdingsVersion++;
            p.updatedAt = OffsetDateTime.now();
            newHoldings(p, p.holdingsVersion, in.holdings(), in.cash(), HoldingsEntity.REPLACED);
            audit.recordPortfolio("portfolio.holdings.replaced", p.name, def, "holdings version " + p.holdingsVersion + ", cash "
                    + in.cash().toPlainString() + ", " + in.holdings().size() + " position(s)");
            return view(p, def);
        });
    }

    /** Soft delete: the portfolio disappears from every read; its rows stay. */
    public void delete(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            PortfolioEntity p = PortfolioEntity.lockLive(id).orElseThrow(() -> notFound(id));
            p.deletedAt = OffsetDateTime.now();
            p.updatedAt = p.deletedAt;
            audit.recordPortfolio("portfolio.deleted", p.name, definitionName(p), "id " + p.id);
        });
    }

    /**
     * Records executed quantities of the portfolio's orders and updates its holdings, all or nothing: shares
     * bought are added and cost {@code quantity x price + fee}, shares sold are removed and bring
     * {@code quantity x price - fee}. A fill id already recorded with the same values is a replay and changes
     * nothing; with other values it is a conflict.
     *
     * @throws ProblemException 404 no portfolio; 400 naming the fill's field for an unknown order, a quantity
     *                          above what is left of the order, or a fractional quantity in a whole-share portfolio;
     *                          409 for a fill id recorded with other values or a sale of more shares than held
     */
    public FillsResult fills(long id, List<PortfolioInput.Fill> fills) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PortfolioEntity p = PortfolioEntity.lockLive(id).orElseThrow(() -> notFound(id));
            HoldingsEntity current = HoldingsEntity.of(p.id, p.holdingsVersion).orElseThrow();
            Map<String, BigDecimal> positions = json.amounts(current.positions);
            BigDecimal cash = current.cash;
            List<Problem.FieldError> errors = new ArrayList<>();
            Map<Long, OrderEntity> touched = new TreeMap<>();
            Map<Long, BigDecimal> filledNow = new HashMap<>();
            Map<String, PortfolioInput.Fill> inBatch = new HashMap<>();
            List<PortfolioInput.Fill> toApply = new ArrayList<>();
            int replayed = 0;
            for (int i = 0; i < fills.size(); i++) {
                PortfolioInput.Fill f = fills.get(i);
                String at = "fills[" + i + "]";
                var recorded = FillEntity.of(p.id, f.fillId());
                PortfolioInput.Fill earlier = inBatch.get(f.fillId());
                if (recorded.isPresent() || earlier != null) {
                    boolean same = recorded.isPresent() ? same(recorded.get(), f) : same(earlier, f);
                    if (!same) {
                        throw new ProblemException(new Problem(null, "Conflict", 409, "fill '" + f.fillId()
                                + "' is already recorded with other values; nothing was changed",
                                List.of(new Problem.FieldError(at + ".fillId", "already recorded with other values"))));
                    }
                    replayed++;
                    continue;
                }
                inBatch.put(f.fillId(), f);
                OrderEntity o = touched.containsKey(f.orderId()) ? touched.get(f.orderId()) : OrderEntity.findById(f.orderId());
                if (o == null || o.portfolioId != p.id) {
                    errors.add(new Problem.FieldError(at + ".orderId", "no order " + f.orderId() + " in portfolio '" + p.name + "'"));
                    continue;
                }
                touched.put(o.id, o);
                BigDecimal before = filledNow.getOrDefault(o.id, o.filledQuantity);
                BigDecimal left = o.quantity.subtract(before);
                if (f.quantity().compareTo(left) > 0) {
                    errors.add(new Problem.FieldError(at + ".quantity", "exceeds what is left of order " + o.id + ": "
                            + Amounts.plain(left).toPlainString() + " of " + Amounts.plain(o.quantity).toPlainString()
                            + " " + o.symbol + " shares"));
                    continue;
                }
                if (!p.fractional && Amounts.plain(f.quantity()).scale() > 0) {
                    errors.add(new Problem.FieldError(at + ".quantity", "must be whole shares (the portfolio does not trade fractional shares)"));
                    continue;
                }
                filledNow.put(o.id, before.add(f.quantity()));
                toApply.add(f);
            }
            if (!errors.isEmpty()) {
                throw ProblemException.validation(errors);
            }
            if (toApply.isEmpty()) {
                return result(p, current, replayed, 0, touched.values());
            }
            for (PortfolioInput.Fill f : toApply) {
                OrderEntity o = touched.get(f.orderId());
                BigDecimal value = f.quantity().multiply(f.price());
                BigDecimal held = positions.getOrDefault(o.symbol, BigDecimal.ZERO);
                if ("BUY".equals(o.side)) {
                    positions.put(o.symbol, held.add(f.quantity()));
                    cash = cash.subtract(value).subtract(f.fee());
                } else {
                    BigDecimal after = held.subtract(f.quantity());
                    if (after.signum() < 0) {
                        throw new ProblemException(new Problem(null, "Conflict", 409, "fill '" + f.fillId() + "' sells "
                                + f.quantity().toPlainString() + " " + o.symbol + " but the portfolio holds " + held.toPlainString()
                                + "; nothing was changed", List.of(new Problem.FieldError("fills", "sells more " + o.symbol + " than held"))));
                    }
                    positions.put(o.symbol, after);
                    cash = cash.add(value).subtract(f.fee());
                }
            }
            positions.values().removeIf(q -> q.signum() == 0);
            p.holdingsVersion++;
            p.updatedAt = OffsetDateTime.now();
            HoldingsEntity next = newHoldings(p, p.holdingsVersion, positions, cash, HoldingsEntity.FILLS);
            for (PortfolioInput.Fill f : toApply) {
                FillEntity e = new FillEntity();
                e.portfolioId = p.id;
                e.fillId = f.fillId();
                e.orderId = f.orderId();
                e.quantity = f.quantity();
                e.price = f.price();
                e.fee = f.fee();
                e.executedAt = f.executedAt();
                e.holdingsVersion = p.holdingsVersion;
                e.persist();
            }
            filledNow.forEach((orderId, q) -> touched.get(orderId).filledQuantity = q);
            audit.recordPortfolio("portfolio.fills", p.name, definitionName(p), toApply.size() + " fill(s) recorded"
                    + (replayed > 0 ? ", " + replayed + " replayed" : "") + ": holdings version " + p.holdingsVersion);
            return result(p, next, replayed, toApply.size(), touched.values());
        });
    }

    private FillsResult result(PortfolioEntity p, HoldingsEntity h, int replayed, int applied, java.util.Collection<OrderEntity> touched) {
        return new FillsResult(p.id, applied, replayed, p.holdingsVersion, view(h), touched.stream().map(OrderService::view).toList());
    }

    private static boolean same(FillEntity r, PortfolioInput.Fill f) {
        return r.orderId == f.orderId() && r.quantity.compareTo(f.quantity()) == 0 && r.price.compareTo(f.price()) == 0
                && r.fee.compareTo(f.fee()) == 0;
    }

    private static boolean same(PortfolioInput.Fill a, PortfolioInput.Fill f) {
        return a.orderId() == f.orderId() && a.quantity().compareTo(f.quantity()) == 0 && a.price().compareTo(f.price()) == 0
                && a.fee().compareTo(f.fee()) == 0;
    }

    private HoldingsEntity newHoldings(PortfolioEntity p, int version, Map<String, BigDecimal> positions, BigDecimal cash, String source) {
        HoldingsEntity h = new HoldingsEntity();
        h.portfolioId = p.id;
        h.version = version;
        h.cash = cash;
        h.positions = json.write(new TreeMap<>(positions));
        h.source = source;
        h.principal = principal();
        h.createdAt = OffsetDateTime.now();
        h.persist();
        return h;
    }

    private String definitionName(PortfolioEntity p) {
        return definitions.liveName(p.definitionId).orElse("(deleted definition " + p.definitionId + ")");
    }

    private PortfolioView view(PortfolioEntity p, String definition) {
        HoldingsEntity h = HoldingsEntity.of(p.id, p.holdingsVersion).orElseThrow();
        Rules rules = new Rules(p.fractional, Amounts.plain(p.defaultLotSize), json.amounts(p.lotSizes), Amounts.plain(p.minTradeNotional),
                p.band, p.totalDriftThreshold, new Costs(p.costBps, Amounts.plain(p.costMinPerOrder)));
        return new PortfolioView(p.id, p.name, definition, rules, view(h), p.createdAt, p.updatedAt);
    }

    private HoldingsView view(HoldingsEntity h) {
        Map<String, BigDecimal> positions = json.amounts(h.positions);
        positions.replaceAll((k, v) -> Amounts.plain(v));
        return new HoldingsView(h.version, Amounts.plain(h.cash), positions, h.source, h.principal, h.createdAt);
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("no portfolio with id " + id);
    }

    private String principal() {
        try {
            SecurityIdentity id = identity.getIdentity();
            return id == null || id.isAnonymous() ? "system" : id.getPrincipal().getName();
        } catch (RuntimeException e) {
            return "system";
        }
    }
}
