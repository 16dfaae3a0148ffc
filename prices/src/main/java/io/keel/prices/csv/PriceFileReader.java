package io.keel.prices.csv;

import io.keel.prices.Issue;
import io.keel.prices.RawBar;
import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;

/**
 * The one reader of daily price CSV files, used by keel-cli and by market-data-service's CSV import. Stateless; reads
 * record by record (never the whole text at once), with FastCSV's RFC 4180 parser: about four times faster than
 * Commons CSV's in a short-lived JVM, where reading the files was most of a {@code keel-cli seed} run (docs/performance.md).
 * <p>
 * Layouts ({@link PriceFile.Layout}), recognised from the header:
 * <ul>
 * <li>one header row, Keel's {@code date,open,high,low,close,adj_close,volume} or classic yfinance's
 *     {@code Date,Open,High,Low,Close,Adj Close,Volume}: column order free, names matched ignoring case, spaces and
 *     underscores; {@code date} and one of {@code close}/{@code adj_close} are required, the others optional;</li>
 * <li>newer yfinance's header rows {@code Price,...} and {@code Ticker,...} (either order), then an optional
 *     {@code Date,,,...} row: each column is one (field, ticker) pair, so one file may hold several tickers, one
 *     series each. yfinance writes empty cells for a ticker on a day it did not trade.</li>
 * </ul>
 * A leading UTF-8 byte-order mark is skipped. A date may carry a time part ({@code 2020-01-02 00:00:00},
 * {@code 2020-01-02 00:00:00-05:00}); the first ten characters are the date. Cells {@code null}, {@code NaN} and empty
 * mean missing.
 * <p>
 * The whole file is refused ({@link PriceFileException}, naming line and column) when it is empty, when the header
 * lacks the date or every price column, when a cell holds the NUL character or a lone UTF-16 surrogate (not text), or
 * when its CSV structure is broken (a quoted cell never closed, or followed by more than a comma or a line break).
 * A single row is left out with an {@link Issue} naming its line and column when its date ({@code BAD_DATE}) or a
 * number ({@code BAD_NUMBER}) cannot be read, or it has more or fewer cells than the header ({@code RAGGED_ROW}).
 * Duplicate, unordered and non-positive prices are the caller's to judge: the rows keep their line numbers for that.
 */
public final class PriceFileReader {

    /**
     * RFC 4180, empty lines skipped; rows with more or fewer cells than the header are read, to be left out with an
     * issue naming their line. Only read after this initialisation ({@code build} is then safe from any thread).
     */
    private static final CsvReader.CsvReaderBuilder FORMAT = CsvReader.builder().skipEmptyLines(true)
            .allowExtraFields(true).allowMissingFields(true);

    private static final String[] FIELDS = {"open", "high", "low", "close", "adjclose", "volume"};

    private final boolean backtestPrices;

    /** A reader of every column. */
    public PriceFileReader() {
        this(false);
    }

    private PriceFileReader(boolean backtestPrices) {
        this.backtestPrices = backtestPrices;
    }

    /**
     * A reader of the date and the one price a backtest uses: the adjusted close when the file has that column, else
     * the close. Open, high, low, volume (and the close beside an adjusted close) are left {@code null} without being
     * parsed, so a bad value there goes unnoticed: what a backtest needs, in about a third of the time.
     */
    public static PriceFileReader backtestPrices() {
        return new PriceFileReader(true);
    }

    /**
     * Reads one file.
     *
     * @throws PriceFileException when the file as a whole cannot be read (see the class comment)
     * @throws IOException        when {@code reader} fails
     */
    public PriceFile read(Reader reader) throws IOException {
        LastChar tail = new LastChar(withoutByteOrderMark(reader));
        RecordHandler handler = new RecordHandler();
        try (CsvReader<Record> parser = FORMAT.build(handler, tail)) {
            Records records = new Records(parser.iterator(), handler, tail);
            if (!records.hasNext()) {
                throw new PriceFileException("the file is empty: expected a header such as date,open,high,low,close,adj_close,volume");
            }
            List<String> first = records.next();
            String firstCell = key(first.get(0));
            if (firstCell.equals("price") || firstCell.equals("ticker")) {
                return multiRow(first, records);
            }
            return singleRow(first, records);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (CsvParseException e) {
            Throwable why = e.getCause() instanceof CsvParseException inner ? inner : e;
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("started in line (\\d+)").matcher(String.valueOf(e.getMessage()));
            String what = String.valueOf(why.getMessage()).contains("maximum buffer size")
                    ? "a cell is longer than 16,777,216 characters (a quote never closed?)" : lowerFirst(why.getMessage());
            throw new PriceFileException("unreadable CSV structure" + (line.find() ? " from line " + line.group(1) : "")
                    + ": " + what);
        }
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * One record as the parser gives it: its first line, its cells, and what tells a quoted cell never closed. Such a
     * cell runs to the end of the file, where FastCSV ends it without complaint: it is the last cell of the last
     * record, and either holds a line break or (on the file's last line) is not followed by a closing quote.
     *
     * @param lastQuoted        whether the record's last cell was quoted
     * @param quotedLineBreak   whether a quoted cell holds a line break (never so in a price file)
     */
    private record Record(long line, String[] cells, boolean lastQuoted, boolean quotedLineBreak, String problem) {
    }

    /**
     * Builds {@link Record}s from FastCSV's callbacks. Every cell is checked for text ({@link #notText}) on the parser's
     * buffer; only the cells of {@link #keep}'s columns become strings (stripped of surrounding white space), the
     * others are left null: a backtest reads two of seven columns.
     */
    private static final class RecordHandler extends AbstractBaseCsvCallbackHandler<Record> {
        private final List<String> cells = new ArrayList<>();
        private boolean[] keep;
        private boolean lastQuoted;
        private boolean quotedLineBreak;
        private String problem;

        /** From now on, only the cells of the columns {@code keep} marks become strings (null: every cell). */
        void keep(boolean[] keep) {
            this.keep = keep;
        }

        @Override
        protected void handleBegin(long line) {
            cells.clear();
            lastQuoted = false;
            quotedLineBreak = false;
            problem = null;
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            String why = notText(buf, offset, offset + len);
            if (why != null && problem == null) {
                problem = "line " + getStartingLineNumber() + ", column " + (index + 1) + ": the cell " + why;
            }
            cells.add(keep == null || index < keep.length && keep[index] ? new String(buf, offset, len).strip() : null);
            lastQuoted = quoted;
            if (quoted) {
                for (int i = offset; i < offset + len; i++) {
                    quotedLineBreak |= buf[i] == '\n' || buf[i] == '\r';
                }
            }
        }

        @Override
        protected Record buildRecord() {
            return new Record(getStartingLineNumber(), cells.toArray(new String[0]), lastQuoted, quotedLineBreak, problem);
        }
    }

    /** The parser's records as checked cells ({@link #checked}), each with its first line. */
    private static final class Records {
        private final Iterator<Record> it;
        private final RecordHandler handler;
        private final LastChar tail;
        private long line;

        Records(Iterator<Record> it, RecordHandler handler, LastChar tail) {
            this.it = it;
            this.handler = handler;
            this.tail = tail;
        }

        /** From the next record on, only the cells of these columns are read (the others are null). */
        void keep(boolean[] columns) {
            handler.keep(columns);
        }

        boolean hasNext() {
            return it.hasNext();
        }

        List<String> next() {
            Record r = it.next();
            line = r.line();
            if (r.quotedLineBreak() || r.lastQuoted() && !it.hasNext() && tail.last() != '"') {
                throw new PriceFileException("unreadable CSV structure from line " + line + ": a quoted cell is never closed");
            }
            if (r.problem() != null) {
                throw new PriceFileException(r.problem());
            }
            return Arrays.asList(r.cells());
        }

        /** The first line of the record last returned. */
        long line() {
            return line;
        }
    }

    /** Remembers the last character of the text other than a line break (a closing quote, or not). */
    private static final class LastChar extends FilterReader {
        private char last;

        LastChar(Reader in) {
            super(in);
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = off + n - 1; i >= off; i--) {
                if (buf[i] != '\n' && buf[i] != '\r') {
                    last = buf[i];
                    break;
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) == -1 ? -1 : one[0];
        }

        char last() {
            return last;
        }
    }

    private PriceFile singleRow(List<String> header, Records records) {
        Map<String, Integer> cols = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            cols.putIfAbsent(key(header.get(i)), i);
        }
        if (!cols.containsKey("date")) {
            throw new PriceFileException("line 1: the header has no 'date' column: " + header);
        }
        if (!cols.containsKey("close") && !cols.containsKey("adjclose")) {
            throw new PriceFileException("line 1: the header has neither a 'close' nor an 'adj_close' ('Adj Close') column: "
                    + header);
        }
        boolean keel = header.contains("adj_close") || header.contains("date");
        Collector c = new Collector(null, header, cols.get("date"), column(cols, FIELDS), backtestPrices);
        records.keep(c.read(new boolean[header.size()]));
        while (records.hasNext()) {
            List<String> r = records.next();
            c.add(r, records.line());
        }
        return new PriceFile(keel ? PriceFile.Layout.KEEL : PriceFile.Layout.YFINANCE_CLASSIC, List.of(c.series()));
    }

    private PriceFile multiRow(List<String> first, Records records) {
        List<String> price = null;
        List<String> ticker = null;
        List<String> row = first;
        long line = records.line();
        List<List<String>> pending = new ArrayList<>();
        while (row != null) {
            String k = key(row.get(0));
            if (k.equals("price") && price == null) {
                price = row;
            } else if (k.equals("ticker") && ticker == null) {
                ticker = row;
            } else if (k.equals("date") && row.stream().skip(1).allMatch(String::isEmpty)) {
                break; // the "Date,,,," row closes the header
            } else {
                pending.add(row); // the first data row (no Date row)
                break;
            }
            row = records.hasNext() ? records.next() : null;
            line = records.line();
        }
        if (price == null || ticker == null) {
            throw new PriceFileException("line " + line + ": a header that starts with a '" + first.get(0)
                    + "' row needs both a 'Price' and a 'Ticker' row (yfinance's multi-row header)");
        }
        if (price.size() != ticker.size()) {
            throw new PriceFileException("the 'Price' row has " + price.size() + " cells, the 'Ticker' row " + ticker.size());
        }
        Map<String, Map<String, Integer>> byTicker = new LinkedHashMap<>();
        for (int i = 1; i < price.size(); i++) {
            String t = ticker.get(i);
            if (t.isEmpty()) {
                throw new PriceFileException("'Ticker' row, column " + (i + 1) + ": no ticker for the '" + price.get(i) + "' column");
            }
            byTicker.computeIfAbsent(t.toUpperCase(Locale.ROOT), x -> new LinkedHashMap<>()).putIfAbsent(key(price.get(i)), i);
        }
        if (byTicker.isEmpty()) {
            throw new PriceFileException("the 'Price' and 'Ticker' rows name no column");
        }
        List<Collector> collectors = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : byTicker.entrySet()) {
            if (!e.getValue().containsKey("close") && !e.getValue().containsKey("adjclose")) {
                throw new PriceFileException("ticker " + e.getKey() + " has neither a 'Close' nor an 'Adj Close' column: "
                        + price);
            }
            collectors.add(new Collector(e.getKey(), price, 0, column(e.getValue(), FIELDS), backtestPrices));
        }
        boolean[] keep = new boolean[price.size()];
        collectors.forEach(c -> c.read(keep));
        records.keep(keep);
        for (List<String> r : pending) {
            for (Collector c : collectors) {
                c.add(r, line);
            }
        }
        while (records.hasNext()) {
            List<String> r = records.next();
            for (Collector c : collectors) {
                c.add(r, records.line());
            }
        }
        return new PriceFile(PriceFile.Layout.YFINANCE_MULTI_ROW, collectors.stream().map(Collector::series).toList());
    }

    private static int[] column(Map<String, Integer> cols, String[] fields) {
        int[] out = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            out[i] = cols.getOrDefault(fields[i], -1);
        }
        return out;
    }

    /** One ticker's rows as they are read. */
    private static final class Collector {
        private final String ticker;
        private final List<String> header;
        private final int date;
        private final int[] cols;
        /** Which of {@link #FIELDS} are parsed. */
        private final boolean[] parsed;
        private final List<PriceFile.Row> rows = new ArrayList<>();
        private final List<Issue> issues = new ArrayList<>();

        Collector(String ticker, List<String> header, int date, int[] cols, boolean backtestPrices) {
            this.ticker = ticker;
            this.header = header;
            this.date = date;
            this.cols = cols;
            this.parsed = new boolean[cols.length];
            for (int i = 0; i < cols.length; i++) {
                parsed[i] = cols[i] >= 0 && (!backtestPrices || i == 4 || i == 3 && cols[4] < 0);
            }
        }

        /** Marks in {@code columns} the columns this collector reads (its date and parsed prices), and returns it. */
        boolean[] read(boolean[] columns) {
            columns[date] = true;
            for (int i = 0; i < cols.length; i++) {
                if (parsed[i]) {
                    columns[cols[i]] = true;
                }
            }
            return columns;
        }

        void add(List<String> r, long line) {
            if (r.size() != header.size()) {
                issues.add(Issue.rejected(null, "RAGGED_ROW", "line " + line + ": " + r.size() + " cells where the header has "
                        + header.size() + "; row left out"));
                return;
            }
            String d = r.get(date);
            LocalDate day = isoDate(d);
            if (day == null) {
                issues.add(Issue.rejected(null, "BAD_DATE", "line " + line + ", column " + name(date) + ": unreadable date '" + d
                        + "' (expected YYYY-MM-DD)"));
                return;
            }
            BigDecimal[] v = new BigDecimal[cols.length];
            for (int i = 0; i < cols.length; i++) {
                if (!parsed[i]) {
                    continue;
                }
                String cell = r.get(cols[i]);
                if (cell.isEmpty() || cell.equalsIgnoreCase("null") || cell.equalsIgnoreCase("nan")) {
                    continue;
                }
                try {
                    v[i] = new BigDecimal(cell);
                } catch (NumberFormatException e) {
                    issues.add(Issue.rejected(day, "BAD_NUMBER", "line " + line + ", column " + name(cols[i]) + ": '" + cell
                            + "' is not a number"));
                    return;
                }
            }
            boolean anyPrice = false;
            for (int i = 0; i < 5; i++) {
                anyPrice |= v[i] != null;
            }
            if (ticker != null && !anyPrice) {
                return; // yfinance's empty cells for a ticker that did not trade that day
            }
            rows.add(new PriceFile.Row(line, new RawBar(day, v[0], v[1], v[2], v[3], v[4], v[5] == null ? null : v[5].longValue())));
        }

        private String name(int col) {
            return "'" + header.get(col) + "'";
        }

        PriceFile.Series series() {
            return new PriceFile.Series(ticker, new PriceFile.Columns(cols[0] >= 0, cols[1] >= 0, cols[2] >= 0, cols[3] >= 0,
                    cols[4] >= 0, cols[5] >= 0), rows, issues);
        }
    }

    /**
     * The date of {@code YYYY-MM-DD} followed by nothing or a time part, or null. By hand: {@code LocalDate.parse}'s
     * formatter machinery costs more than the rest of a short command-line run's reading.
     */
    static LocalDate isoDate(String s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.length() > 10 && s.charAt(10) != ' ' && s.charAt(10) != 'T')) {
            return null;
        }
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        if (y < 0 || m < 0 || d < 0) {
            return null;
        }
        try {
            return LocalDate.of(y, m, d);
        } catch (java.time.DateTimeException e) {
            return null; // 2024-02-30
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Column names compared ignoring case, spaces and underscores: {@code Adj Close} = {@code adj_close}. */
    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
    }

    /**
     * Why the characters {@code from} (inclusive) to {@code to} of {@code buf} are not text a database or a terminal
     * can take, or null. Checked before surrounding white space is stripped, so that a NUL at a cell's edge is seen.
     */
    private static String notText(char[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = buf[i];
            if (c != 0 && (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)) {
                continue; // the common case, in one test
            }
            if (c == 0) {
                return "holds the NUL character (U+0000): not a text file?";
            }
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(buf[i + 1])) {
                i++;
            } else {
                return "holds a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "): not valid Unicode text";
            }
        }
        return null;
    }

    /**
     * The text after a UTF-8 byte-order mark, which spreadsheet programs write first (Excel's "CSV UTF-8"): read as
     * a character, it would make the first column {@code \ufeffdate} and the file be refused for lacking a date.
     */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\ufeff') {
            in.unread(first);
        }
        return in;
    }
}
