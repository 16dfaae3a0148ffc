package io.keel.engine.calc;

import io.keel.spi.Violation;

import java.util.List;

/** A definition that cannot run, with every problem found (each naming its field). */
public final class InvalidDefinitionException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidDefinitionException(List<Violation> violations) {
        super("invalid definition: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
