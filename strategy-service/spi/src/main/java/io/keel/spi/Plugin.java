package io.keel.spi;

import java.util.List;

/**
 * What every Keel plugin declares about itself so that services can list it and validate
 * definitions before anything runs.
 *
 * <p>Implementations must be stateless and thread-safe: one instance serves every backtest
 * and every rebalance. A plugin is found through {@link java.util.ServiceLoader}, so it needs
 * a public no-argument constructor and an entry in {@code META-INF/services}.
 */
public interface Plugin {

    /**
     * Stable identifier used in definitions, e.g. {@code "vol-target"}. Lower-case words
     * separated by dashes; never changes once published, because stored definitions refer to it.
     */
    String id();

    /** One or two sentences saying what the plugin does, shown in plugin listings. */
    String description();

    /**
     * The typed parameters the plugin accepts, with defaults, bounds and units. A definition
     * naming a parameter that is not declared here is rejected.
     */
    List<ParameterSpec> parameters();

    /**
     * Checks that already type- and range-checked parameters make sense together and with the
     * universe (e.g. a named group exists, a lower threshold is below an upper one).
     *
     * @return one violation per problem, with {@code field} relative to the plugin's
     *         {@code params} object (e.g. {@code "maxLeverage"}); empty when all is well
     */
    default List<Violation> validate(Parameters params, Universe universe) {
        return List.of();
    }
}
