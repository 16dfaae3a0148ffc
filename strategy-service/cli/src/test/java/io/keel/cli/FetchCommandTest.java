package io.keel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keel.prices.yahoo.RecordedYahoo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel fetch} against a loopback Yahoo answering with the recorded AAPL response (keel-prices' test data,
 * 49 sessions 2020-08-31 .. 2020-11-06), and its files read back by {@code backtest}.
 */
class FetchCommandTest {

    private RecordedYahoo yahoo;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        yahoo = RecordedYahoo.start();
    }

    @AfterEach
    void stop() {
        yahoo.close();
    }

    private int fetch(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "fetch";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--yahoo-url";
        all[args.length + 2] = yahoo.baseUrl();
        return KeelCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void fetch_afterA429_writesKeelsLayout_thatBacktestReads(@TempDir Path dir) throws IOException {
        yahoo.enqueue(429, "0");
        int rc = fetch("AAPL", "--start", "2020-08-31", "--end", "2020-11-06", "--out", dir.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(yahoo.requests()).hasSize(2);
        assertThat(out.toString()).contains("AAPL: 49 days 2020-08-31 .. 2020-11-06 -> " + dir.resolve("AAPL.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("AAPL.csv"));
        assertThat(lines).hasSize(50);
        assertThat(lines.get(0)).isEqualTo("date,open,high,low,close,adj_close,volume");
        assertThat(lines.get(1)).isEqualTo("2020-08-31,127.58000183105469,131,126,129.0399932861328,125.82673645019531,225702700");
        assertThat(dir).isDirectoryNotContaining("glob:**.part");

        Path def = dir.resolve("aapl.json");
        Files.writeString(def, """
                {"name":"aapl","universe":["AAPL"],"start":"2020-08-31","rebalance":{"frequency":"WEEKLY"},
                 "weightScheme":{"id":"equal-weight"}}
                """);
        StringWriter runOut = new StringWriter();
        StringWriter runErr = new StringWriter();
        int run = KeelCli.execute(new PrintWriter(runOut, true), new PrintWriter(runErr, true), "backtest", "--definition",
                def.toString(), "--prices", dir.toString(), "--out", dir.resolve("run").toString());
        assertThat(run).as(runErr.toString()).isZero();
        assertThat(runOut.toString()).contains("aapl: 2020-09-01 .. 2020-11-06");
    }

    @Test
    void fetch_anUnknownSymbol_writesNothing_andExitsWith2(@TempDir Path dir) {
        int rc = fetch("AAPL", "NOPE", "--start", "2020-08-31", "--end", "2020-11-06", "--out", dir.resolve("prices").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("cannot fetch: unknown symbol NOPE").contains("nothing written");
        assertThat(dir.resolve("prices")).doesNotExist();
    }

    @Test
    void fetch_givesUpAfterItsRetries_namingTheLastAnswer(@TempDir Path dir) {
        yahoo.enqueue(503, null).enqueue(503, null);
        int rc = fetch("AAPL", "--start", "2020-08-31", "--out", dir.toString(), "--retries", "1");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("cannot fetch AAPL: Yahoo answered 503 for AAPL (gave up after 2 attempts)");
        assertThat(yahoo.requests()).hasSize(2);
    }

    @Test
    void fetch_refusesAStartAfterTheEnd_andABadSymbol(@TempDir Path dir) {
        assertThat(fetch("AAPL", "--start", "2020-12-01", "--end", "2020-11-06", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--start 2020-12-01 is after the end date 2020-11-06");
        assertThat(fetch("../etc", "--start", "2020-01-01", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a symbol: '../etc'");
        assertThat(yahoo.requests()).isEmpty();
    }
}
