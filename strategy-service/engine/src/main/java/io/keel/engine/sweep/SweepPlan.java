package io.keel.engine.sweep;

import java.util.List;

/**
 * A sweep expanded and checked: every variant of the expansion is either {@link #valid()} or {@link #invalid()},
 * each list in index order.
 *
 * @param total   the number of variants in the expansion ({@code valid.size() + invalid.size()})
 * @param valid   the variants to run, at least one
 * @param invalid the combinations that are not valid definitions, with their problems
 */
public record SweepPlan(int total, List<Variant> valid, List<InvalidVariant> invalid) {
    public SweepPlan {
        valid = List.copyOf(valid);
        invalid = List.copyOf(invalid);
        if (valid.size() + invalid.size() != total) {
            throw new IllegalArgumentException(valid.size() + " valid and " + invalid.size() + " invalid variants for a total of " + total);
        }
    }

    /** The valid variants whose index is in {@code [from, to)}, in index order (for running a sweep in chunks). */
    public List<Variant> valid(int from, int to) {
        return valid.stream().filter(v -> v.index() >= from && v.index() < to).toList();
    }
}
