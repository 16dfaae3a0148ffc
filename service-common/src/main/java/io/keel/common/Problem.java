package io.keel.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every Keel error answer ({@code application/problem+json}).
 *
 * @param type   URI identifying the kind of problem ({@code about:blank} when only the status says it)
 * @param title  short summary of the kind of problem
 * @param status HTTP status code
 * @param detail explanation of this occurrence
 * @param errors one entry per offending field, for validation failures
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: its JSON path (e.g. {@code overlays[0].params.maxLeverage}) and what is wrong. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        type = type == null ? "about:blank" : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** This problem (detail and field errors) with another status and title, e.g. a 404 or 409 naming the field. */
    public Problem withStatus(int status, String title) {
        return new Problem(null, title, status, detail, errors);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem(null, title, status, detail, List.of());
    }

    public static Problem validation(String detail, List<FieldError> errors) {
        return new Problem("https://keel.dev/problems/validation", "Invalid request", 400, detail, errors);
    }
}
