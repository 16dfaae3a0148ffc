package io.keel.report.report;

/**
 * A rendered report.
 *
 * @param body        the bytes to send
 * @param contentType its media type
 * @param cache       {@code hit} (served from report_cache), {@code miss} (rendered and stored) or
 *                    {@code bypass} (rendered, not stored: the run is not finished or the report is composed)
 * @param fileName    suggested file name for downloads
 * @param lease       the body's hold on {@link AnswerBytes}, taken where it was produced; null: the answer takes one
 */
public record Rendered(byte[] body, String contentType, String cache, String fileName, AnswerBytes.Lease lease) {

    public Rendered(byte[] body, String contentType, String cache, String fileName) {
        this(body, contentType, cache, fileName, null);
    }
}
