package io.keel.prices.csv;

import io.keel.prices.Issue;
import io.keel.prices.RawBar;
import io.keel.prices.SeriesFetch;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PriceFileReader} read from one file: its layout and one series per ticker (one for single-ticker
 * layouts), rows in file order, unvalidated.
 *
 * @param layout the layout recognised from the header
 * @param series one per ticker, in the order the header names them
 */
public record PriceFile(Layout layout, List<Series> series) {

    /** The header layouts the reader recognises. */
    public enum Layout {
        /** {@code date,open,high,low,close,adj_close,volume}: Keel's own files (and the scripts' oracle data). */
        KEEL,
        /** {@code Date,Open,High,Low,Close,Adj Close,Volume}: yfinance before 0.2.48, Yahoo's own CSV download. */
        YFINANCE_CLASSIC,
        /** {@code Price,...} / {@code Ticker,...} / {@code Date,,,} header rows: yfinance 0.2.48 and later, one or more tickers. */
        YFINANCE_MULTI_ROW
    }

    public PriceFile {
        Objects.requireNonNull(layout, "layout");
        series = List.copyOf(series);
    }

    /**
     * The series of {@code symbol}: the file's only series when the file names no ticker, else the one whose ticker
     * equals {@code symbol} ignoring case.
     *
     * @throws PriceFileException when the file's ticker row does not hold {@code symbol}
     */
    public Series of(String symbol) {
        for (Series s : series) {
            if (s.ticker() == null || s.ticker().equalsIgnoreCase(symbol)) {
                return s;
            }
        }
        throw new PriceFileException("the file's Ticker row holds " + String.join(", ", series.stream().map(Series::ticker).toList())
                + ", not " + symbol);
    }

    /**
     * One ticker's rows.
     *
     * @param ticker   the ticker named by the header, or {@code null} when the layout names none
     * @param columns  which price columns the header has for this ticker
     * @param rows     every row with a readable date (a missing price is a {@code null} field), file order
     * @param issues   rows left out, each naming its line and column: {@code BAD_DATE}, {@code BAD_NUMBER}, {@code RAGGED_ROW}
     */
    public record Series(String ticker, Columns columns, List<Row> rows, List<Issue> issues) {

        public Series {
            Objects.requireNonNull(columns, "columns");
            rows = List.copyOf(rows);
            issues = List.copyOf(issues);
        }

        /** As a source delivery for market-data-service's validation (currency USD, New York exchange). */
        public SeriesFetch toFetch(String symbol) {
            return new SeriesFetch(symbol, "USD", "America/New_York", null, rows.stream().map(Row::bar).toList(), List.of(), issues);
        }
    }

    /** The price columns present in the header (date is always there). */
    public record Columns(boolean open, boolean high, boolean low, boolean close, boolean adjClose, boolean volume) {
    }

    /**
     * One data row.
     *
     * @param line the file's line number of the row (1 = the first line)
     * @param bar  its values
     */
    public record Row(long line, RawBar bar) {
    }
}
