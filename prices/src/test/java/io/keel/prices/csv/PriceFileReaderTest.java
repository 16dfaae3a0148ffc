package io.keel.prices.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keel.prices.Issue;
import io.keel.prices.RawBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The price-file reader on the layouts it takes (test data under {@code csv/}: the same SPY/GLD days of
 * examples/data/etf8 written as Keel writes them, as classic yfinance wrote them, and as yfinance 0.2.48+ writes
 * them with one and two tickers, columns grouped by field or by ticker) and on hostile files.
 */
class PriceFileReaderTest {

    private final PriceFileReader reader = new PriceFileReader();

    private PriceFile resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/csv/" + name)) {
            return reader.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    private PriceFile text(String csv) throws IOException {
        return reader.read(new StringReader(csv));
    }

    @Test
    void classicAndMultiRowYfinanceFiles_giveTheSameBarsAsKeelsOwnFile() throws IOException {
        PriceFile keel = resource("keel-SPY.csv");
        PriceFile classic = resource("yfinance-classic-SPY.csv");
        PriceFile multi = resource("yfinance-multirow-SPY.csv");
        assertThat(keel.layout()).isEqualTo(PriceFile.Layout.KEEL);
        assertThat(classic.layout()).isEqualTo(PriceFile.Layout.YFINANCE_CLASSIC);
        assertThat(multi.layout()).isEqualTo(PriceFile.Layout.YFINANCE_MULTI_ROW);
        List<RawBar> expected = bars(keel.of("SPY"));
        assertThat(expected).hasSize(9);
        assertThat(expected.get(0)).isEqualTo(new RawBar(LocalDate.of(2025, 8, 25), new BigDecimal("644.0399780273438"),
                new BigDecimal("645.2899780273438"), new BigDecimal("642.3499755859375"), new BigDecimal("642.469970703125"),
                new BigDecimal("640.6936645507812"), 51274300L));
        assertThat(bars(classic.of("SPY"))).isEqualTo(expected);
        assertThat(bars(multi.of("SPY"))).isEqualTo(expected);
        assertThat(multi.of("spy").ticker()).isEqualTo("SPY");
        assertThat(multi.of("SPY").rows().get(0).line()).isEqualTo(4); // after the Price, Ticker and Date rows
    }

    @Test
    void multiRowFileWithTwoTickers_givesOneSeriesEach_andSkipsTheDaysATickerDidNotTrade() throws IOException {
        for (String name : List.of("yfinance-multirow-GLD-SPY.csv", "yfinance-multirow-by-ticker.csv")) {
            PriceFile file = resource(name);
            assertThat(file.series()).extracting(PriceFile.Series::ticker).containsExactly("GLD", "SPY");
            PriceFile.Series spy = file.of("SPY");
            assertThat(spy.columns().adjClose()).isFalse(); // auto_adjust=True: Close is adjusted, no Adj Close column
            assertThat(spy.rows()).hasSize(9);
            assertThat(spy.rows().get(0).bar().close()).isEqualByComparingTo("640.6936645507812");
            assertThat(file.of("GLD").rows().get(0).bar().volume()).isEqualTo(4044400L);
            assertThat(spy.issues()).isEmpty();
        }
        PriceFile.Series gld = resource("yfinance-multirow-GLD-SPY.csv").of("GLD");
        assertThat(gld.rows()).extracting(r -> r.bar().date()).doesNotContain(LocalDate.of(2025, 9, 2)).hasSize(8);
    }

    @Test
    void aSymbolTheTickerRowDoesNotHold_isRefusedNamingTheTickers() throws IOException {
        PriceFile file = resource("yfinance-multirow-GLD-SPY.csv");
        assertThatThrownBy(() -> file.of("QQQ")).isInstanceOf(PriceFileException.class)
                .hasMessage("the file's Ticker row holds GLD, SPY, not QQQ");
    }

    @Test
    void byteOrderMark_isSkipped() throws IOException {
        PriceFile file = text("\ufeffDate,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.4,100\n");
        assertThat(file.of("X").rows()).hasSize(1);
    }

    @Test
    void nulCharacter_refusesTheFileNamingLineAndColumn() {
        assertThatThrownBy(() -> text("date,adj_close\n2024-01-02,1\n2024-01-03,5\u00005\n"))
                .isInstanceOf(PriceFileException.class)
                .hasMessage("line 3, column 2: the cell holds the NUL character (U+0000): not a text file?");
        assertThatThrownBy(() -> text("da\u0000te,adj_close\n2024-01-02,1\n")).hasMessageStartingWith("line 1, column 1:");
    }

    @Test
    void loneSurrogate_refusesTheFile() {
        assertThatThrownBy(() -> text("date,adj_close\n2024-01-02,\ud800\n")).isInstanceOf(PriceFileException.class)
                .hasMessageContaining("line 2, column 2").hasMessageContaining("lone UTF-16 surrogate");
    }

    @Test
    void raggedRows_areLeftOutWithAnIssueNamingTheLine() throws IOException {
        PriceFile.Series s = text("date,close,adj_close\n2024-01-02,1,1\n2024-01-03,2\n2024-01-04,3,3,3\n2024-01-05,4,4\n").of("X");
        assertThat(s.rows()).extracting(PriceFile.Row::line).containsExactly(2L, 5L);
        assertThat(s.issues()).extracting(Issue::code).containsExactly("RAGGED_ROW", "RAGGED_ROW");
        assertThat(s.issues().get(0).detail()).isEqualTo("line 3: 2 cells where the header has 3; row left out");
        assertThat(s.issues().get(1).detail()).startsWith("line 4: 4 cells");
    }

    @Test
    void unreadableDateOrNumber_isLeftOutWithAnIssueNamingLineAndColumn() throws IOException {
        PriceFile.Series s = text("Date,Close,Adj Close\n2024-01-02,1,1\n02/01/2024,2,2\n2024-01-04,3,abc\n").of("X");
        assertThat(s.rows()).hasSize(1);
        assertThat(s.issues()).extracting(Issue::detail).containsExactly(
                "line 3, column 'Date': unreadable date '02/01/2024' (expected YYYY-MM-DD)",
                "line 4, column 'Adj Close': 'abc' is not a number");
        assertThat(s.issues()).extracting(Issue::code).containsExactly("BAD_DATE", "BAD_NUMBER");
    }

    @Test
    void duplicateDates_areKeptWithTheirLines_forTheCallerToJudge() throws IOException {
        PriceFile.Series s = text("date,adj_close\n2024-01-02,1\n2024-01-02,2\n").of("X");
        assertThat(s.rows()).extracting(PriceFile.Row::line).containsExactly(2L, 3L);
    }

    @Test
    void dateWithTimeOrZone_readsTheDate_andNullOrNanMeanMissing() throws IOException {
        PriceFile.Series s = text("Date,Close,Adj Close\n2024-01-02 00:00:00-05:00,NaN,1.5\n2024-01-03 00:00:00,null,\n").of("X");
        assertThat(s.rows()).extracting(r -> r.bar().date()).containsExactly(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3));
        assertThat(s.rows().get(0).bar().close()).isNull();
        assertThat(s.rows().get(1).bar().adjClose()).isNull();
    }

    @Test
    void emptyFile_orHeaderWithoutDateOrPrice_isRefusedInDomainWords() {
        assertThatThrownBy(() -> text("")).isInstanceOf(PriceFileException.class).hasMessageStartingWith("the file is empty");
        assertThatThrownBy(() -> text("\n\n")).hasMessageStartingWith("the file is empty");
        assertThatThrownBy(() -> text("when,price\n2024-01-02,1\n")).hasMessage("line 1: the header has no 'date' column: [when, price]");
        assertThatThrownBy(() -> text("date,volume\n2024-01-02,1\n")).hasMessageContaining("neither a 'close' nor an 'adj_close'");
        assertThatThrownBy(() -> text("Price,Close\nDate,\n2024-01-02,1\n")).hasMessageContaining("needs both a 'Price' and a 'Ticker' row");
        assertThatThrownBy(() -> text("Price,Volume\nTicker,SPY\nDate,\n")).hasMessage(
                "ticker SPY has neither a 'Close' nor an 'Adj Close' column: [Price, Volume]");
    }

    @Test
    void brokenQuoting_isRefusedAsUnreadableStructure() {
        assertThatThrownBy(() -> text("date,adj_close\n2024-01-02,\"1\n")).isInstanceOf(PriceFileException.class)
                .hasMessage("unreadable CSV structure from line 2: a quoted cell is never closed");
        // on the last line, without a line break to swallow
        assertThatThrownBy(() -> text("date,adj_close\n2024-01-02,1\n2024-01-03,\"2")).isInstanceOf(PriceFileException.class)
                .hasMessage("unreadable CSV structure from line 3: a quoted cell is never closed");
        assertThatThrownBy(() -> text("date,adj_close\n2024-01-02,\"1\"x\n")).isInstanceOf(PriceFileException.class)
                .hasMessageStartingWith("unreadable CSV structure from line 2: unexpected character after closing quote: 'x'");
        assertThatThrownBy(() -> text("date,adj_close\n2024-01-02,\"" + "9".repeat(17_000_000) + "\n"))
                .isInstanceOf(PriceFileException.class)
                .hasMessage("unreadable CSV structure from line 2: a cell is longer than 16,777,216 characters (a quote never closed?)");
    }

    @Test
    void quotedCells_areRead_whenClosed() throws IOException {
        PriceFile.Series s = text("\"date\",\"adj_close\"\n2024-01-02,\"1.5\"\r\n2024-01-03,\"2\"").of("X");
        assertThat(s.issues()).isEmpty();
        assertThat(s.rows()).extracting(r -> r.bar().adjClose()).containsExactly(new BigDecimal("1.5"), new BigDecimal("2"));
    }

    @Test
    void backtestPricesReader_readsTheDateAndTheAdjustedClose_andLeavesTheOtherColumnsUnread() throws IOException {
        PriceFile.Series s = PriceFileReader.backtestPrices().read(new StringReader(
                "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,x,2,0.5,y,1.4,100\n")).of("X");
        assertThat(s.issues()).isEmpty();
        assertThat(s.rows().get(0).bar()).isEqualTo(new RawBar(LocalDate.of(2024, 1, 2), null, null, null, null,
                new BigDecimal("1.4"), null));
        assertThat(s.columns().close()).isTrue();
    }

    @Test
    void backtestPricesReader_stillRefusesANulOrSurrogate_inAColumnItDoesNotRead() {
        assertThatThrownBy(() -> PriceFileReader.backtestPrices().read(new StringReader(
                "Date,Open,Adj Close\n2024-01-02,1,1\n2024-01-03,\u00002,2\n"))).isInstanceOf(PriceFileException.class)
                .hasMessage("line 3, column 2: the cell holds the NUL character (U+0000): not a text file?");
        assertThatThrownBy(() -> PriceFileReader.backtestPrices().read(new StringReader(
                "Price,Open,Close\nTicker,SPY,SPY\nDate,,\n2024-01-02,\ud800,1\n"))).isInstanceOf(PriceFileException.class)
                .hasMessageStartingWith("line 4, column 2: the cell holds a lone UTF-16 surrogate");
    }

    @Test
    void backtestPricesReader_readsTheClose_whenTheFileHasNoAdjustedClose() throws IOException {
        PriceFile.Series s = PriceFileReader.backtestPrices().read(new StringReader(
                "Date,Open,Close,Volume\n2024-01-02,x,1.5,100\n2024-01-03,1,abc,100\n")).of("X");
        assertThat(s.rows()).extracting(r -> r.bar().close()).containsExactly(new BigDecimal("1.5"));
        assertThat(s.issues()).extracting(Issue::detail).containsExactly("line 3, column 'Close': 'abc' is not a number");
    }

    @Test
    void impossibleOrMalformedDates_areBadDates() throws IOException {
        PriceFile.Series s = text("date,adj_close\n2024-02-30,1\n2024-1-02,1\n2024-01-02x,1\n20240102,1\n2024-01-02T00:00:00,1\n").of("X");
        assertThat(s.issues()).extracting(Issue::code).containsExactly("BAD_DATE", "BAD_DATE", "BAD_DATE", "BAD_DATE");
        assertThat(s.rows()).extracting(r -> r.bar().date()).containsExactly(LocalDate.of(2024, 1, 2));
    }

    @Test
    void headerOnly_givesAnEmptySeries() throws IOException {
        assertThat(text("date,adj_close\n").of("X").rows()).isEmpty();
    }

    private static List<RawBar> bars(PriceFile.Series s) {
        return s.rows().stream().map(PriceFile.Row::bar).toList();
    }
}
