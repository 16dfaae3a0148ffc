package io.keel.report.strategy;

/**
 * A definition as listed by strategy-service ({@code GET /api/v1/definitions}).
 *
 * @param name          unique name
 * @param latestVersion its latest version
 * @param active        whether it emits daily signals
 */
public record DefinitionInfo(String name, Integer latestVersion, boolean active) {
}
