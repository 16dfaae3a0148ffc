package io.keel.strategy.app.definitions;

import io.keel.strategy.app.DatabaseClock;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * {@code strategy.definition} and {@code strategy.definition_version} through their Panache entities
 * ({@link DefinitionEntity}, {@link DefinitionVersionEntity}). Callers own the transaction (every method
 * joins the caller's JTA transaction). Deleted definitions ({@code deleted_at} set) are invisible to every
 * lookup by name.
 *
 * <p>Two guarantees rest on the database, not on the entities: a name is taken by one native
 * {@code INSERT … ON CONFLICT DO NOTHING} ({@link #insert}), and versions are numbered under the
 * definition's row lock ({@link #findForUpdate}).
 */
@ApplicationScoped
public class DefinitionStore {

    /** A live definition's header and its latest version number. */
    public record Header(long id, String name, boolean active, int latestVersion, OffsetDateTime createdAt,
                         OffsetDateTime updatedAt) {
    }

    /** One stored version: the JSON body as text. */
    public record Version(long definitionId, String name, int version, String body, OffsetDateTime createdAt) {
    }

    private static final String LIVE_BY_NAME = "name = ?1 and deletedAt is null";

    public Optional<Header> find(String name) {
        return DefinitionEntity.<DefinitionEntity>find(LIVE_BY_NAME, name).firstResultOptional().map(this::header);
    }

    /**
     * As {@link #find} with the definition row locked ({@code PESSIMISTIC_WRITE}: {@code SELECT … FOR NO KEY
     * UPDATE}), which serialises concurrent updates of one name. The latest version is read by a second
     * statement, after the lock is held: under READ COMMITTED a statement that waited for the lock re-checks
     * only the locked row, while a sub-select in it (the latest version) would still answer from the snapshot
     * taken before the wait, so concurrent updates numbered their versions from a stale maximum and collided
     * on the primary key. The second statement takes a new snapshot, after the lock holder committed.
     */
    public Optional<Header> findForUpdate(String name) {
        return DefinitionEntity.<DefinitionEntity>find(LIVE_BY_NAME, name).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional().map(this::header);
    }

    public List<Header> list(Boolean active) {
        String hql = "select d, (select max(v.version) from DefinitionVersionEntity v where v.definitionId = d.id) "
                + "from DefinitionEntity d where d.deletedAt is null" + (active == null ? "" : " and d.active = :active")
                + " order by d.name";
        var q = em().createQuery(hql, Object[].class);
        if (active != null) {
            q.setParameter("active", active);
        }
        return q.getResultList().stream().map(r -> header((DefinitionEntity) r[0], (Integer) r[1])).toList();
    }

    /**
     * Inserts a definition with version 1; empty when a live definition of that name exists, regardless of case
     * (names are unique ignoring case, V9).
     *
     * <p>A native statement, not {@code persist}: of two concurrent creates of one name (in any case) the
     * unique index lets exactly one insert a row, and {@code ON CONFLICT DO NOTHING} answers the other no row
     * instead of a unique violation, so it becomes a 409 without aborting its transaction. A look-up before a
     * {@code persist} would let both pass the look-up, and the loser would fail at commit.
     */
    public Optional<Long> insert(String name, String body) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em().createNativeQuery("INSERT INTO definition (name, active) VALUES (?1, FALSE) "
                        + "ON CONFLICT ((lower(name))) WHERE deleted_at IS NULL DO NOTHING RETURNING id", Long.class)
                .setParameter(1, name).getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long id = ids.get(0).longValue();
        insertVersion(id, 1, body);
        return Optional.of(id);
    }

    /** The name of the live definition whose name equals {@code name} ignoring case. */
    public Optional<String> liveNameIgnoringCase(String name) {
        return em().createQuery("select d.name from DefinitionEntity d where lower(d.name) = lower(:name) "
                        + "and d.deletedAt is null", String.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    /** Call with the definition locked ({@link #findForUpdate}) and {@code version} = its latest + 1. */
    public void addVersion(long definitionId, int version, String body) {
        insertVersion(definitionId, version, body);
        DefinitionEntity d = DefinitionEntity.findById(definitionId);
        d.updatedAt = DatabaseClock.now();
    }

    private static void insertVersion(long id, int version, String body) {
        DefinitionVersionEntity v = new DefinitionVersionEntity();
        v.definitionId = id;
        v.version = version;
        v.body = body;
        // Flushed at once so that the database's created_at is read back for this transaction's answer.
        v.persistAndFlush();
    }

    public Optional<Version> version(long definitionId, int version) {
        return DefinitionVersionEntity.<DefinitionVersionEntity>findByIdOptional(new DefinitionVersionEntity.Key(definitionId, version))
                .map(v -> new Version(definitionId, DefinitionEntity.<DefinitionEntity>findById(definitionId).name,
                        v.version, v.body, v.createdAt));
    }

    /** Every version of a definition, oldest first, without bodies ({@link Version#body()} null). */
    public List<Version> versions(long definitionId) {
        DefinitionEntity d = DefinitionEntity.findById(definitionId);
        if (d == null) {
            return List.of();
        }
        return em().createQuery("select v.version, v.createdAt from DefinitionVersionEntity v "
                        + "where v.definitionId = :id order by v.version", Object[].class)
                .setParameter("id", definitionId).getResultList().stream()
                .map(r -> new Version(definitionId, d.name, (Integer) r[0], null, (OffsetDateTime) r[1]))
                .toList();
    }

    public void setActive(long id, boolean active) {
        DefinitionEntity d = DefinitionEntity.findById(id);
        d.active = active;
        d.updatedAt = DatabaseClock.now();
    }

    public void softDelete(long id) {
        DefinitionEntity d = DefinitionEntity.findById(id);
        OffsetDateTime now = DatabaseClock.now();
        d.deletedAt = now;
        d.active = false;
        d.updatedAt = now;
    }

    private Header header(DefinitionEntity d) {
        Integer latest = em().createQuery("select max(v.version) from DefinitionVersionEntity v where v.definitionId = :id",
                Integer.class).setParameter("id", d.id).getSingleResult();
        return header(d, latest);
    }

    private static Header header(DefinitionEntity d, Integer latest) {
        return new Header(d.id, d.name, d.active, latest == null ? 0 : latest, d.createdAt, d.updatedAt);
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
