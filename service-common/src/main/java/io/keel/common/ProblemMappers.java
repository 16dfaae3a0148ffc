package io.keel.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Maps every exception a Keel resource can raise to a problem+json answer: the caller's mistakes
 * (malformed JSON, wrong types, unknown fields, validation) to 4xx naming the field, HTTP errors
 * to their status, and anything unexpected to a 500 without internals (logged with its stack).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder b = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfterSeconds() != null) {
            b.header("Retry-After", e.retryAfterSeconds());
        }
        return b.build();
    }

    /** No or an unknown API key where one is needed: 401 with the challenges a client can answer. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        String detail = e instanceof io.quarkus.security.AuthenticationFailedException
                ? "the API key is not valid"
                : "this operation needs an API key (Authorization: Bearer <key> or X-API-Key)";
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"keel\"")
                .header("WWW-Authenticate", "Basic realm=\"keel\"")
                .entity(Problem.of(401, "Unauthorized", detail)).build();
    }

    /** A valid key whose role is too low for the operation: 403 naming the role the operation needs (issue 23). */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, jakarta.ws.rs.container.ResourceInfo resource) {
        String needed = neededRole(resource);
        String detail = needed == null ? "the API key's role does not allow this operation"
                : "this operation needs an API key with the " + needed + " role" + (needed.equals(io.keel.common.security.Roles.ADMIN)
                ? "" : " (or a higher one)") + "; the key presented has a lower role";
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of(403, "Forbidden", detail)).build();
    }

    /** The lowest role {@code @RolesAllowed} grants on the resource method, or null when it cannot be told. */
    private static String neededRole(jakarta.ws.rs.container.ResourceInfo resource) {
        java.lang.reflect.Method m = resource == null ? null : resource.getResourceMethod();
        jakarta.annotation.security.RolesAllowed allowed = m == null ? null : m.getAnnotation(jakarta.annotation.security.RolesAllowed.class);
        if (allowed == null) {
            return null;
        }
        return io.keel.common.security.Roles.ORDERED.stream().filter(r -> java.util.Arrays.asList(allowed.value()).contains(r))
                .findFirst().orElse(null);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = "$";
        String message;
        if (e instanceof StrictJson.UnstorableTextException u) {
            field = path(u);
            message = u.getOriginalMessage();
        } else if (e instanceof UnrecognizedPropertyException u) {
            field = path(u);
            message = "unknown field '" + u.getPropertyName() + "'" + known(u.getKnownPropertyIds());
        } else if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
            field = path(f);
            message = "must be " + JsonTypes.describe(f.getTargetType()) + ", got " + JsonTypes.shown(f.getValue());
        } else if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m) {
            field = path(m);
            String original = String.valueOf(m.getOriginalMessage());
            if (original.startsWith("Trailing token")) {
                message = "unexpected content after the JSON value: a request body is exactly one JSON value";
            } else if (m.getTargetType() != null) {
                message = "must be " + JsonTypes.describe(m.getTargetType());
            } else {
                message = "has the wrong type";
            }
        } else if (e instanceof JsonMappingException m) {
            field = path(m);
            message = "is not a valid value here";
            LOG.debugf("request body refused: %s", e.getMessage());
        } else if (e instanceof com.fasterxml.jackson.core.JsonParseException p && String.valueOf(p.getOriginalMessage()).startsWith("Duplicate field")) {
            field = duplicatePath(p);
            message = "is given twice: every field of a request body appears once";
        } else {
            message = Messages.malformedJson(e);
        }
        return problem(ProblemException.badRequest(field, message));
    }

    /** The connection closed while the request was read: HttpEdge answered a malformed body, or the client left. */
    private static boolean closedConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private static String known(java.util.Collection<Object> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > 30) {
            return "";
        }
        return " (known fields: " + ids.stream().map(String::valueOf).sorted().collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    /** The path of the object in which a key was repeated, and the key, from the parser's context. */
    private static String duplicatePath(com.fasterxml.jackson.core.JsonParseException e) {
        com.fasterxml.jackson.core.JsonParser parser = e.getProcessor();
        if (parser == null) {
            return "$";
        }
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (com.fasterxml.jackson.core.JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String p = String.join("", parts);
        return p.isEmpty() ? "$" : p.startsWith(".") ? p.substring(1) : p;
    }

    /**
     * quarkus-rest-jackson ships its own mapper for exactly this type (a value of the wrong type or
     * format, e.g. {@code "start": "2020-02-30"}), more specific than {@link #json}; this one takes
     * precedence so that the answer is problem+json naming the field.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    /** As {@link #mismatchedInput}: quarkus-rest-jackson maps malformed JSON itself too (a duplicate key is one). */
    @ServerExceptionMapper
    public Response malformed(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof ProblemException p) {
            // a problem raised where JAX-RS passes only WebApplicationExceptions through (parameter converters)
            return problem(p);
        }
        if (e.getCause() instanceof JsonProcessingException j) {
            // quarkus-rest-jackson wraps malformed JSON (e.g. a key given twice) into a bare 400
            return json(j);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Problem p = Problem.of(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), status >= 500 ? "internal error" : e.getMessage());
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE).entity(p);
        if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
            b.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return b.build();
    }

    /** Seconds a client should wait before retrying while the database is unavailable. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            // a database restart is an outage to wait out, not a bug: 503 with Retry-After, one log line
            LOG.warnf("database unavailable: %s", e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", DATABASE_RETRY_AFTER_SECONDS)
                    .entity(Problem.of(503, "Service unavailable", "the database is unavailable; retry later")).build();
        }
        if (HttpEdge.isMalformedRequestStream(e) || closedConnection(e)) {
            // the body's framing broke (e.g. an overflowing chunk size): HttpEdge has answered 400 and closed the connection
            LOG.debugf("request body stream malformed: %s", e.getMessage());
            return problem(ProblemException.badRequest("body", "the request body is malformed (invalid chunked transfer encoding)"));
        }
        LOG.error("unexpected error", e);
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(new Problem(null, "Internal error", 500, "an unexpected error occurred; see the service log", List.of()))
                .build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }
}
