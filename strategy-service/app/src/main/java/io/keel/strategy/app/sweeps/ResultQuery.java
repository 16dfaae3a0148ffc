package io.keel.strategy.app.sweeps;

import io.keel.common.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sort} and {@code filter} of {@code GET /api/v1/sweeps/{id}/results}, parsed into SQL over fixed column
 * names (caller text never reaches the SQL: numbers are bound as parameters).
 *
 * <ul>
 *   <li>{@code sort}: comma-separated keys, each a metric name or {@code index}, prefixed by {@code -} for descending
 *       ({@code sort=-sharpe,maxDrawdown}). Variants without the metric (failed backtests) come last. Absent: the
 *       sweep's ranking, best first. The variant index always breaks ties.</li>
 *   <li>{@code filter}: comma-separated conditions {@code <name><op><number>} that all must hold, name a metric or
 *       {@code index}, op one of {@code > >= < <= = !=} ({@code filter=sharpe>0.5,maxDrawdown>-0.2}); a failed variant
 *       (no metrics) matches no metric condition. {@code failed=true|false} keeps only failed / succeeded variants.</li>
 * </ul>
 */
public final class ResultQuery {

    /** One condition: a column compared with a number. */
    public record Condition(String column, String op, double value) {
    }

    /** One sort key on a column. */
    public record Key(String column, boolean descending) {
    }

    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z]+)\\s*(>=|<=|!=|=|>|<)\\s*(\\S+)\\s*");

    private final List<Key> sort;
    private final List<Condition> filter;
    private final Boolean failed;

    private ResultQuery(List<Key> sort, List<Condition> filter, Boolean failed) {
        this.sort = List.copyOf(sort);
        this.filter = List.copyOf(filter);
        this.failed = failed;
    }

    /**
     * @param sort    the {@code sort} parameter or null (then {@code ranking}, best first)
     * @param filter  the {@code filter} parameter or null
     * @param failed  only failed (true) or succeeded (false) variants; null for both
     * @param ranking the sweep's ranking metrics
     * @throws ProblemException 400 naming {@code sort} or {@code filter} and the offending item
     */
    public static ResultQuery parse(String sort, String filter, Boolean failed, List<SweepMetric> ranking) {
        List<Key> keys = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            for (SweepMetric m : ranking) {
                keys.add(new Key(m.column(), m.higherIsBetter()));
            }
        } else {
            String[] items = sort.split(",", -1);
            for (int i = 0; i < items.length; i++) {
                String item = items[i].trim();
                boolean desc = item.startsWith("-");
                String name = desc ? item.substring(1) : item.startsWith("+") ? item.substring(1) : item;
                keys.add(new Key(column("sort", name, "item " + (i + 1) + " '" + item + "'"), desc));
            }
        }
        List<Condition> conditions = new ArrayList<>();
        if (filter != null && !filter.isBlank()) {
            String[] items = filter.split(",", -1);
            for (int i = 0; i < items.length; i++) {
                Matcher m = CONDITION.matcher(items[i]);
                String where = "item " + (i + 1) + " '" + items[i].trim() + "'";
                if (!m.matches()) {
                    throw ProblemException.badRequest("filter", where + " is not <name><op><number> with op one of > >= < <= = != "
                            + "(e.g. filter=sharpe>0.5,maxDrawdown>-0.2)");
                }
                String column = column("filter", m.group(1), where);
                double v;
                try {
                    v = Double.parseDouble(m.group(3));
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!Double.isFinite(v) || !m.group(3).matches("[+-]?[0-9.]+([eE][+-]?[0-9]+)?")) {
                    throw ProblemException.badRequest("filter", where + ": '" + m.group(3) + "' is not a finite number");
                }
                conditions.add(new Condition(column, m.group(2), v));
            }
        }
        return new ResultQuery(keys, conditions, failed);
    }

    private static String column(String param, String name, String where) {
        if (name.equals("index")) {
            return "variant_index";
        }
        return SweepMetric.byName(name).map(SweepMetric::column).orElseThrow(() -> ProblemException.badRequest(param,
                where + " names no result column; use index or one of " + SweepMetric.names()));
    }

    /** {@code AND ...} conditions for a WHERE clause (after {@code sweep_id = ?}); its numbers in {@link #parameters()}. */
    public String where() {
        StringBuilder sb = new StringBuilder();
        for (Condition c : filter) {
            sb.append(" AND ").append(c.column()).append(' ').append(c.op().equals("!=") ? "<>" : c.op()).append(" ?");
        }
        if (failed != null) {
            sb.append(failed ? " AND failure IS NOT NULL" : " AND failure IS NULL");
        }
        return sb.toString();
    }

    /** The numbers of {@link #where()}, in order. */
    public List<Double> parameters() {
        return filter.stream().map(Condition::value).toList();
    }

    /** {@code ORDER BY ...}: the keys, failed variants last, the index breaking ties. */
    public String orderBy() {
        StringBuilder sb = new StringBuilder(" ORDER BY ");
        for (Key k : sort) {
            sb.append(k.column()).append(k.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        return sb.append("variant_index ASC").toString();
    }

    public List<Key> sort() {
        return sort;
    }

    public List<Condition> filter() {
        return filter;
    }

    /** The canonical text of the sort keys (as echoed in the answer). */
    public String sortText() {
        List<String> out = new ArrayList<>();
        for (Key k : sort) {
            String name = k.column().equals("variant_index") ? "index"
                    : java.util.Arrays.stream(SweepMetric.values()).filter(m -> m.column().equals(k.column())).findFirst().orElseThrow().apiName();
            out.add((k.descending() ? "-" : "") + name);
        }
        return out.isEmpty() ? "index" : String.join(",", out);
    }
}
