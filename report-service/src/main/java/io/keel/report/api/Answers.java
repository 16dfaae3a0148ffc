package io.keel.report.api;

import io.keel.report.report.AnswerBytes;
import io.keel.report.report.Rendered;
import io.keel.report.report.ReportConfig;
import io.keel.report.report.ReportService;
import io.keel.report.report.RequestArrival;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * Writes rendered reports. The body is written in chunks of {@code quarkus.rest.output-buffer-size} straight from its
 * (possibly shared, cached) array, each once the connection can take it, so a slow reader holds its worker thread, not
 * a copy of the body in network buffers; and the bodies referenced by answers in flight are bounded by
 * {@link AnswerBytes} ({@code keel.report.answer-bytes-in-flight}): an answer that cannot get its bytes before the
 * request's wait runs out (from its arrival, {@code keel.report.queue-wait}) is 503 with Retry-After.
 */
@ApplicationScoped
public class Answers {

    @Inject
    ReportConfig config;
    @Inject
    AnswerBytes bytes;
    @Inject
    RoutingContext request;

    /** The answer: 200 with the body, its type, length, cache outcome, the pages' policy, the download's name. */
    public Response send(Rendered r, boolean attachment) {
        byte[] body = r.body();
        AnswerBytes.Lease lease = r.lease() != null ? r.lease()
                : bytes.acquire(body, RequestArrival.nanos() + config.queueWait().toNanos());
        // also released when the exchange ends or its connection closes, in case the body is never written
        request.addEndHandler(done -> lease.close());
        Response.ResponseBuilder b;
        if (request.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
            lease.close(); // no body is written
            b = Response.ok().type(r.contentType());
        } else {
            b = Response.ok(new Body(body, lease)).type(r.contentType());
        }
        b.header("X-Keel-Cache", r.cache()).header("Content-Length", body.length);
        if (r.contentType().startsWith("text/html")) {
            // the pages' own scripts and assets only (io.keel.common.HttpEdge adds nosniff and X-Frame-Options)
            b.header("Content-Security-Policy", ReportService.CONTENT_SECURITY_POLICY);
        }
        if (attachment) {
            b.header("Content-Disposition", "inline; filename=\"" + r.fileName() + "\"");
        }
        return b.build();
    }

    /**
     * A body written once, then forgotten: the answer object lives until the exchange ends (for HTTP/2, until the
     * client's flow control has taken the last byte), and must not keep a megabyte array reachable that long; the bytes
     * are in the network layer's buffers by then. The lease is released when the writing returns, or fails.
     */
    static final class Body implements StreamingOutput {
        private byte[] body;
        private final AnswerBytes.Lease lease;

        Body(byte[] body, AnswerBytes.Lease lease) {
            this.body = body;
            this.lease = lease;
        }

        @Override
        public void write(java.io.OutputStream out) throws java.io.IOException {
            byte[] b = body;
            body = null;
            try {
                if (b != null) {
                    out.write(b);
                }
            } finally {
                lease.close();
            }
        }
    }
}
