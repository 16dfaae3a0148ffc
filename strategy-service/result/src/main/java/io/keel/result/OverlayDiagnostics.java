package io.keel.result;

import java.util.List;

/**
 * An overlay of the run as the plugin declares itself: its id, its own description, the stages it takes part in
 * and the names of the diagnostic columns it writes into the daily series. Reports describe and chart those columns
 * from this declaration alone, so a third-party overlay's diagnostics are reported like a built-in's.
 *
 * @param overlay     plugin id as the definition names it
 * @param description the plugin's own description
 * @param stages      {@code WEIGHTS}, {@code EXPOSURE}, {@code COSTS}
 * @param diagnostics the plugin's diagnostic names, each a column of the series (values as the plugin reports them)
 */
public record OverlayDiagnostics(String overlay, String description, List<String> stages, List<String> diagnostics) {

    public OverlayDiagnostics {
        if (overlay == null || overlay.isBlank()) {
            throw new IllegalArgumentException("an overlay needs its plugin id");
        }
        stages = stages == null ? List.of() : List.copyOf(stages);
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }
}
