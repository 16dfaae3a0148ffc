package io.keel.marketdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** Configuration of market-data-service, prefix {@code keel.marketdata}. */
@ConfigMapping(prefix = "keel.marketdata")
public interface MarketDataConfig {

    /** Load the bundled sample data (8 ETFs) on start when the database holds no bar. */
    @WithDefault("true")
    boolean loadSampleData();

    /** Classpath folder of the bundled sample data, one {@code <SYMBOL>.csv} per symbol. */
    @WithDefault("sample-data/etf8")
    String sampleDataLocation();

    /** Symbols of the bundled sample data. */
    @WithDefault("SPY,QQQ,IWM,EFA,EEM,TLT,LQD,GLD")
    List<String> sampleDataSymbols();

    /** Symbols a snapshot covers when none are named and no instrument is tracked yet. */
    @WithDefault("SPY,QQQ,IWM,EFA,EEM,TLT,LQD,GLD")
    List<String> defaultSymbols();

    /** First date fetched for a symbol that has no bar yet and no requested start. */
    @WithDefault("1990-01-01")
    LocalDate defaultStart();

    /** Calendar days before a symbol's last stored bar that an incremental snapshot fetches again (late fixes). */
    @WithDefault("10")
    int trailingDays();

    Validation validation();

    @io.smallrye.config.WithName("import")
    Import importing();

    Yahoo yahoo();

    Schedule schedule();

    PriceCache priceCache();

    /** The cache of encoded price answers of pinned snapshots ({@link io.keel.marketdata.api.PriceResponseCache}). */
    interface PriceCache {
        /** Most answers kept (least recently used first out); 0 turns the cache off. */
        @WithDefault("64")
        int entries();
    }

    /** The daily snapshot (read by {@link io.keel.marketdata.snapshot.SnapshotScheduler}'s annotation). */
    interface Schedule {
        /** Quartz-style cron, or {@code off}. */
        @WithDefault("0 30 17 ? * MON-FRI")
        String cron();

        @WithDefault("America/New_York")
        String timeZone();

        /**
         * How often the end of a snapshot whose run ended during a database outage longer than
         * {@code keel.database.outage-wait} is tried again until the database is back (a Quarkus
         * {@code every} period, e.g. {@code 60s}).
         */
        @WithDefault("60s")
        String unrecordedRetry();
    }

    interface Validation {
        /** Largest |daily adjusted-close return| accepted without a JUMP issue, as a fraction (0.35 = 35 %). */
        @WithDefault("0.35")
        double maxDailyMove();

        /** Reject rows beyond {@link #maxDailyMove()} instead of only flagging them. */
        @WithDefault("false")
        boolean rejectJumps();
    }

    interface Import {
        /** Largest CSV body accepted by {@code POST /api/v1/imports/csv}, bytes. */
        @WithDefault("20000000")
        long maxBytes();
    }

    interface Yahoo {
        /** Base URL of the chart API (the path {@code /v8/finance/chart/{symbol}} is appended). */
        @WithDefault("https://query2.finance.yahoo.com")
        String baseUrl();

        /** URL answering with the consent cookie, fetched only when the chart API demands a crumb. */
        @WithDefault("https://fc.yahoo.com")
        String cookieUrl();

        /** Path (on the base URL) that returns a crumb for the cookie. */
        @WithDefault("/v1/test/getcrumb")
        String crumbPath();

        @WithDefault("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")
        String userAgent();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Time limit of one HTTP request (headers and body). */
        @WithDefault("20s")
        Duration requestTimeout();

        /** Symbols fetched in parallel by one snapshot (the client's bulkhead also caps it). */
        @WithDefault("4")
        int concurrency();

        /** Most requests per second sent to Yahoo (spaced evenly). */
        @WithDefault("20")
        double requestsPerSecond();

        /** Longest Retry-After honoured before the next attempt; longer values are capped to this. */
        @WithDefault("10s")
        Duration maxRetryAfter();

        /** Cap of one exponential backoff step between retries, ms (read by {@link io.keel.marketdata.yahoo.YahooRetryDelays}). */
        @WithDefault("8000")
        long maxBackoffMs();
    }
}
