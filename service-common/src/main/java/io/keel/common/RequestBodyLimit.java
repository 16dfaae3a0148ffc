package io.keel.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Answers a request whose declared body ({@code Content-Length}) exceeds
 * {@code quarkus.http.limits.max-body-size} with 413 problem+json before any of it is read, so that
 * over-limit requests get the same kind of answer as every other refusal. Quarkus' own check (an empty
 * 413, router order -2) still stops chunked bodies that grow past the limit while being read.
 */
@ApplicationScoped
public class RequestBodyLimit {

    private static final ObjectMapper JSON = new ObjectMapper();

    void install(@Observes Router router) {
        Optional<MemorySize> max = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class);
        if (max.isEmpty()) {
            return;
        }
        long limit = max.get().asLongValue();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Problem.of(413, "Content too large",
                    "the request body is larger than this service accepts (" + limit + " bytes)"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        io.vertx.core.buffer.Buffer problem = io.vertx.core.buffer.Buffer.buffer(body);
        router.route().order(-3).handler(ctx -> {
            String declared = ctx.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = Long.MAX_VALUE; // not a length: refuse rather than guess
            }
            if (length > limit) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(problem);
                return;
            }
            ctx.next();
        });
    }
}
