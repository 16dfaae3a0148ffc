package io.keel.strategy.app.signals;

import io.keel.strategy.app.DatabaseClock;
import io.keel.strategy.app.definitions.DefinitionEntity;
import io.keel.strategy.app.definitions.DefinitionVersionEntity;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.hibernate.query.NativeQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * {@code strategy.signal} and {@code strategy.signal_job_run} through their Panache entities
 * ({@link SignalEntity}, {@link SignalJobRunEntity}); callers own the transaction. A signal is inserted by one
 * native {@code INSERT … ON CONFLICT DO NOTHING} (see {@link #insert}).
 */
@ApplicationScoped
public class SignalStore {

    /**
     * A stored signal (weights, diagnostics and reference prices as JSON text). {@code expectedAsOf} and
     * {@code reason} are the freshness judged when it was computed; {@code definitionId} and
     * {@code prices} (closes of {@code asOf} by symbol) serve the portfolios' orders.
     */
    public record Row(long id, String definition, int version, LocalDate asOf, LocalDate nextSession, String status,
                      Boolean rebalance, String weights, Double leverage, String diagnostics, Long snapshotId,
                      LocalDate dataAsOf, LocalDate expectedAsOf, String reason, OffsetDateTime createdAt,
                      long definitionId, String prices) {
    }

    /** An active definition and its latest version's body. */
    public record Active(long id, String name, int version, String body) {
    }

    /** A live definition: whether it is active, its latest version and that version's body. */
    public record Head(long id, String name, boolean active, int version, String body) {
        public Active asActive() {
            return new Active(id, name, version, body);
        }
    }

    /** What to write for one definition and day. */
    public record NewSignal(long definitionId, int version, LocalDate asOf, LocalDate nextSession, String status,
                            Boolean rebalance, String weights, Double leverage, String diagnostics, Long snapshotId,
                            LocalDate dataAsOf, LocalDate expectedAsOf, String reason, Long jobRunId, String prices) {
    }

    /** A signal with its definition's name. */
    private static final String SELECT = "select s, d.name from SignalEntity s join DefinitionEntity d on d.id = s.definitionId ";

    /** A live definition with its latest version. */
    private static final String HEAD = "select d, v from DefinitionEntity d join DefinitionVersionEntity v on v.definitionId = d.id "
            + "where d.deletedAt is null and v.version = (select max(l.version) from DefinitionVersionEntity l where l.definitionId = d.id) ";

    /** The live definition named {@code name}, with its latest version. */
    public Optional<Head> definition(String name) {
        return em().createQuery(HEAD + "and d.name = :name", Object[].class).setParameter("name", name).getResultStream()
                .findFirst().map(r -> {
                    DefinitionEntity d = (DefinitionEntity) r[0];
                    DefinitionVersionEntity v = (DefinitionVersionEntity) r[1];
                    return new Head(d.id, d.name, d.active, v.version, v.body);
                });
    }

    public List<Active> activeDefinitions() {
        return em().createQuery(HEAD + "and d.active = true order by d.name", Object[].class).getResultList().stream()
                .map(r -> {
                    DefinitionEntity d = (DefinitionEntity) r[0];
                    DefinitionVersionEntity v = (DefinitionVersionEntity) r[1];
                    return new Active(d.id, d.name, v.version, v.body);
                }).toList();
    }

    /**
     * Stores a signal unless one exists for the same definition, version and close (signals are never
     * rewritten: orders refer to them). Returns the new row's id, or empty when one existed.
     *
     * <p>A native statement, not {@code persist}: of two nodes (or a job and a read) storing the same
     * decision at once, the unique index {@code signal_decision_uq} lets one insert and {@code ON CONFLICT DO
     * NOTHING} answers the other no row instead of a unique violation that would abort its transaction.
     * Parameters are bound with their types, so that a null is a typed null to PostgreSQL.
     */
    public Optional<Long> insert(NewSignal s) {
        @SuppressWarnings("unchecked")
        NativeQuery<Long> q = em().createNativeQuery("INSERT INTO signal (definition_id, version, as_of_date, next_session, "
                        + "status, rebalance, weights, leverage, diagnostics, snapshot_id, data_as_of, expected_as_of, reason, "
                        + "job_run_id, prices) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), ?8, CAST(?9 AS jsonb), ?10, "
                        + "?11, ?12, ?13, ?14, CAST(?15 AS jsonb)) "
                        + "ON CONFLICT (definition_id, version, as_of_date) DO NOTHING RETURNING id", Long.class)
                .unwrap(NativeQuery.class);
        q.setParameter(1, s.definitionId(), Long.class);
        q.setParameter(2, s.version(), Integer.class);
        q.setParameter(3, s.asOf(), LocalDate.class);
        q.setParameter(4, s.nextSession(), LocalDate.class);
        q.setParameter(5, s.status(), String.class);
        q.setParameter(6, s.rebalance(), Boolean.class);
        q.setParameter(7, s.weights(), String.class);
        q.setParameter(8, s.leverage(), Double.class);
        q.setParameter(9, s.diagnostics(), String.class);
        q.setParameter(10, s.snapshotId(), Long.class);
        q.setParameter(11, s.dataAsOf(), LocalDate.class);
        q.setParameter(12, s.expectedAsOf(), LocalDate.class);
        q.setParameter(13, s.reason(), String.class);
        q.setParameter(14, s.jobRunId(), Long.class);
        q.setParameter(15, s.prices() == null ? "{}" : s.prices(), String.class);
        List<Long> ids = q.getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(((Number) ids.get(0)).longValue());
    }

    /** Records the start of a job firing; its id. */
    public long startJobRun(Instant scheduledFireTime, String node, LocalDate expected) {
        SignalJobRunEntity run = new SignalJobRunEntity();
        run.scheduledFireTime = scheduledFireTime == null ? null : scheduledFireTime.atOffset(ZoneOffset.UTC);
        run.node = node;
        run.expectedAsOf = expected;
        run.persist();
        return run.id;
    }

    /** Records the end of job firing {@code id} with its counts. */
    public void finishJobRun(long id, int emitted, int stale, int unchanged, int failed) {
        SignalJobRunEntity run = SignalJobRunEntity.findById(id);
        if (run == null) {
            throw new IllegalStateException("signal job run " + id + " vanished");
        }
        run.finishedAt = DatabaseClock.now();
        run.emitted = emitted;
        run.stale = stale;
        run.unchanged = unchanged;
        run.failed = failed;
    }

    /** The latest signal (newest close) of a definition's {@code version}. */
    public Optional<Row> latest(long definitionId, int version) {
        return rows(em().createQuery(SELECT + "where s.definitionId = :id and s.version = :version order by s.asOf desc", Object[].class)
                .setParameter("id", definitionId).setParameter("version", version).setMaxResults(1)).stream().findFirst();
    }

    /** The signal of a definition's {@code version} decided at the close of {@code asOf}. */
    public Optional<Row> find(long definitionId, int version, LocalDate asOf) {
        return rows(em().createQuery(SELECT + "where s.definitionId = :id and s.version = :version and s.asOf = :asOf", Object[].class)
                .setParameter("id", definitionId).setParameter("version", version).setParameter("asOf", asOf)).stream().findFirst();
    }

    public Optional<Row> byId(long id) {
        return rows(em().createQuery(SELECT + "where s.id = :id", Object[].class).setParameter("id", id)).stream().findFirst();
    }

    /** A live definition's signals, newest close first (all versions). */
    public List<Row> history(String definition, int limit) {
        return rows(em().createQuery(SELECT + "where d.name = :name and d.deletedAt is null order by s.asOf desc, s.version desc",
                Object[].class).setParameter("name", definition).setMaxResults(limit));
    }

    /** The latest signal of the current (latest) version of every active definition that has one. */
    public List<Row> latestOfActive() {
        return rows(em().createQuery(SELECT + "where d.active = true and d.deletedAt is null and s.status = 'EMITTED' "
                + "and s.version = (select max(v.version) from DefinitionVersionEntity v where v.definitionId = d.id) "
                + "and s.asOf = (select max(o.asOf) from SignalEntity o where o.definitionId = s.definitionId "
                + "and o.version = s.version and o.status = 'EMITTED') order by d.name", Object[].class));
    }

    private static List<Row> rows(TypedQuery<Object[]> q) {
        return q.getResultList().stream().map(r -> {
            SignalEntity s = (SignalEntity) r[0];
            return new Row(s.id, (String) r[1], s.version, s.asOf, s.nextSession, s.status, s.rebalance, s.weights, s.leverage,
                    s.diagnostics, s.snapshotId, s.dataAsOf, s.expectedAsOf, s.reason, s.createdAt, s.definitionId, s.prices);
        }).toList();
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
