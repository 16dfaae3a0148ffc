package io.keel.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every service answers at the HTTP layer, before any resource runs, as problem+json like every other refusal
 * (the HTTP codec's own answers have an empty body):
 * <ul>
 *   <li>413 when the declared body ({@code Content-Length}) exceeds {@code quarkus.http.limits.max-body-size}, before
 *       any of it is read (Quarkus' own check, an empty 413 at router order -2, still stops chunked bodies that grow
 *       past the limit while being read);</li>
 *   <li>414 when the request target (path and query) is longer than {@code keel.http.max-uri-length} (8,192
 *       characters) and 431 when the header fields take more than {@code keel.http.max-header-bytes} (32 KiB). The
 *       HTTP codecs' limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}, and for
 *       HTTP/2 {@code max-header-list-size}, which counts the request target too) are set well above these (64 KiB,
 *       256 KiB, 256 KiB), so that a request between the two gets here and is answered with a body; beyond the
 *       codec's limits the codec answers alone (an empty 414/431) and closes the connection;</li>
 *   <li>400 when a chunked body's framing is broken (e.g. a chunk size that overflows): the codec fails the request
 *       stream and closes the connection; the answer is written first (the request's reader then fails quietly,
 *       {@link #isMalformedRequestStream});</li>
 *   <li>headers on every answer: {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY}, and for
 *       HTML pages without a policy of their own {@code Content-Security-Policy: frame-ancestors 'none'}.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    void install(@Observes Router router) {
        Config config = ConfigProvider.getConfig();
        Optional<MemorySize> maxBody = config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class);
        long bodyLimit = maxBody.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        int uriLimit = config.getOptionalValue("keel.http.max-uri-length", Integer.class).orElse(8192);
        long headerLimit = config.getOptionalValue("keel.http.max-header-bytes", MemorySize.class).map(MemorySize::asLongValue)
                .orElse(32L * 1024);
        Buffer tooLarge = body(Problem.of(413, "Content too large",
                "the request body is larger than this service accepts (" + bodyLimit + " bytes)"));
        Buffer uriTooLong = body(Problem.of(414, "URI too long", "the request's path and query are longer than this service accepts ("
                + uriLimit + " characters); send fewer or shorter parameters"));
        Buffer headersTooLarge = body(Problem.of(431, "Request header fields too large",
                "the request's header fields are larger than this service accepts (" + headerLimit + " bytes)"));
        Buffer badChunk = body(new Problem(null, "Invalid request", 400, "body: the request body's chunked transfer encoding is malformed",
                List.of(new Problem.FieldError("body", "the request body's chunked transfer encoding is malformed"))));
        router.route().order(-3).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> securityHeaders(ctx.response()));
            if (ctx.request().uri().length() > uriLimit) {
                refuse(ctx, 414, uriTooLong);
                return;
            }
            if (headerBytes(ctx.request().headers()) > headerLimit) {
                refuse(ctx, 431, headersTooLarge);
                return;
            }
            String declared = ctx.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = Long.MAX_VALUE; // not a length: refuse rather than guess
            }
            if (length > bodyLimit) {
                refuse(ctx, 413, tooLarge);
                return;
            }
            if (ctx.request().version() == io.vertx.core.http.HttpVersion.HTTP_2) {
                ctx.next(); // no chunked transfer encoding in HTTP/2
                return;
            }
            // the HTTP/1 codec reports a broken body (chunk framing) to the connection, then closes it: answer first
            ctx.request().connection().exceptionHandler(t -> {
                if (isMalformedRequestStream(t) && !ctx.response().headWritten() && !ctx.response().ended()) {
                    LOG.debugf("malformed request body on %s %s: %s", ctx.request().method(), ctx.request().path(), t.getMessage());
                    answerBeforeClose(ctx, badChunk);
                }
            });
            ctx.next();
        });
    }

    /**
     * Answers; over HTTP/1.x also closes the connection (the rest of the request, e.g. an over-limit body, is not
     * read). An HTTP/2 connection (e.g. after an h2c upgrade) stays open: only this request's stream ends.
     */
    private static void refuse(RoutingContext ctx, int status, Buffer problem) {
        boolean http1 = ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2;
        HttpServerResponse r = ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (http1) {
            r.putHeader("Connection", "close");
        }
        r.end(problem).onComplete(done -> {
            if (http1) {
                ctx.request().connection().close();
            }
        });
    }

    /**
     * Writes a complete 400 problem answer straight to the channel and flushes it. The connection is being failed by
     * the codec: it is closed right after this handler returns, and writes made while a read is in progress are
     * only flushed once it completes, so the service's response object (whose reader is about to fail) cannot carry
     * the answer. The request's reader then fails on the closed connection and its answer goes nowhere.
     */
    private static void answerBeforeClose(RoutingContext ctx, Buffer problem) {
        if (!(ctx.request().connection() instanceof io.vertx.core.net.impl.ConnectionBase connection)) {
            return;
        }
        io.netty.handler.codec.http.DefaultFullHttpResponse r = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                io.netty.buffer.Unpooled.copiedBuffer(problem.getBytes()));
        r.headers().set("Content-Type", Problem.MEDIA_TYPE).set("Content-Length", problem.length()).set("Connection", "close")
                .set("X-Content-Type-Options", "nosniff").set("X-Frame-Options", "DENY");
        connection.channelHandlerContext().writeAndFlush(r);
    }

    private static long headerBytes(MultiMap headers) {
        long n = 0;
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }

    static void securityHeaders(HttpServerResponse r) {
        MultiMap h = r.headers();
        if (!h.contains("X-Content-Type-Options")) {
            h.set("X-Content-Type-Options", "nosniff");
        }
        if (!h.contains("X-Frame-Options")) {
            h.set("X-Frame-Options", "DENY");
        }
        String type = h.get("Content-Type");
        if (type != null && type.startsWith("text/html") && !h.contains("Content-Security-Policy")) {
            h.set("Content-Security-Policy", "frame-ancestors 'none'");
        }
    }

    /**
     * Whether {@code e} (or a cause) is the HTTP codec's failure to read a request's body: the framing of the bytes
     * is broken (a Netty decoder failure), not the service.
     */
    public static boolean isMalformedRequestStream(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.codec.DecoderException) {
                return true;
            }
            StackTraceElement[] st = t.getStackTrace();
            if ((t instanceof NumberFormatException || t instanceof IllegalArgumentException) && st.length > 0
                    && st[0].getClassName().startsWith("io.netty.handler.codec")) {
                return true;
            }
            if (t instanceof NumberFormatException && String.valueOf(t.getMessage()).startsWith("Chunk size")) {
                return true;
            }
        }
        return false;
    }

    private static Buffer body(Problem p) {
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(p));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
