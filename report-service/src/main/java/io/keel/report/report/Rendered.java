package io.keel.report.report;

/**
 * A rendered report.
 *
 * @param body        the bytes to send
 * @param contentType its media type
 * @param cache       {@code hit} (served from report_cache), {@code miss} (rendered and stored) or
 *                    {@code bypass} (rendered, not stored: the run is not finished or the report is composed)
 * @param fileName    suggested file name for downloads
 */
public record Rendered(byte[] body, String contentType, String cache, String fileName) {
}
