package io.keel.strategy.app.portfolios;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The few facts about definitions the portfolios need, read from {@code strategy.definition*}; callers own the transaction. */
@ApplicationScoped
public class PortfolioDefinitions {

    @Inject
    AgroalDataSource ds;

    /** The name of a live (not deleted) definition. */
    public Optional<String> liveName(long definitionId) {
        return one("SELECT name FROM definition WHERE id = ? AND deleted_at IS NULL", definitionId, null);
    }

    /** The JSON body of a definition's version. */
    public Optional<String> body(long definitionId, int version) {
        return one("SELECT body::text FROM definition_version WHERE definition_id = ? AND version = ?", definitionId, version);
    }

    /** The JSON body of a definition's latest version. */
    public Optional<String> latestBody(long definitionId) {
        return one("SELECT body::text FROM definition_version WHERE definition_id = ? ORDER BY version DESC LIMIT 1", definitionId, null);
    }

    private Optional<String> one(String sql, long id, Integer version) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            if (version != null) {
                ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
