package io.keel.marketdata.csv;

import io.keel.marketdata.domain.Issue;
import io.keel.marketdata.domain.RawBar;
import io.keel.marketdata.domain.SeriesFetch;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one symbol's daily bars from CSV, record by record (never the whole text at once). Stateless.
 * <p>
 * Accepted layouts (column order free, names matched ignoring case, spaces and underscores):
 * Keel's {@code date,open,high,low,close,adj_close,volume} and Yahoo/yfinance's
 * {@code Date,Open,High,Low,Close,Adj Close,Volume}. {@code date} and one of {@code close}/{@code adj_close} are
 * required; the other columns may be missing or empty. A date may carry a time part ({@code 2020-01-02 00:00:00}).
 * Values {@code null}, {@code NaN} and empty mean missing. A row whose date or a number cannot be read is rejected
 * with an issue ({@code BAD_DATE}, {@code BAD_NUMBER}), not the whole file.
 */
public final class CsvBarReader {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).get();

    /**
     * @throws CsvFormatException when the header lacks the date column or both close columns
     */
    public SeriesFetch read(String symbol, Reader reader) {
        try (CSVParser parser = CSVParser.parse(withoutByteOrderMark(reader), FORMAT)) {
            Map<String, Integer> cols = new HashMap<>();
            for (Map.Entry<String, Integer> e : parser.getHeaderMap().entrySet()) {
                storable(e.getKey(), 1);
                if (e.getKey() != null) {
                    cols.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", ""), e.getValue());
                }
            }
            Integer date = cols.get("date");
            Integer close = cols.get("close");
            Integer adj = cols.get("adjclose");
            if (date == null) {
                throw new CsvFormatException("header has no 'date' column: " + parser.getHeaderNames());
            }
            if (close == null && adj == null) {
                throw new CsvFormatException("header has neither 'close' nor 'adj_close' ('Adj Close'): " + parser.getHeaderNames());
            }
            Integer open = cols.get("open");
            Integer high = cols.get("high");
            Integer low = cols.get("low");
            Integer volume = cols.get("volume");
            List<RawBar> bars = new ArrayList<>();
            List<Issue> issues = new ArrayList<>();
            for (CSVRecord r : parser) {
                for (String cell : r) {
                    storable(cell, r.getParser().getCurrentLineNumber());
                }
                String d = get(r, date);
                LocalDate day;
                try {
                    day = LocalDate.parse(d == null ? "" : d.length() > 10 ? d.substring(0, 10) : d);
                } catch (DateTimeParseException e) {
                    issues.add(Issue.rejected(null, "BAD_DATE", "line " + r.getParser().getCurrentLineNumber() + ": unreadable date '" + d + "'"));
                    continue;
                }
                try {
                    BigDecimal vol = num(get(r, volume));
                    bars.add(new RawBar(day, num(get(r, open)), num(get(r, high)), num(get(r, low)), num(get(r, close)),
                            num(get(r, adj)), vol == null ? null : vol.longValue()));
                } catch (NumberFormatException e) {
                    issues.add(Issue.rejected(day, "BAD_NUMBER", "unreadable number: " + e.getMessage()));
                }
            }
            return new SeriesFetch(symbol, "USD", "America/New_York", null, bars, List.of(), issues);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof NumberFormatException) {
                throw e;
            }
            throw new CsvFormatException("unreadable CSV: " + e.getMessage());
        }
    }

    /**
     * The text after a UTF-8 byte-order mark, which spreadsheet programs write first (Excel's "CSV UTF-8"): read as
     * a character, it would make the first column {@code \ufeffdate} and the file be refused for lacking a date.
     */
    static Reader withoutByteOrderMark(Reader reader) throws IOException {
        java.io.PushbackReader in = new java.io.PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\ufeff') {
            in.unread(first);
        }
        return in;
    }

    /** A cell the database could not store (issue texts and names are stored) refuses the whole file. */
    private static void storable(String cell, long line) {
        String why = io.keel.common.Text.unstorable(cell);
        if (why != null) {
            throw new CsvFormatException("line " + line + ": a cell " + why);
        }
    }

    private static String get(CSVRecord r, Integer col) {
        if (col == null || col >= r.size()) {
            return null;
        }
        String v = r.get(col);
        return v == null || v.isEmpty() ? null : v;
    }

    private static BigDecimal num(String s) {
        if (s == null || s.equalsIgnoreCase("null") || s.equalsIgnoreCase("nan")) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + s + "'");
        }
    }
}
