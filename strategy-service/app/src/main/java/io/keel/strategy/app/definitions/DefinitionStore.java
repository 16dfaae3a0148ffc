package io.keel.strategy.app.definitions;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL over {@code strategy.definition} and {@code strategy.definition_version}. Callers own the
 * transaction (every method joins the caller's JTA transaction through the pooled data source).
 * Deleted definitions ({@code deleted_at} set) are invisible to every lookup by name.
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

    @Inject
    AgroalDataSource ds;

    private static final String HEADER = "SELECT d.id, d.name, d.active, d.created_at, d.updated_at, "
            + "(SELECT max(v.version) FROM definition_version v WHERE v.definition_id = d.id) AS latest FROM definition d ";

    public Optional<Header> find(String name) {
        return one(HEADER + "WHERE d.name = ? AND d.deleted_at IS NULL", name);
    }

    /**
     * As {@link #find} with the definition row locked (serialises concurrent updates of one name). The lock is
     * taken first and the header read by a second statement: under READ COMMITTED a statement that waited for
     * the lock re-checks only the locked row, while a sub-select in it (the latest version) still answers from
     * the snapshot taken before the wait, so concurrent updates numbered their versions from a stale maximum
     * and collided on the primary key. The second statement takes a new snapshot, after the lock holder committed.
     */
    public Optional<Header> findForUpdate(String name) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM definition WHERE name = ? AND deleted_at IS NULL FOR UPDATE")) {
            ps.setString(1, name);
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
            }
            try (PreparedStatement h = c.prepareStatement(HEADER + "WHERE d.id = ?")) {
                h.setLong(1, id);
                try (ResultSet rs = h.executeQuery()) {
                    return rs.next() ? Optional.of(header(rs)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Header> list(Boolean active) {
        String sql = HEADER + "WHERE d.deleted_at IS NULL" + (active == null ? "" : " AND d.active = ?") + " ORDER BY d.name";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (active != null) {
                ps.setBoolean(1, active);
            }
            List<Header> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(header(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Inserts a definition with version 1; empty when a live definition of that name exists, regardless of case
     * (names are unique ignoring case, V9).
     */
    public Optional<Long> insert(String name, String body) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO definition (name, active) VALUES (?, FALSE) "
                     + "ON CONFLICT ((lower(name))) WHERE deleted_at IS NULL DO NOTHING RETURNING id")) {
            ps.setString(1, name);
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
            }
            insertVersion(c, id, 1, body);
            return Optional.of(id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The name of the live definition whose name equals {@code name} ignoring case. */
    public Optional<String> liveNameIgnoringCase(String name) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM definition WHERE lower(name) = lower(?) AND deleted_at IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void addVersion(long definitionId, int version, String body) {
        try (Connection c = ds.getConnection()) {
            insertVersion(c, definitionId, version, body);
            try (PreparedStatement ps = c.prepareStatement("UPDATE definition SET updated_at = now() WHERE id = ?")) {
                ps.setLong(1, definitionId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertVersion(Connection c, long id, int version, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO definition_version (definition_id, version, body) VALUES (?, ?, ?::jsonb)")) {
            ps.setLong(1, id);
            ps.setInt(2, version);
            ps.setString(3, body);
            ps.executeUpdate();
        }
    }

    public Optional<Version> version(long definitionId, int version) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.name, v.version, v.body::text, v.created_at FROM definition_version v "
                     + "JOIN definition d ON d.id = v.definition_id WHERE v.definition_id = ? AND v.version = ?")) {
            ps.setLong(1, definitionId);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Version(definitionId, rs.getString(1), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Version> versions(long definitionId) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.name, v.version, v.created_at FROM definition_version v "
                     + "JOIN definition d ON d.id = v.definition_id WHERE v.definition_id = ? ORDER BY v.version")) {
            ps.setLong(1, definitionId);
            List<Version> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(definitionId, rs.getString(1), rs.getInt(2), null, rs.getObject(3, OffsetDateTime.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setActive(long id, boolean active) {
        update("UPDATE definition SET active = ?, updated_at = now() WHERE id = ?", active, id);
    }

    public void softDelete(long id) {
        update("UPDATE definition SET deleted_at = now(), active = FALSE, updated_at = now() WHERE id = ?", null, id);
    }

    private void update(String sql, Boolean flag, long id) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (flag != null) {
                ps.setBoolean(i++, flag);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Header> one(String sql, String name) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(header(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Header header(ResultSet rs) throws SQLException {
        return new Header(rs.getLong("id"), rs.getString("name"), rs.getBoolean("active"), rs.getInt("latest"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
