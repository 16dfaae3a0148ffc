package io.keel.spi;

/** The JSON type a plugin parameter takes. */
public enum ParameterType {
    /** A whole number (JSON integer). */
    INTEGER,
    /** A finite real number (JSON number). */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One string out of a declared set of choices. */
    CHOICE,
    /** A free string, e.g. the name of an asset group. */
    STRING
}
