package io.keel.engine.sweep;

import java.util.List;
import java.util.Objects;

/**
 * A sweep that cannot be planned: an axis that names no field of the definition or a parameter its plugin does not
 * declare, a value of the wrong type, an empty axis or range, more variants than {@link SweepSpec#MAX_VARIANTS}, or no
 * valid variant at all. Every problem names its field in the sweep's own terms ({@code axes[1].pointer},
 * {@code axes[0].values[2]}, {@code combination.count}, {@code baseDefinition.overlays[0].params.threshold}) and says
 * what is wrong in the words of the definition format, never a Java type; a service answers it with a 400.
 */
public final class InvalidSweepException extends RuntimeException {

    /**
     * One problem of a sweep.
     *
     * @param field   where: {@code axes[i].pointer}, {@code axes[i].values}, {@code axes[i].values[j]},
     *                {@code axes[i].values.step}, {@code axes}, {@code combination.count}, {@code baseDefinition...}
     * @param message what is wrong, in domain words
     */
    public record Problem(String field, String message) {
        public Problem {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final List<Problem> problems;

    public InvalidSweepException(List<Problem> problems) {
        super("invalid sweep: " + problems);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid sweep has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** One problem. */
    public InvalidSweepException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    /** Every problem found, at least one. */
    public List<Problem> problems() {
        return problems;
    }
}
