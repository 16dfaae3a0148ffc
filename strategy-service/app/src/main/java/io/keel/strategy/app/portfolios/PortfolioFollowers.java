package io.keel.strategy.app.portfolios;

import io.keel.strategy.app.signals.SignalFollowers;
import io.keel.strategy.app.signals.SignalStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.TreeSet;

/**
 * The portfolios as followers of their definition's signals: every signal stored or found by the daily job
 * (or a request) gets an order list for each live portfolio following the definition, once; the symbols the
 * portfolios hold are priced with the signal.
 */
@ApplicationScoped
public class PortfolioFollowers implements SignalFollowers {

    private static final Logger LOG = Logger.getLogger(PortfolioFollowers.class);

    @Inject
    OrderService orders;

    @Inject
    PortfolioJson json;

    @Override
    public List<String> heldSymbols(long definitionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TreeSet<String> out = new TreeSet<>();
            for (PortfolioEntity p : PortfolioEntity.following(definitionId)) {
                HoldingsEntity.of(p.id, p.holdingsVersion).ifPresent(h -> out.addAll(json.amounts(h.positions).keySet()));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public void signalReady(SignalStore.Row signal) {
        List<Long> following = QuarkusTransaction.requiringNew().call(() ->
                PortfolioEntity.following(signal.definitionId()).stream().map(p -> p.id).toList());
        for (long id : following) {
            try {
                orders.ensure(id, signal);
            } catch (RuntimeException e) {
                LOG.errorf(e, "orders of portfolio %d for signal %d of %s failed", id, signal.id(), signal.definition());
            }
        }
    }
}
