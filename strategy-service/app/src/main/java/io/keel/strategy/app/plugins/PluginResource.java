package io.keel.strategy.app.plugins;

import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** Lists the plugins (built-in and from the plugins directory) with their declared parameters. */
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "plugins")
public class PluginResource {

    /** One declared parameter; {@code defaultValue} null = required; bounds inclusive, null = none. */
    public record ParameterView(String name, String type, Object defaultValue, boolean required, Double min,
                                Double max, List<String> choices, String unit, String description) {
        static ParameterView of(ParameterSpec p) {
            return new ParameterView(p.name(), p.type().name(), p.defaultValue(), p.required(), p.min(), p.max(),
                    p.choices(), p.unit(), p.description());
        }
    }

    /**
     * One plugin: its id, kind ({@code weight-scheme} or {@code overlay}), the jar or directory it
     * was loaded from, overlay stages and diagnostic columns, and parameters.
     */
    public record PluginView(String id, String kind, String description, String source, boolean builtIn,
                             List<String> stages, List<String> diagnostics, List<ParameterView> parameters) {
    }

    /** The whole listing: plugins, skipped jars/providers with reasons, the directory scanned. */
    public record PluginsView(List<PluginView> plugins, List<String> problems, String directory, List<String> jars,
                              Instant loadedAt) {
    }

    @Inject
    PluginCatalog catalog;

    @GET
    @Operation(summary = "List plugins", description = "Every weight scheme and overlay this node can run, with parameters, defaults, bounds, descriptions and the jar each came from; plus the problems of skipped jars.")
    public PluginsView list() {
        return view(catalog.loaded());
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Rescan the plugins directory", description = "Affects this node only; every node of a cluster needs the same jars.")
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.ADMIN)
    public PluginsView reload() {
        // recorded before the reload (which is not a database change): the trail says who asked even if it fails
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> audit.record("plugins.reloaded", null, null, null,
                "from " + catalog.loaded().directory()));
        return view(catalog.reload());
    }

    @jakarta.inject.Inject
    io.keel.strategy.app.audit.AuditLog audit;

    /**
     * The listing as readers see it: jars by file name only, the plugins directory by its name, problems without
     * file paths, URLs or exception class names (issue 17: the listing is open to readers; the service log keeps
     * the full locations and exceptions).
     */
    static PluginsView view(PluginCatalog.Loaded l) {
        List<PluginView> plugins = l.registry().entries().stream().map(e -> toView(e, l)).toList();
        java.nio.file.Path dirName = l.directory().getFileName();
        return new PluginsView(plugins, l.problems().stream().map(PluginResource::withoutInternals).toList(),
                dirName == null ? "" : dirName.toString(), l.jars().stream().map(PluginResource::fileName).toList(), l.loadedAt());
    }

    private static PluginView toView(PluginRegistry.Entry e, PluginCatalog.Loaded l) {
        boolean external = l.jars().stream().anyMatch(j -> e.source().endsWith(java.nio.file.Path.of(j).getFileName().toString()));
        List<String> stages = e.plugin() instanceof Overlay o ? o.stages().stream().map(Enum::name).toList() : List.of();
        List<String> diagnostics = e.plugin() instanceof Overlay o ? o.diagnostics() : List.of();
        return new PluginView(e.plugin().id(), e.kind(), e.plugin().description(), fileName(e.source()), !external, stages,
                diagnostics, e.plugin().parameters().stream().map(ParameterView::of).toList());
    }

    /** The last element of a path or URL ({@code file:/.../lib/main/x.jar} -> {@code x.jar}). */
    static String fileName(String location) {
        if (location == null) {
            return null;
        }
        String s = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return slash < 0 ? s : s.substring(slash + 1);
    }

    /** A problem's text with file locations reduced to file names and exception class names dropped. */
    static String withoutInternals(String problem) {
        return io.keel.common.Messages.withoutInternals(problem);
    }
}
