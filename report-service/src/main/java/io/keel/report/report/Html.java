package io.keel.report.report;

import java.util.Locale;

/** Small pure helpers of the HTML pages: number formats, the pages' scripts and their Content-Security-Policy. */
final class Html {

    /**
     * Runs first on every page: records uncaught errors, failed resource loads, unhandled promise
     * rejections, console.error calls and Content-Security-Policy violations into {@code #console-errors}
     * and {@code <html data-errors>}, so that a headless browser's DOM dump shows whether the page ran cleanly.
     */
    static final String ERROR_CAPTURE_JS = """
            (function () {
              var errors = [];
              function show() {
                document.documentElement.setAttribute('data-errors', String(errors.length));
                var el = document.getElementById('console-errors');
                if (el) { el.textContent = errors.join('\\n'); }
              }
              function record(msg) { errors.push(String(msg)); show(); }
              window.addEventListener('error', function (e) {
                if (e.target && e.target !== window && (e.target.src || e.target.href)) {
                  record('failed to load ' + (e.target.src || e.target.href));
                } else {
                  record('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno);
                }
              }, true);
              window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
              document.addEventListener('securitypolicyviolation', function (e) {
                record('content security policy refused ' + e.violatedDirective + ': ' + (e.blockedURI || 'inline'));
              });
              var original = console.error;
              console.error = function () {
                record('console.error: ' + Array.prototype.join.call(arguments, ' '));
                return original.apply(console, arguments);
              };
              document.addEventListener('DOMContentLoaded', show);
              show();
            })();
            """;


    /** The pages' own start-up scripts (inline, allowed by their hashes in {@link #CONTENT_SECURITY_POLICY}). */
    static final String INIT_TEARSHEET = "Keel.tearsheet();";
    static final String INIT_COMPARE = "Keel.compare();";
    static final String INIT_TRACKING = "Keel.tracking();";
    static final String INIT_SWEEP = "Keel.sweep();";
    static final String INIT_INDEX = "document.getElementById('render-status').setAttribute('data-rendered','0');";

    /**
     * The policy of every HTML page: scripts, styles, images and data only from this service, inline scripts only
     * the pages' own (by their SHA-256), no plugins, no framing, forms only to this service.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self' "
            + String.join(" ", java.util.stream.Stream.of(ERROR_CAPTURE_JS, INIT_TEARSHEET, INIT_COMPARE, INIT_TRACKING, INIT_SWEEP, INIT_INDEX).map(Html::hash).toList())
            + "; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
            + "object-src 'none'; frame-ancestors 'none'";

    private static String hash(String script) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(d) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Html() {
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", v * 100) : "–";
    }

    static String pct(Double v) {
        return v == null ? "–" : pct(v.doubleValue());
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
    }

    static String num(Double v) {
        return v == null ? "–" : num(v.doubleValue());
    }

    /** The CSS class of a figure: "neg" below zero, else none. */
    static String sign(double v) {
        return Double.isFinite(v) && v < 0 ? "neg" : "";
    }
}
