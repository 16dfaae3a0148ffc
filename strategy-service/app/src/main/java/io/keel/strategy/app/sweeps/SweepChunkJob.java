package io.keel.strategy.app.sweeps;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one chunk of a sweep (job {@code sweep-<id>-<chunk>} in group {@value #GROUP}, requests
 * recovery): any node of the cluster may fire it; when the node executing it dies, another fires it again with
 * {@link JobExecutionContext#isRecovering()} set, and {@link SweepExecutor} lets exactly one execution store the
 * chunk's results.
 */
@Dependent
@Unremovable
public class SweepChunkJob implements Job {

    public static final String GROUP = "sweeps";
    public static final String SWEEP_ID = "sweepId";
    public static final String CHUNK = "chunk";
    /** Job data: "true" when the job resumes a chunk left RUNNING without a job ({@link OrphanChunks}). */
    public static final String RESUME = "resume";

    @Inject
    SweepExecutor executor;

    @Override
    public void execute(JobExecutionContext context) {
        var data = context.getMergedJobDataMap();
        executor.execute(Long.parseLong(data.getString(SWEEP_ID)), Integer.parseInt(data.getString(CHUNK)),
                context.isRecovering() || Boolean.parseBoolean(data.getString(RESUME)));
    }

    static String name(long sweepId, int chunk) {
        return "sweep-" + sweepId + "-" + chunk;
    }
}
