package io.keel.strategy.app.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.sweep.InvalidSweepException;
import io.keel.engine.sweep.InvalidVariant;
import io.keel.engine.sweep.SweepPlan;
import io.keel.engine.sweep.SweepPlanner;
import io.keel.engine.sweep.SweepSpec;
import io.keel.engine.sweep.Variant;
import io.keel.spi.Violation;
import io.keel.strategy.app.audit.AuditLog;
import io.keel.strategy.app.definitions.DefinitionChecks;
import io.keel.strategy.app.definitions.DefinitionService;
import io.keel.strategy.app.definitions.DefinitionStore;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.MarketDataException;
import io.keel.strategy.app.marketdata.SnapshotInfo;
import io.keel.strategy.app.marketdata.SnapshotPrices;
import io.keel.strategy.app.plugins.PluginCatalog;
import io.keel.strategy.app.runs.SeriesJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parameter sweeps: submission (every variant checked before anything is stored or runs), progress, cancel, results,
 * a variant's series and its promotion to a definition version. Stateless.
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);

    /**
     * Body of {@code POST /api/v1/sweeps}. The base is a stored definition ({@code definition}, {@code version}
     * optional: its latest) or a whole definition document ({@code inline}), not both.
     *
     * @param snapshot    {@code "latest"} (default; pinned to its id at submission) or a snapshot id
     * @param axes        [{"pointer": JSON Pointer, "values": [...] | {from, to, step} | {from, to, count, scale}}]
     * @param combination {"kind": "grid"} (default) or {"kind": "random", "count": n, "seed": s}
     * @param ranking     metric names, best first by each one's direction (default ["sharpe"])
     */
    public record SubmitSweep(String definition, Integer version, JsonNode inline, JsonNode snapshot, JsonNode axes,
                              JsonNode combination, JsonNode ranking) {
    }

    /** Body of {@code POST .../variants/{index}/promote}: the definition to version or create (default: the stored base's). */
    public record Promote(String name) {
    }

    @Inject
    SweepStore store;

    @Inject
    SweepEngine engine;

    @Inject
    SweepsConfig config;

    @Inject
    DefinitionStore definitions;

    @Inject
    DefinitionChecks checks;

    @Inject
    DefinitionService definitionService;

    @Inject
    PluginCatalog plugins;

    @Inject
    MarketData marketData;

    @Inject
    Scheduler scheduler;

    @Inject
    AuditLog audit;

    private static final ObjectMapper JSON = DefinitionJson.mapper();

    /**
     * Checks and queues a sweep: the base, the axes and combination, every variant (invalid combinations are kept
     * and listed; none valid is a 400), the ranking and the snapshot ({@code latest} resolved to its id now). Then one
     * transaction stores the sweep, its chunks, its invalid variants and the chunks' Quartz jobs: a queued sweep always
     * has its jobs, and a refused one leaves no row.
     *
     * @throws ProblemException 400 naming the field ({@code axes[1].pointer}, {@code combination.count},
     *                          {@code ranking[0]}, {@code inline.overlays[0].params.targetVol}, ...), 404 for an unknown
     *                          definition, version or snapshot, 409 for an unreadable snapshot, 503 when market data
     *                          cannot answer
     */
    public SweepView submit(SubmitSweep request) {
        if (request == null) {
            throw ProblemException.badRequest("definition", "a sweep needs a body: {definition | inline, axes, combination, ranking, snapshot}");
        }
        requireStorable("inline", request.inline());
        requireStorable("axes", request.axes());
        requireStorable("combination", request.combination());
        requireStorable("ranking", request.ranking());
        requireStorable("snapshot", request.snapshot());
        List<SweepMetric> ranking = ranking(request.ranking());
        Base base = base(request);
        String snapshotRequested = snapshotText(request.snapshot());
        ObjectNode specJson = JsonNodeFactory.instance.objectNode();
        specJson.set("baseDefinition", base.document());
        if (request.axes() != null) {
            specJson.set("axes", request.axes());
        }
        if (request.combination() != null) {
            specJson.set("combination", request.combination());
        }
        SweepSpec spec;
        SweepPlan plan;
        try {
            spec = SweepSpec.fromJson(specJson);
            plan = SweepPlanner.plan(spec, plugins.registry());
        } catch (InvalidSweepException e) {
            // the engine names the base "baseDefinition": here it is the inline document, or the stored definition's own fields
            String prefix = base.stored() == null ? "inline" : "";
            throw ProblemException.validation(e.problems().stream()
                    .map(p -> new Problem.FieldError(baseField(p.field(), prefix), io.keel.common.Messages.jsonInDomainWords(p.message()))).toList());
        }
        if (plan.total() > config.maxVariants()) {
            String field = spec.combination() instanceof SweepSpec.Combination.Random ? "combination.count" : "axes";
            throw ProblemException.badRequest(field, "the sweep has " + plan.total() + " variants, more than this service's limit of "
                    + config.maxVariants());
        }
        long snapshotId = resolveSnapshot(snapshotRequested, base.definition());
        ObjectNode stored = spec.toJson();
        String axesJson = stored.get("axes").toString();
        String combinationJson = stored.get("combination").toString();
        String rankingJson = text(ranking.stream().map(SweepMetric::apiName).toList());
        List<String> chunks = chunks(plan.valid());
        List<SweepStore.InvalidRow> invalid = new ArrayList<>(plan.invalid().size());
        for (InvalidVariant v : plan.invalid()) {
            invalid.add(new SweepStore.InvalidRow(v.index(), text(v.values()), problemsJson(v.problems())));
        }
        int total = plan.total();
        int validCount = plan.valid().size();
        // the plan holds every variant's definition: not kept while the sweep is stored
        plan = null;
        long id = QuarkusTransaction.requiringNew().call(() -> {
            SweepEntity s = new SweepEntity();
            if (base.stored() != null) {
                // the definition may have been deleted since it was read: the submission then fails as it would have
                DefinitionStore.Header h = definitions.find(base.stored().name())
                        .orElseThrow(() -> ProblemException.notFound("no definition named '" + base.stored().name() + "'"));
                s.definitionId = h.id();
                s.version = base.stored().version();
            }
            s.baseName = base.definition().name();
            s.baseDefinition = base.document().toString();
            s.snapshotRequested = snapshotRequested;
            s.snapshotId = snapshotId;
            s.axes = axesJson;
            s.combination = combinationJson;
            s.ranking = rankingJson;
            s.status = SweepStatus.QUEUED;
            s.total = total;
            s.validCount = validCount;
            s.invalidCount = invalid.size();
            s.chunkCount = chunks.size();
            long sweepId = store.insert(s);
            for (int c = 0; c < chunks.size(); c++) {
                store.insertChunk(sweepId, c, chunks.get(c), chunkSize(validCount, c));
            }
            store.insertInvalid(sweepId, invalid);
            schedule(sweepId, chunks.size());
            audit.record("sweep.submitted", s.baseName, s.version, null, "sweep " + sweepId + ": " + s.total + " variants ("
                    + s.invalidCount + " invalid) in " + chunks.size() + " chunks on snapshot " + snapshotId);
            return sweepId;
        });
        return get(id);
    }

    /**
     * Text the database cannot store (the NUL character, a lone surrogate) anywhere in a JSON part of the request: a
     * 400 naming where ({@code axes[0].values[2]}), as {@code StrictJson} does for the string fields of bodies.
     */
    static void requireStorable(String field, JsonNode node) {
        if (node == null) {
            return;
        }
        List<Problem.FieldError> errors = io.keel.common.Text.unstorable(node).stream()
                .map(e -> new Problem.FieldError(e.field().equals("$") ? field
                        : e.field().startsWith("[") ? field + e.field() : field + "." + e.field(), e.message()))
                .toList();
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    private static String baseField(String field, String prefix) {
        if (field.equals("baseDefinition")) {
            return prefix.isEmpty() ? "definition" : prefix;
        }
        if (field.startsWith("baseDefinition.")) {
            String rest = field.substring("baseDefinition.".length());
            return prefix.isEmpty() ? rest : prefix + "." + rest;
        }
        return field;
    }

    private int chunkSize(int valid, int chunk) {
        int size = config.chunkSize();
        return Math.min(size, valid - chunk * size);
    }

    /** The valid variants as chunks of {@code keel.sweeps.chunk-size}, each {@code [[index, [values]], ...]}, in index order. */
    private List<String> chunks(List<Variant> valid) {
        List<String> out = new ArrayList<>();
        int size = config.chunkSize();
        for (int from = 0; from < valid.size(); from += size) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (Variant v : valid.subList(from, Math.min(valid.size(), from + size))) {
                ArrayNode e = a.addArray();
                e.add(v.index());
                ArrayNode vs = e.addArray();
                v.values().forEach(vs::add);
            }
            out.add(a.toString());
        }
        return out;
    }

    /** The chunks' jobs (one lock acquisition for all of them), in the caller's transaction. */
    private void schedule(long sweepId, int chunks) throws SchedulerException {
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        for (int c = 0; c < chunks; c++) {
            jobs.put(job(sweepId, c, false), Set.of(trigger(sweepId, c)));
        }
        scheduler.scheduleJobs(jobs, false);
    }

    void scheduleOne(long sweepId, int chunk, boolean resume) throws SchedulerException {
        scheduler.scheduleJob(job(sweepId, chunk, resume), trigger(sweepId, chunk));
    }

    private static JobDetail job(long sweepId, int chunk, boolean resume) {
        return JobBuilder.newJob(SweepChunkJob.class)
                .withIdentity(SweepChunkJob.name(sweepId, chunk), SweepChunkJob.GROUP)
                .usingJobData(SweepChunkJob.SWEEP_ID, Long.toString(sweepId))
                .usingJobData(SweepChunkJob.CHUNK, Integer.toString(chunk))
                .usingJobData(SweepChunkJob.RESUME, Boolean.toString(resume))
                .requestRecovery(true)
                .build();
    }

    private static Trigger trigger(long sweepId, int chunk) {
        return TriggerBuilder.newTrigger()
                .withIdentity(SweepChunkJob.name(sweepId, chunk), SweepChunkJob.GROUP)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    /** The base document and its parsed definition; {@code stored} names the stored version, null when inline. */
    private record Base(ObjectNode document, BacktestDefinition definition, StoredBase stored) {
    }

    private record StoredBase(String name, int version) {
    }

    private Base base(SubmitSweep r) {
        boolean named = r.definition() != null;
        boolean inline = r.inline() != null && !r.inline().isNull();
        if (named == inline) {
            throw ProblemException.badRequest("definition", named
                    ? "give either definition (a stored definition's name, with an optional version) or inline (a definition document), not both"
                    : "required: definition (a stored definition's name, with an optional version) or inline (a definition document)");
        }
        if (inline) {
            if (r.version() != null) {
                throw ProblemException.badRequest("version", "only with definition (a stored definition's version); an inline base has none");
            }
            if (!r.inline().isObject()) {
                throw ProblemException.badRequest("inline", "must be a definition document (a JSON object)");
            }
            DefinitionChecks.Outcome o = checks.check(r.inline().toString());
            if (!o.violations().isEmpty()) {
                List<Problem.FieldError> errors = new ArrayList<>();
                for (Violation v : o.violations()) {
                    errors.add(new Problem.FieldError("inline" + (v.field() == null || v.field().isEmpty() ? "" : "." + v.field()),
                            io.keel.common.Messages.jsonInDomainWords(v.message())));
                }
                throw ProblemException.validation(errors);
            }
            return new Base((ObjectNode) canonical(r.inline().toString()), o.definition(), null);
        }
        if (r.definition().isBlank()) {
            throw ProblemException.badRequest("definition", "must name a stored definition");
        }
        if (r.version() != null && r.version() < 1) {
            throw ProblemException.badRequest("version", "must be >= 1, got " + r.version());
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            DefinitionStore.Header h = definitions.find(r.definition())
                    .orElseThrow(() -> ProblemException.notFound("no definition named '" + r.definition() + "'"));
            int v = r.version() == null ? h.latestVersion() : r.version();
            DefinitionStore.Version body = definitions.version(h.id(), v).orElseThrow(() -> ProblemException.notFound(
                    "definition '" + r.definition() + "' has no version " + v + " (latest is " + h.latestVersion() + ")"));
            JsonNode doc = canonical(body.body());
            return new Base((ObjectNode) doc, DefinitionJson.parse(body.body()), new StoredBase(h.name(), v));
        });
    }

    private static JsonNode canonical(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("inline", "is not a JSON document");
        }
    }

    private static List<SweepMetric> ranking(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of(SweepMetric.SHARPE);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ProblemException.badRequest("ranking", "must be a non-empty list of metric names, best first; one of " + SweepMetric.names());
        }
        List<SweepMetric> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            String field = "ranking[" + i + "]";
            if (!n.isTextual()) {
                throw ProblemException.badRequest(field, "must be a metric name, one of " + SweepMetric.names());
            }
            SweepMetric m = SweepMetric.byName(n.asText()).orElseThrow(() -> ProblemException.badRequest(field,
                    "unknown metric '" + n.asText() + "'; one of " + SweepMetric.names()));
            if (out.contains(m)) {
                throw ProblemException.badRequest(field, "'" + n.asText() + "' is listed twice");
            }
            out.add(m);
        }
        return out;
    }

    static String snapshotText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "latest";
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (s.equals("latest") || s.matches("[1-9][0-9]{0,17}")) {
                return s;
            }
        } else if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0) {
            return Long.toString(node.asLong());
        }
        throw ProblemException.badRequest("snapshot", "must be \"latest\" or a positive snapshot id, got " + node);
    }

    /**
     * The snapshot id every variant will run on: a given id once market data says it is readable; {@code latest} as
     * market data resolves it now for the base's prices (which also shows the base's universe has prices there).
     */
    private long resolveSnapshot(String requested, BacktestDefinition base) {
        try {
            if (!requested.equals("latest")) {
                long id = Long.parseLong(requested);
                Optional<SnapshotInfo> s = marketData.snapshot(id);
                if (s.isEmpty()) {
                    throw new ProblemException(Problem.validation("snapshot: market data has no snapshot " + id,
                            List.of(new Problem.FieldError("snapshot", "market data has no snapshot " + id))).withStatus(404, "Not found"));
                }
                if (!s.get().readable()) {
                    String why = "snapshot " + id + " is " + s.get().status() + "; sweeps need a succeeded or partial snapshot";
                    throw new ProblemException(Problem.validation("snapshot: " + why, List.of(new Problem.FieldError("snapshot", why)))
                            .withStatus(409, "Conflict"));
                }
                return id;
            }
            SnapshotPrices p = marketData.prices(base.universe(), base.start(), base.end(), "latest");
            return p.snapshotId();
        } catch (MarketData.NotFoundAbort e) {
            throw ProblemException.badRequest("snapshot", "the base definition's prices cannot be read from snapshot " + requested + ": "
                    + io.keel.common.Messages.withoutInternals(e.getMessage()));
        } catch (MarketDataException e) {
            LOG.warnf("snapshot %s cannot be resolved: %s", requested, e.getMessage());
            throw ProblemException.unavailable("market data is unavailable, snapshot " + requested + " cannot be resolved; retry later", 5);
        }
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    public SweepView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> view(store.find(id).orElseThrow(() -> notFound(id)), true));
    }

    public List<SweepView> list(String status, Integer limit) {
        SweepStatus st = null;
        if (status != null) {
            try {
                st = SweepStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", "must be one of " + List.of(SweepStatus.values()) + ", got '" + status + "'");
            }
        }
        int n = io.keel.common.QueryParams.limit("limit", limit, 50, 1000);
        SweepStatus fst = st;
        return QuarkusTransaction.requiringNew().call(() -> store.list(fst, n).stream().map(s -> view(s, false)).toList());
    }

    private SweepView view(SweepEntity s, boolean nodes) {
        SweepStore.Progress p = store.progress(s.id);
        List<SweepStore.NodeShare> shares = nodes ? store.nodes(s.id) : null;
        OffsetDateTime end = s.finishedAt != null ? s.finishedAt : io.keel.strategy.app.DatabaseClock.now();
        Double rate = null;
        Long eta = null;
        if (s.startedAt != null) {
            double seconds = Math.max(1e-3, Duration.between(s.startedAt, end).toNanos() / 1e9);
            rate = p.done() / seconds;
            long remaining = s.validCount - p.done();
            if (s.status == SweepStatus.RUNNING || s.status == SweepStatus.QUEUED) {
                eta = rate > 0 ? (long) Math.ceil(remaining / rate) : null;
            } else {
                eta = 0L;
            }
        }
        return new SweepView(s.id, s.status.name(), new SweepView.Base(s.baseName, s.version, s.definitionId == null),
                s.snapshotRequested, s.snapshotId, tree(s.axes), tree(s.combination), tree(s.ranking), s.total, s.validCount,
                s.invalidCount, p.done(), p.failed(), s.validCount - p.done(), rate, eta,
                new SweepView.Chunks(s.chunkCount, p.chunksDone(), p.chunksRunning(), p.chunksPending(), p.chunksFailed(), p.chunksSkipped()),
                shares == null ? null : shares.stream().map(n -> new SweepView.Node(n.node(), n.chunks(), n.variants())).toList(),
                s.submittedAt, s.startedAt, s.finishedAt, s.error);
    }

    /**
     * Cancels a queued or running sweep: chunks not started are skipped (their jobs removed), chunks running finish
     * and keep their results. @throws ProblemException 404, 409 when the sweep is already finished
     */
    public SweepView cancel(long id) {
        List<Integer> skipped = QuarkusTransaction.requiringNew().call(() -> {
            SweepEntity s = store.find(id).orElseThrow(() -> notFound(id));
            List<Integer> pending = store.chunkIndices(id, ChunkStatus.PENDING);
            if (!store.cancel(id)) {
                throw ProblemException.conflict("sweep " + id + " is " + s.status + "; only a QUEUED or RUNNING sweep can be cancelled");
            }
            audit.record("sweep.cancelled", s.baseName, s.version, null, "sweep " + id + ": " + pending.size() + " chunks not started skipped");
            return pending;
        });
        // the skipped chunks' jobs would find them SKIPPED and do nothing; removing them frees the workers at once
        List<JobKey> keys = skipped.stream().map(c -> new JobKey(SweepChunkJob.name(id, c), SweepChunkJob.GROUP)).toList();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try {
                    scheduler.deleteJobs(keys);
                } catch (SchedulerException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.infof("sweep %d: jobs of skipped chunks left to find them skipped (%s)", id, e.getMessage());
        }
        return get(id);
    }

    /** One results row as served (JSON). */
    public record ResultRow(int index, Map<String, JsonNode> values, Map<String, Double> metrics, String failure) {
    }

    /** A page of results. */
    public record ResultsPage(long sweepId, String status, long matching, int offset, int limit, String sort, String filter,
                              List<ResultRow> rows) {
    }

    /** The parsed query and what is needed to write rows: the axes' pointers. */
    public record Query(SweepEntity sweep, ResultQuery query, List<String> pointers) {
    }

    public Query query(long id, String sort, String filter, Boolean failed) {
        SweepEntity s = QuarkusTransaction.requiringNew().call(() -> store.find(id).orElseThrow(() -> notFound(id)));
        List<SweepMetric> ranking = new ArrayList<>();
        for (JsonNode n : tree(s.ranking)) {
            ranking.add(SweepMetric.byName(n.asText()).orElseThrow());
        }
        List<String> pointers = new ArrayList<>();
        tree(s.axes).forEach(a -> pointers.add(a.get("pointer").asText()));
        return new Query(s, ResultQuery.parse(sort, filter, failed, ranking), pointers);
    }

    public ResultsPage results(long id, String sort, String filter, Boolean failed, Integer limit, Integer offset) {
        int n = io.keel.common.QueryParams.limit("limit", limit, 100, config.maxPage());
        int skip = offset(offset);
        Query q = query(id, sort, filter, failed);
        return QuarkusTransaction.requiringNew().call(() -> {
            long matching = store.countResults(id, q.query());
            List<ResultRow> rows = new ArrayList<>();
            store.results(id, q.query(), n, skip, r -> rows.add(row(r, q.pointers())));
            return new ResultsPage(id, q.sweep().status.name(), matching, skip, n, q.query().sortText(), filter, rows);
        });
    }

    static int offset(Integer offset) {
        int skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw ProblemException.badRequest("offset", "must be >= 0, got " + skip);
        }
        return skip;
    }

    /**
     * Writes the matching results as CSV (RFC 4180; header {@code index, <axis pointers>, <metrics>, failure}) to
     * {@code out}, streamed from the database ({@code limit} null: all of them).
     */
    public void resultsCsv(Query q, Integer limit, int offset, java.io.Writer out) {
        QuarkusTransaction.requiringNew().run(() -> {
            try {
                StringBuilder header = new StringBuilder("index");
                for (String p : q.pointers()) {
                    header.append(',').append(io.keel.engine.data.CsvText.cell(p));
                }
                for (SweepMetric m : SweepMetric.values()) {
                    header.append(',').append(m.apiName());
                }
                out.write(header.append(",failure\n").toString());
                StringBuilder line = new StringBuilder(256);
                store.results(q.sweep().id, q.query(), limit, offset, r -> {
                    line.setLength(0);
                    line.append(r.index());
                    JsonNode values = tree(r.valuesJson());
                    for (JsonNode v : values) {
                        line.append(',').append(v.isNumber() ? v.asText() : io.keel.engine.data.CsvText.cell(v.isTextual() ? v.asText() : v.toString()));
                    }
                    for (Double d : r.metrics()) {
                        line.append(',');
                        if (d != null) {
                            line.append(d.doubleValue());
                        }
                    }
                    line.append(',').append(io.keel.engine.data.CsvText.cell(r.failure())).append('\n');
                    try {
                        out.write(line.toString());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                out.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private ResultRow row(SweepStore.ResultRow r, List<String> pointers) {
        JsonNode values = tree(r.valuesJson());
        Map<String, JsonNode> byPointer = new LinkedHashMap<>();
        for (int i = 0; i < pointers.size(); i++) {
            byPointer.put(pointers.get(i), values.get(i));
        }
        Map<String, Double> metrics = null;
        if (r.failure() == null) {
            metrics = new LinkedHashMap<>();
            SweepMetric[] ms = SweepMetric.values();
            for (int i = 0; i < ms.length; i++) {
                metrics.put(ms[i].apiName(), r.metrics()[i]);
            }
        }
        return new ResultRow(r.index(), byPointer, metrics, r.failure());
    }

    /** An invalid variant as served. */
    public record InvalidView(int index, Map<String, JsonNode> values, JsonNode problems) {
    }

    public record InvalidPage(long sweepId, int invalid, int offset, int limit, List<InvalidView> variants) {
    }

    public InvalidPage invalid(long id, Integer limit, Integer offset) {
        int n = io.keel.common.QueryParams.limit("limit", limit, 100, config.maxPage());
        int skip = offset(offset);
        return QuarkusTransaction.requiringNew().call(() -> {
            SweepEntity s = store.find(id).orElseThrow(() -> notFound(id));
            List<String> pointers = new ArrayList<>();
            tree(s.axes).forEach(a -> pointers.add(a.get("pointer").asText()));
            List<InvalidView> out = new ArrayList<>();
            for (SweepStore.InvalidRow r : store.invalid(id, n, skip)) {
                JsonNode values = tree(r.valuesJson());
                Map<String, JsonNode> byPointer = new LinkedHashMap<>();
                for (int i = 0; i < pointers.size(); i++) {
                    byPointer.put(pointers.get(i), values.get(i));
                }
                out.add(new InvalidView(r.index(), byPointer, tree(r.problemsJson())));
            }
            return new InvalidPage(id, s.invalidCount, skip, n, out);
        });
    }

    /** A valid variant of a sweep with what is needed to run it again. */
    record StoredVariant(SweepEntity sweep, int index, String valuesJson) {
    }

    /**
     * @throws ProblemException 404 for no such sweep or variant index, 409 naming the problems of an invalid variant
     */
    StoredVariant storedVariant(long id, int index) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SweepEntity s = store.find(id).orElseThrow(() -> notFound(id));
            if (index < 0 || index >= variantSpace(s)) {
                throw ProblemException.notFound("sweep " + id + " has no variant " + index + " (its variants are 0 to " + (variantSpace(s) - 1) + ")");
            }
            Optional<SweepStore.InvalidRow> bad = store.invalidVariant(id, index);
            if (bad.isPresent()) {
                throw ProblemException.conflict("variant " + index + " of sweep " + id + " is not a valid definition: "
                        + String.join("; ", problemTexts(bad.get().problemsJson())));
            }
            String chunk = store.chunkVariantsContaining(id, index).orElseThrow(() -> ProblemException.notFound("sweep " + id + " has no variant " + index));
            for (JsonNode v : tree(chunk)) {
                if (v.get(0).intValue() == index) {
                    return new StoredVariant(s, index, v.get(1).toString());
                }
            }
            throw ProblemException.notFound("sweep " + id + " has no variant " + index);
        });
    }

    /** Variant indices run 0 .. total - 1 (grid order, or the random sample's order). */
    private static int variantSpace(SweepEntity s) {
        return s.total;
    }

    /**
     * The full daily series of one valid variant, recomputed on the sweep's pinned snapshot: {"sweepId",
     * "variantIndex", "values", "dates", "columns"} with the columns of a run's series (NaN as null).
     */
    public String seriesJson(long id, int index) {
        StoredVariant v = storedVariant(id, index);
        BacktestResult result = recompute(v);
        Map<String, String> arrays = SeriesJson.arrays(result.series());
        StringBuilder sb = new StringBuilder(arrays.values().stream().mapToInt(String::length).sum() + 256);
        sb.append("{\"sweepId\":").append(id).append(",\"variantIndex\":").append(index).append(",\"values\":")
                .append(valuesByPointer(v)).append(",\"snapshotId\":").append(v.sweep().snapshotId);
        return SeriesJson.appendDatesAndColumns(sb, arrays.entrySet()).toString();
    }

    /** The variant's backtest on the pinned snapshot. @throws ProblemException 503 when market data cannot answer, 409 when it cannot be computed */
    BacktestResult recompute(StoredVariant v) {
        Variant variant = engine.variant(v.sweep().baseDefinition, v.sweep().axes, v.index(), v.valuesJson());
        try {
            SnapshotPrices prices = engine.prices(engine.base(v.sweep().baseDefinition), v.sweep().snapshotId);
            return engine.runOne(variant, prices.history());
        } catch (MarketDataException e) {
            throw ProblemException.unavailable("market data cannot serve snapshot " + v.sweep().snapshotId + " now; retry later", 5);
        } catch (io.keel.engine.calc.InvalidDefinitionException | io.keel.engine.calc.BacktestNotComputableException e) {
            throw ProblemException.conflict("variant " + v.index() + " of sweep " + v.sweep().id + " cannot be computed on snapshot "
                    + v.sweep().snapshotId + ": " + io.keel.common.Messages.withoutInternals(e.getMessage()));
        }
    }

    private String valuesByPointer(StoredVariant v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        JsonNode values = tree(v.valuesJson());
        int i = 0;
        for (JsonNode a : tree(v.sweep().axes)) {
            o.set(a.get("pointer").asText(), values.get(i++));
        }
        return o.toString();
    }

    /**
     * Stores a valid variant's definition as a new version of {@code name} (default: the stored base's definition), or
     * creates {@code name} at version 1 when no definition has that name; through the definitions service (checks and
     * audit as any definition write), with the sweep and variant in the audit detail.
     *
     * @throws ProblemException 400 naming {@code name} when an inline base's promotion names none; 404, 409 as for
     *                          {@link #storedVariant}
     */
    public DefinitionService.DefinitionView promote(long id, int index, Promote body) {
        StoredVariant v = storedVariant(id, index);
        String name = body == null || body.name() == null ? null : body.name();
        if (name == null) {
            if (v.sweep().definitionId == null) {
                throw ProblemException.badRequest("name", "required for a sweep with an inline base: the definition to create or add a version to");
            }
            name = v.sweep().baseName;
        }
        if (name.isBlank()) {
            throw ProblemException.badRequest("name", "must not be blank");
        }
        ObjectNode doc = SweepEngine.document(tree(v.sweep().baseDefinition), SweepEngine.pointers(tree(v.sweep().axes)), tree(v.valuesJson()));
        doc.put("name", name);
        String detail = "promoted from sweep " + id + " variant " + index + " " + valuesByPointer(v);
        String target = name;
        boolean exists = QuarkusTransaction.requiringNew().call(() -> definitions.find(target).isPresent());
        return exists ? definitionService.update(name, doc.toString(), detail) : definitionService.create(doc.toString(), detail);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static ProblemException notFound(long id) {
        return ProblemException.notFound("no sweep " + id);
    }

    private static String problemsJson(List<String> problems) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String p : problems) {
            int colon = p.indexOf(": ");
            ObjectNode o = a.addObject();
            if (colon > 0) {
                o.put("field", p.substring(0, colon));
                o.put("message", io.keel.common.Messages.jsonInDomainWords(p.substring(colon + 2)));
            } else {
                o.putNull("field");
                o.put("message", io.keel.common.Messages.jsonInDomainWords(p));
            }
        }
        return a.toString();
    }

    private List<String> problemTexts(String problemsJson) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : tree(problemsJson)) {
            out.add((p.get("field").isNull() ? "" : p.get("field").asText() + ": ") + p.get("message").asText());
        }
        return out;
    }

    private static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
