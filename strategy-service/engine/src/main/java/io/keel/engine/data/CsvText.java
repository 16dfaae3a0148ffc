package io.keel.engine.data;

/**
 * Text cells of the CSV files Keel writes (column names: symbols, plugin diagnostics), made safe for
 * spreadsheets: a cell starting with {@code = + - @}, a tab or a carriage return would be evaluated as
 * a formula by Excel/LibreOffice/Sheets (CSV injection), so it gets a leading apostrophe, the OWASP
 * recommendation; a cell with a comma, quote or line break is quoted as RFC 4180 says. Numbers are
 * not text cells and are never changed (a negative return stays {@code -0.01}).
 */
public final class CsvText {

    private CsvText() {
    }

    /** The cell as written: neutralised against formula injection, then quoted if needed. */
    public static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text;
        char c = s.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
