package io.keel.strategy.app;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.spi.Violation;

import java.util.List;

/** Turns the engine's violations into a 400 problem+json with one field error per violation. */
public final class Problems {

    private Problems() {
    }

    public static ProblemException of(InvalidDefinitionException e) {
        return of(e.violations());
    }

    /** The engine's messages go out in the API's words: JSON types, never Java classes or exceptions (issue 17). */
    public static ProblemException of(List<Violation> violations) {
        return ProblemException.validation(violations.stream()
                .map(v -> new Problem.FieldError(v.field(), io.keel.common.Messages.jsonInDomainWords(v.message()))).toList());
    }
}
