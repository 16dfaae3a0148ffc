package io.keel.strategy.app.runs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A run's note to its reader (table {@code run_note}), e.g. "start 1990-01-01 is before the data's first date
 * (1993-01-29): the run starts there". Written in the transaction that stores the run's result.
 */
@ApplicationScoped
public class RunNotes {

    @Inject
    AgroalDataSource ds;

    /** Sets the note of run {@code runId} (replacing any earlier one, e.g. of an execution that lost its claim). */
    public void put(long runId, String note) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO run_note (run_id, note) VALUES (?, ?) "
                     + "ON CONFLICT (run_id) DO UPDATE SET note = EXCLUDED.note")) {
            ps.setLong(1, runId);
            ps.setString(2, note);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("storing the note of run " + runId, e);
        }
    }

    /** The notes of the given runs, by run id (runs without one are absent). */
    public Map<Long, String> of(Collection<Long> runIds) {
        Map<Long, String> out = new HashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT run_id, note FROM run_note WHERE run_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", runIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading run notes", e);
        }
        return out;
    }
}
