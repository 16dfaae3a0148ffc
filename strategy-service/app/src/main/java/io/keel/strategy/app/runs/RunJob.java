package io.keel.strategy.app.runs;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one run (job {@code run-<id>} in group {@code runs}, requests recovery): when
 * the node executing it dies, another node of the cluster fires it again with
 * {@link JobExecutionContext#isRecovering()} set, and {@link RunExecutor} lets exactly one
 * execution complete the run.
 */
@Dependent
@Unremovable
public class RunJob implements Job {

    public static final String GROUP = "runs";
    public static final String RUN_ID = "runId";
    /** Job data: "true" when the job resumes an orphaned RUNNING run ({@link OrphanRuns}). */
    public static final String RESUME = "resume";

    @Inject
    RunExecutor executor;

    @Override
    public void execute(JobExecutionContext context) {
        long runId = Long.parseLong(context.getMergedJobDataMap().getString(RUN_ID));
        boolean resume = Boolean.parseBoolean(context.getMergedJobDataMap().getString(RESUME));
        executor.execute(runId, context.isRecovering() || resume);
    }
}
