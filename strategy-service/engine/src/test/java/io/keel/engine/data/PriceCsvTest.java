package io.keel.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The engine's strict reading of price files: the layouts yfinance writes, and refusals naming file, line and column. */
class PriceCsvTest {

    private static PriceSeries read(String csv) throws IOException {
        return PriceCsv.read("SPY", new StringReader(csv), "SPY.csv");
    }

    @Test
    void classicYfinanceFile_usesTheAdjustedClose() throws IOException {
        PriceSeries s = read("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.25,100\n2024-01-03,10,11,9,10.6,10.5,100\n");
        assertThat(s.prices()).containsExactly(10.25, 10.5);
    }

    @Test
    void multiRowYfinanceFile_withoutAdjClose_usesTheSymbolsClose() throws IOException {
        PriceSeries s = read("""
                Ticker,SPY,SPY,AAPL,AAPL
                Price,Close,Volume,Close,Volume
                Date,,,,
                2024-01-02,472.65,200,185.6,100
                2024-01-03,,,184.2,100
                2024-01-04,468.79,200,181.9,100
                """);
        assertThat(s.dates()).containsExactly(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4));
        assertThat(s.prices()).containsExactly(472.65, 468.79);
    }

    @Test
    void prices_areTheDoublesDoubleParseDoubleReads_forTextsOfEveryLength() throws IOException {
        java.util.Random random = new java.util.Random(20261208L);
        StringBuilder csv = new StringBuilder("date,adj_close\n");
        java.util.List<String> texts = new java.util.ArrayList<>();
        LocalDate day = LocalDate.of(1990, 1, 1);
        for (int i = 0; i < 20_000; i++) {
            // 1 to 20 significant digits, prices from 1e-4 to 1e6, and halfway cases at 17 digits
            double x = Math.exp(random.nextDouble() * 23 - 9.2);
            String text = new java.math.BigDecimal(x).round(new java.math.MathContext(1 + random.nextInt(20))).toPlainString();
            if (i % 10 == 0) {
                text = new java.math.BigDecimal(x).round(new java.math.MathContext(17)).toPlainString() + "5";
            }
            texts.add(text);
            csv.append(day.plusDays(i)).append(',').append(text).append('\n');
        }
        double[] prices = read(csv.toString()).prices();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(prices[i]).as(texts.get(i)).isEqualTo(Double.parseDouble(texts.get(i)));
        }
    }

    @Test
    void keelFile_rowsWithoutAdjustedClose_areSkipped() throws IOException {
        assertThat(read("date,close,adj_close\n2024-01-02,1,\n2024-01-03,2,2\n").prices()).containsExactly(2.0);
    }

    @Test
    void duplicateDate_isRefusedNamingBothLines() {
        assertThatThrownBy(() -> read("date,adj_close\n2024-01-02,1\n2024-01-03,2\n2024-01-03,3\n"))
                .isInstanceOf(IOException.class).hasMessage("SPY.csv line 4: date 2024-01-03 appears again (first on line 3)");
    }

    @Test
    void datesOutOfOrder_areRefusedNamingTheLine() {
        assertThatThrownBy(() -> read("date,adj_close\n2024-01-03,1\n2024-01-02,2\n"))
                .hasMessage("SPY.csv line 3: date 2024-01-02 comes after 2024-01-03 (line 2); dates must ascend");
    }

    @Test
    void nonPositivePrice_isRefusedNamingLineAndColumn() {
        assertThatThrownBy(() -> read("Date,Close\n2024-01-02,0\n"))
                .hasMessage("SPY.csv line 2: the close 0 on 2024-01-02 is not a positive price");
    }

    @Test
    void unreadableRowsRaggedRowsAndNul_refuseTheFileNamingLineAndColumn() {
        assertThatThrownBy(() -> read("date,adj_close\n2024-01-02,1\n2024-01-03,x\n2024-01-04\n"))
                .hasMessage("SPY.csv: line 3, column 'adj_close': 'x' is not a number; line 4: 1 cells where the header has 2; row left out");
        assertThatThrownBy(() -> read("date,adj_close\n2024-01-02,1\u0000\n")).hasMessageStartingWith("SPY.csv: line 2, column 2: the cell holds the NUL");
    }

    @Test
    void emptyFile_orFileOfAnotherTicker_isRefused() {
        assertThatThrownBy(() -> read("")).hasMessageStartingWith("SPY.csv: the file is empty");
        assertThatThrownBy(() -> read("date,adj_close\n")).hasMessage("SPY.csv: no row with an adjusted close price");
        assertThatThrownBy(() -> read("Price,Close\nTicker,QQQ\nDate,\n2024-01-02,1\n"))
                .hasMessage("SPY.csv: the file's Ticker row holds QQQ, not SPY");
    }

    @Test
    void readDirectory_missingDirectoryOrAFile_isRefusedSayingSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("SPY.csv"), "date,adj_close\n2024-01-02,1\n");
        assertThatThrownBy(() -> PriceCsv.readDirectory(tmp.resolve("missing"), java.util.List.of("SPY")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .satisfies(e -> assertThat(((java.nio.file.NoSuchFileException) e).getReason()).isEqualTo("no such price directory"));
        assertThatThrownBy(() -> PriceCsv.readDirectory(file, java.util.List.of("SPY")))
                .satisfies(e -> assertThat(((java.nio.file.NoSuchFileException) e).getReason()).isEqualTo("not a directory of price files"));
        assertThat(PriceCsv.readDirectory(tmp, java.util.List.of("SPY")).series("SPY").orElseThrow().size()).isEqualTo(1);
    }
}
