package io.keel.spi;

/** How a daily asset return is computed from two consecutive adjusted closes. */
public enum ReturnKind {
    /** {@code p[t] / p[t-1] - 1}: the return that aggregates across assets and compounds. */
    SIMPLE,
    /**
     * {@code ln(p[t] / p[t-1])}: what the original scripts used. Summing log returns across
     * assets and compounding them as {@code prod(1 + r)} is only an approximation.
     */
    LOG
}
