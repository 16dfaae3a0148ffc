package io.keel.common.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roles of every Keel service. They are ordered: each role includes the ones below it, so an
 * identity holding {@code admin} also holds {@code operator} and {@code viewer}.
 * <ul>
 *   <li>{@value #VIEWER}: reads (definitions, runs, signals, prices, reports) when reads are not open;
 *       service-to-service keys hold this role.</li>
 *   <li>{@value #OPERATOR}: day-to-day writes: register and update definitions, activate them, submit
 *       runs, take snapshots, import CSV prices.</li>
 *   <li>{@value #ADMIN}: destructive or process-wide operations: delete definitions, reload plugins.</li>
 * </ul>
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    /** Lowest to highest. */
    public static final List<String> ORDERED = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    /**
     * The role and every role it includes.
     *
     * @throws IllegalArgumentException for a name that is not a Keel role
     */
    public static Set<String> withIncluded(String role) {
        int rank = ORDERED.indexOf(role);
        if (rank < 0) {
            throw new IllegalArgumentException("unknown role '" + role + "' (roles: " + String.join(", ", ORDERED) + ")");
        }
        return new LinkedHashSet<>(ORDERED.subList(0, rank + 1));
    }
}
