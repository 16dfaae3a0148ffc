package io.keel.strategy.app.sweeps;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A sweep as served by {@code GET /api/v1/sweeps/{id}}.
 *
 * @param total     variants of the expansion (valid + invalid)
 * @param valid     variants that run
 * @param invalid   variants refused before anything ran ({@code GET .../invalid})
 * @param done      valid variants whose chunk has finished (failed variants included)
 * @param failed    of those, variants whose backtest failed (no metrics; {@code failure} in the results)
 * @param remaining valid variants not done yet
 * @param rate      variants done per second since the first chunk started (until the end, once finished); null before
 * @param etaSeconds seconds until every variant is done at that rate; 0 once finished, null when unknown
 * @param nodes     per node of the cluster: chunks and variants it finished (only in the single-sweep view)
 */
public record SweepView(long id, String status, Base base, String snapshotRequested, long snapshotId, JsonNode axes,
                        JsonNode combination, JsonNode ranking, int total, int valid, int invalid, long done, long failed,
                        long remaining, Double rate, Long etaSeconds, Chunks chunks, List<Node> nodes,
                        OffsetDateTime submittedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {

    /** The base definition: its name, and the stored version it came from (null and {@code inline} true otherwise). */
    public record Base(String name, Integer version, boolean inline) {
    }

    /** Chunks per state. */
    public record Chunks(int total, int done, int running, int pending, int failed, int skipped) {
    }

    /** What one node (its Quartz instance id) ran of the sweep. */
    public record Node(String node, int chunks, long variants) {
    }
}
