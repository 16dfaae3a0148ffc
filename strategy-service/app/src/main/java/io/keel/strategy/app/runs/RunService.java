package io.keel.strategy.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.ProblemException;
import io.keel.strategy.app.definitions.DefinitionStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Submits runs (row + Quartz job in one transaction) and reads them back. Stateless. */
@ApplicationScoped
public class RunService {

    /**
     * Body of {@code POST /api/v1/definitions/{name}/runs}; every field optional.
     *
     * @param snapshot  {@code "latest"} (default) or a snapshot id
     * @param version   the definition version (default the latest)
     * @param benchmark what the run's reports compare it with (syntax of {@link io.keel.result.Benchmark}, or
     *                  {@code none}); absent = the definition version's {@code benchmark}
     */
    public record SubmitRun(JsonNode snapshot, Integer version, String benchmark) {
        /** Without a benchmark of its own (the definition's applies). */
        public SubmitRun(JsonNode snapshot, Integer version) {
            this(snapshot, version, null);
        }
    }

    @Inject
    RunStore runs;

    @Inject
    DefinitionStore definitions;

    @Inject
    Scheduler scheduler;

    @Inject
    ObjectMapper mapper;

    @Inject
    RunsConfig config;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Inject
    io.keel.strategy.app.audit.AuditLog audit;

    /**
     * Queues a run of {@code name} (latest version unless given) on a snapshot ({@code latest}
     * unless given). The run row and its Quartz job commit together: a queued run always has a job.
     *
     * @throws ProblemException 400 for a malformed snapshot or version, 404 for an unknown definition or version,
     *                          429 with Retry-After when {@code keel.runs.max-unfinished} runs are already queued or running
     */
    public RunView submit(String name, SubmitRun request) {
        String snapshot = snapshot(request == null ? null : request.snapshot());
        Integer version = request == null ? null : request.version();
        if (version != null && version < 1) {
            throw ProblemException.badRequest("version", "must be >= 1, got " + version);
        }
        if (!snapshot.equals("latest") && config.checkSnapshot()) {
            requireReadable(Long.parseLong(snapshot));
        }
        if (config.checkStart()) {
            dataRange.requireStartWithinData(name, version, snapshot);
        }
        String benchmark = benchmarks.forSubmission(name, version, snapshot, request == null ? null : request.benchmark());
        long id = QuarkusTransaction.requiringNew().call(() -> {
            DefinitionStore.Header h = definitions.find(name)
                    .orElseThrow(() -> ProblemException.notFound("no definition named '" + name + "'"));
            int v = version == null ? h.latestVersion() : version;
            if (v > h.latestVersion()) {
                throw ProblemException.notFound("definition '" + name + "' has no version " + v + " (latest is " + h.latestVersion() + ")");
            }
            long open = runs.unfinishedForAdmission();
            if (open >= config.maxUnfinished()) {
                registry.counter("keel.runs.rejected").increment();
                throw new ProblemException(io.keel.common.Problem.of(429, "Too many requests", open
                        + " runs are queued or running (limit " + config.maxUnfinished() + "); retry later"), config.busyRetryAfterSeconds());
            }
            long runId = runs.insert(h.id(), v, snapshot, benchmark);
            schedule(runId);
            audit.record("run.submitted", name, v, runId, "snapshot " + snapshot + (benchmark == null ? "" : ", benchmark " + benchmark));
            return runId;
        });
        return get(id);
    }

    /**
     * A run on a snapshot that does not exist or cannot be read (failed, or still being taken) would be queued and
     * fail later: it is refused at submission, naming the snapshot.
     *
     * @throws ProblemException 404 for an unknown snapshot, 409 for one that is not readable, 503 when market data
     *                          cannot answer
     */
    private void requireReadable(long snapshotId) {
        java.util.Optional<io.keel.strategy.app.marketdata.SnapshotInfo> s;
        try {
            s = marketData.snapshot(snapshotId);
        } catch (io.keel.strategy.app.marketdata.MarketDataException e) {
            org.jboss.logging.Logger.getLogger(RunService.class).warnf("snapshot %d cannot be checked: %s", snapshotId, e.getMessage());
            throw ProblemException.unavailable("market data is unavailable, snapshot " + snapshotId + " cannot be checked; retry later", 5);
        }
        if (s.isEmpty()) {
            throw new ProblemException(io.keel.common.Problem.validation("snapshot: market data has no snapshot " + snapshotId,
                    List.of(new io.keel.common.Problem.FieldError("snapshot", "market data has no snapshot " + snapshotId)))
                    .withStatus(404, "Not found"));
        }
        if (!s.get().readable()) {
            throw new ProblemException(io.keel.common.Problem.validation("snapshot: snapshot " + snapshotId + " is " + s.get().status()
                    + "; runs need a succeeded or partial snapshot", List.of(new io.keel.common.Problem.FieldError("snapshot",
                    "snapshot " + snapshotId + " is " + s.get().status() + "; runs need a succeeded or partial snapshot")))
                    .withStatus(409, "Conflict"));
        }
    }

    @Inject
    io.keel.strategy.app.marketdata.MarketData marketData;

    @Inject
    DataRange dataRange;

    @Inject
    RunBenchmarks benchmarks;

    @Inject
    RunNotes notes;

    private void schedule(long runId) throws SchedulerException {
        schedule(runId, false);
    }

    /**
     * Schedules the run's Quartz job; {@code resume} lets it take over a run left RUNNING by an execution
     * that ended without storing its result (see {@link OrphanRuns}).
     */
    void schedule(long runId, boolean resume) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(RunJob.class)
                .withIdentity("run-" + runId, RunJob.GROUP)
                .usingJobData(RunJob.RUN_ID, Long.toString(runId))
                .usingJobData(RunJob.RESUME, Boolean.toString(resume))
                .requestRecovery(true)
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity("run-" + runId, RunJob.GROUP)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        scheduler.scheduleJob(job, trigger);
    }

    static String snapshot(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "latest";
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (s.equals("latest")) {
                return s;
            }
            if (s.matches("[1-9][0-9]{0,17}")) {
                return s;
            }
        } else if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0) {
            return Long.toString(node.asLong());
        }
        throw ProblemException.badRequest("snapshot", "must be \"latest\" or a positive snapshot id, got " + node);
    }

    public RunView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> runs.find(id).map(this::view)
                .orElseThrow(() -> ProblemException.notFound("no run " + id)));
    }

    public List<RunView> list(String definition, String status, Integer limit) {
        RunStatus st = null;
        if (status != null) {
            try {
                st = RunStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "must be one of " + List.of(RunStatus.values()) + ", got '" + status + "'");
            }
        }
        int n = io.keel.common.QueryParams.limit("limit", limit, 50, 1000);
        RunStatus fst = st;
        return QuarkusTransaction.requiringNew().call(() -> {
            List<RunStore.Row> rows = runs.list(definition, fst, n);
            Map<Long, String> runNotes = notes.of(rows.stream().map(RunStore.Row::id).toList());
            return rows.stream().map(r -> view(r, runNotes)).toList();
        });
    }

    /** The series document {"runId", "dates", "columns"} as JSON text. @throws ProblemException 404, 409 */
    public String seriesJson(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RunStore.Row row = runs.find(id).orElseThrow(() -> ProblemException.notFound("no run " + id));
            if (row.status() != RunStatus.SUCCEEDED) {
                throw ProblemException.conflict("run " + id + " is " + row.status() + "; its series exist once it has SUCCEEDED"
                        + (row.error() == null ? "" : " (error: " + row.error() + ")"));
            }
            List<Map.Entry<String, String>> rows = runs.series(id);
            int size = 64;
            for (var e : rows) {
                size += e.getValue().length() + e.getKey().length() + 8;
            }
            StringBuilder sb = new StringBuilder(size);
            sb.append("{\"runId\":").append(id);
            return SeriesJson.appendDatesAndColumns(sb, rows).toString();
        });
    }

    /** The exact definition JSON the run ran. */
    public String definitionJson(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RunStore.Row row = runs.find(id).orElseThrow(() -> ProblemException.notFound("no run " + id));
            return definitions.version(row.definitionId(), row.version()).orElseThrow().body();
        });
    }

    private RunView view(RunStore.Row r) {
        return view(r, notes.of(List.of(r.id())));
    }

    private RunView view(RunStore.Row r, Map<Long, String> runNotes) {
        return new RunView(r.id(), r.definition(), r.version(), r.snapshotRequested(), r.snapshotId(), r.status().name(),
                r.submittedAt(), r.startedAt(), r.finishedAt(), r.error(), summary(r), json(r.next()), r.node(), r.attempts(),
                runNotes.get(r.id()), r.benchmark());
    }

    @Inject
    io.keel.strategy.app.plugins.PluginCatalog plugins;

    /**
     * The run's summary in the current shape of the run result contract: a summary stored before the contract
     * (without {@code columns}) gets the fields it lacks recomputed from its definition and stored column names
     * ({@link io.keel.engine.json.ResultJson#current}); its figures are served as stored.
     */
    private JsonNode summary(RunStore.Row r) {
        JsonNode s = json(r.summary());
        if (s instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("columns")) {
            List<String> names = runs.seriesNames(r.id()).stream().filter(n -> !n.equals(SeriesJson.DATES)).toList();
            return io.keel.engine.json.ResultJson.current(o, names, plugins.registry());
        }
        return s;
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
