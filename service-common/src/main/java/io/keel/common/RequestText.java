package io.keel.common;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses, before any resource method runs, path and query parameters whose text the database cannot store
 * ({@link Text#unstorable}: a {@code %00} in {@code runs?definition=} or {@code definitions/{name}} used to reach SQL
 * and fail there with a 500). A 400 problem naming the parameter. Request bodies are checked by {@link StrictJson}.
 */
public class RequestText {

    @ServerRequestFilter
    public void check(UriInfo uri) {
        for (Map.Entry<String, List<String>> e : uri.getPathParameters(true).entrySet()) {
            check(e.getKey(), e.getValue());
        }
        MultivaluedMap<String, String> query = uri.getQueryParameters(true);
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String why = Text.unstorable(e.getKey());
            if (why != null) {
                throw ProblemException.badRequest("query", "a parameter name " + why);
            }
            check(e.getKey(), e.getValue());
        }
    }

    private static void check(String name, List<String> values) {
        for (String v : values) {
            String why = Text.unstorable(v);
            if (why != null) {
                throw ProblemException.badRequest(name, why);
            }
        }
    }
}
