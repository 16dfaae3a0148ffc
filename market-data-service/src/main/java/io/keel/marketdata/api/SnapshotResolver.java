package io.keel.marketdata.api;

import io.keel.common.ProblemException;
import io.keel.marketdata.snapshot.SnapshotRecord;
import io.keel.marketdata.store.SnapshotRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves the {@code snapshot} query parameter ({@code latest} or an id) to a readable snapshot id. */
@ApplicationScoped
public class SnapshotResolver {

    @Inject
    SnapshotRepository snapshots;

    /**
     * @throws ProblemException 400 when not {@code latest} nor a number, 404 when no such snapshot (or none yet),
     *                          409 when the snapshot is not readable (queued, running or failed)
     */
    public long resolve(String param) {
        return resolveRecord(param).id();
    }

    /** As {@link #resolve}, with the snapshot's record. */
    public SnapshotRecord resolveRecord(String param) {
        if (param == null || param.isBlank() || param.equalsIgnoreCase("latest")) {
            long latest = snapshots.latestReadable().orElseThrow(() -> ProblemException.notFound("no snapshot has succeeded yet"));
            return snapshots.find(latest).orElseThrow(() -> ProblemException.notFound("snapshot " + latest + " not found"));
        }
        long id;
        try {
            id = Long.parseLong(param.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("snapshot", "must be 'latest' or a snapshot id, got '" + param + "'");
        }
        SnapshotRecord s = snapshots.find(id).orElseThrow(() -> ProblemException.notFound("snapshot " + id + " not found"));
        if (!s.status().readable()) {
            throw ProblemException.conflict("snapshot " + id + " is " + s.status().apiName() + "; only succeeded or partial snapshots can be read");
        }
        return s;
    }
}
