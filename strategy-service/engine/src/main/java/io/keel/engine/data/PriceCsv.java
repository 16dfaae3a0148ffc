package io.keel.engine.data;

import com.fasterxml.jackson.core.io.NumberInput;
import io.keel.prices.Issue;
import io.keel.prices.csv.PriceFile;
import io.keel.prices.csv.PriceFileException;
import io.keel.prices.csv.PriceFileReader;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Reads one {@code SYMBOL.csv} per symbol with keel-prices' {@link PriceFileReader}: Keel's layout
 * ({@code date,open,high,low,close,adj_close,volume}), classic yfinance ({@code Date,...,Adj Close,Volume}) or newer
 * yfinance's {@code Price}/{@code Ticker}/{@code Date} header rows (the symbol's columns are taken).
 * <p>
 * The price used is the adjusted close when the file has that column (rows where it is empty are skipped), else the
 * close (yfinance's {@code auto_adjust=True}, its default since 0.2.51, writes an adjusted Close and no Adj Close).
 * Strict, as a backtest needs: an unreadable row, a date given twice, dates out of order or a price that is not
 * positive refuse the file with an {@link IOException} naming the file, line and column.
 */
public final class PriceCsv {

    private static final PriceFileReader READER = PriceFileReader.backtestPrices();

    private PriceCsv() {
    }

    /**
     * Reads {@code SYMBOL.csv} for each symbol from {@code dir}, the files side by side on the common fork-join pool
     * (reading is most of a short command-line run).
     *
     * @throws NoSuchFileException when {@code dir} is not a directory or a symbol has no file (its reason says which)
     */
    public static PriceHistory readDirectory(Path dir, Collection<String> symbols) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, Files.exists(dir) ? "not a directory of price files"
                    : "no such price directory");
        }
        for (String symbol : symbols) {
            Path file = dir.resolve(symbol + ".csv");
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no price file for " + symbol);
            }
        }
        try {
            return PriceHistory.of(symbols.parallelStream().map(symbol -> {
                Path file = dir.resolve(symbol + ".csv");
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    return read(symbol, r, file.toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Parses one file's content; {@code source} names it in messages. */
    public static PriceSeries read(String symbol, Reader reader, String source) throws IOException {
        PriceFile.Series series;
        try {
            series = READER.read(reader).of(symbol);
        } catch (PriceFileException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
        if (!series.issues().isEmpty()) {
            List<String> problems = series.issues().stream().limit(5).map(Issue::detail).toList();
            throw new IOException(source + ": " + String.join("; ", problems)
                    + (series.issues().size() > 5 ? " (and " + (series.issues().size() - 5) + " more rows)" : ""));
        }
        boolean adjusted = series.columns().adjClose();
        Prices prices = new Prices(source, adjusted, series.rows().size());
        for (PriceFile.Row row : series.rows()) {
            prices.add(row);
        }
        if (prices.size == 0) {
            throw new IOException(source + ": no row with " + (adjusted ? "an " : "a ") + prices.column + " price");
        }
        return PriceSeries.of(symbol, Arrays.copyOf(prices.dates, prices.size), Arrays.copyOf(prices.values, prices.size));
    }

    /**
     * One file's prices as they are checked, row by row. The work per row is this class's method rather than the
     * loop's body: a method called for every row is compiled after a few hundred rows, while a loop run once per file
     * would stay interpreted for all of a short command-line run.
     */
    private static final class Prices {
        final String source;
        final boolean adjusted;
        final String column;
        final LocalDate[] dates;
        final double[] values;
        int size;
        long lastLine;

        Prices(String source, boolean adjusted, int rows) {
            this.source = source;
            this.adjusted = adjusted;
            this.column = adjusted ? "adjusted close" : "close";
            this.dates = new LocalDate[rows];
            this.values = new double[rows];
        }

        void add(PriceFile.Row row) throws IOException {
            BigDecimal value = adjusted ? row.bar().adjClose() : row.bar().close();
            if (value == null) {
                return;
            }
            LocalDate date = row.bar().date();
            if (size > 0) {
                LocalDate last = dates[size - 1];
                if (date.compareTo(last) <= 0) {
                    throw new IOException(source + " line " + row.line() + ": date " + date
                            + (date.equals(last) ? " appears again (first on line " + lastLine + ")"
                            : " comes after " + last + " (line " + lastLine + "); dates must ascend"));
                }
            }
            if (value.signum() <= 0) {
                throw new IOException(source + " line " + row.line() + ": the " + column + " " + value.toPlainString() + " on " + date
                        + " is not a positive price");
            }
            dates[size] = date;
            // the double nearest the text, as Double.parseDouble gives it (BigDecimal.doubleValue rounds wrongly on
            // JDK < 19), by Jackson's FastDoubleParser: the JDK's exact path for 17 digits was 40% of reading
            values[size] = NumberInput.parseDouble(value.toString(), true);
            size++;
            lastLine = row.line();
        }
    }
}
