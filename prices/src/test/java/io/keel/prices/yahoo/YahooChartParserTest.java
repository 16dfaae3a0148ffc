package io.keel.prices.yahoo;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.prices.CorporateAction;
import io.keel.prices.Issue;
import io.keel.prices.SeriesFetch;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The parser on Yahoo's real recorded response (AAPL, 2020-08-31..2020-11-06) and on edited copies of it. */
class YahooChartParserTest {

    private static final Instant NOW = Instant.parse("2025-02-20T12:00:00Z");
    private final YahooChartParser parser = new YahooChartParser(new ObjectMapper());

    private static String recorded() throws Exception {
        try (InputStream in = YahooChartParserTest.class.getResourceAsStream("/yahoo/chart-AAPL-2020-08-31-to-2020-11-07.body.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recordedResponse_givesTradingDatesInTheExchangeZone_pricesAndEvents() throws Exception {
        SeriesFetch f = parser.parse("AAPL", recorded().getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(f.exchangeTz()).isEqualTo("America/New_York");
        assertThat(f.currency()).isEqualTo("USD");
        assertThat(f.name()).isEqualTo("Apple Inc.");
        assertThat(f.bars()).hasSize(49);
        assertThat(f.issues()).isEmpty();
        // 1598880600 = 2020-08-31 13:30 UTC (EDT); 1604673000 = 2020-11-06 14:30 UTC (EST): both 09:30 in New York
        assertThat(f.bars().get(0).date()).isEqualTo(LocalDate.of(2020, 8, 31));
        assertThat(f.bars().get(48).date()).isEqualTo(LocalDate.of(2020, 11, 6));
        assertThat(f.bars().get(0).close().doubleValue()).isCloseTo(129.04, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(f.bars().get(0).adjClose().doubleValue()).isCloseTo(125.8267, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(f.bars().get(0).volume()).isPositive();
        assertThat(f.bars()).extracting(b -> b.date().getDayOfWeek().getValue()).allSatisfy(d -> assertThat(d).isBetween(1, 5));
        assertThat(f.actions()).containsExactly(
                new CorporateAction(LocalDate.of(2020, 8, 31), CorporateAction.Type.SPLIT, new BigDecimal("4")),
                new CorporateAction(LocalDate.of(2020, 11, 6), CorporateAction.Type.DIVIDEND, new BigDecimal("0.205")));
    }

    @Test
    void nullBars_areDropped_andReportedAsRejected() throws Exception {
        String body = recorded().replaceFirst("\"close\":\\[[0-9.]+,", "\"close\":[null,")
                .replaceFirst("\"open\":\\[[0-9.]+,", "\"open\":[null,")
                .replaceFirst("\"high\":\\[[0-9.]+,", "\"high\":[null,")
                .replaceFirst("\"low\":\\[[0-9.]+,", "\"low\":[null,");
        SeriesFetch f = parser.parse("AAPL", body.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(f.bars()).hasSize(48);
        assertThat(f.issues()).extracting(Issue::code, Issue::action, Issue::date)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NULL_BAR", Issue.Action.REJECTED, LocalDate.of(2020, 8, 31)));
    }

    @Test
    void liveRowOfTheSameDate_keepsTheLaterRow_andIsRecordedAsRepaired() throws Exception {
        // last timestamp 1604673000 (09:30 New York, 2020-11-06) re-stamped 15:59 -> two rows on one date
        String body = recorded().replace("1604586600,1604673000]", "1604673000,1604696340]");
        SeriesFetch f = parser.parse("AAPL", body.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(f.bars()).hasSize(48);
        assertThat(f.issues()).extracting(Issue::code).containsExactly("LIVE_ROW");
        assertThat(f.bars().get(47).date()).isEqualTo(LocalDate.of(2020, 11, 6));
    }

    @Test
    void todaysBar_isDropped_whileTheSessionIsOpen() throws Exception {
        String body = recorded().replaceAll("\"end\":1740085200", "\"end\":1604696400"); // regular session end 2020-11-06 16:00 New York
        SeriesFetch during = parser.parse("AAPL", body.getBytes(StandardCharsets.UTF_8), Instant.parse("2020-11-06T18:00:00Z"));
        assertThat(during.bars()).hasSize(48);
        assertThat(during.issues()).extracting(Issue::code).containsExactly("INTRADAY");
        SeriesFetch after = parser.parse("AAPL", body.getBytes(StandardCharsets.UTF_8), Instant.parse("2020-11-06T21:30:00Z"));
        assertThat(after.bars()).hasSize(49);
    }

    @Test
    void notFoundError_isUnknownSymbol_andBrokenBodiesAreTransient() {
        assertThatThrownBy(() -> parser.parse("NOPE", "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found, symbol may be delisted\"}}}"
                .getBytes(StandardCharsets.UTF_8), NOW)).isInstanceOf(YahooSymbolNotFoundException.class).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> parser.parse("AAPL", "{\"chart\":{\"result\":[{\"meta\":".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(YahooTransientException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> parser.parse("AAPL", "<html>".getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(YahooTransientException.class);
    }

    @Test
    void retryAfter_isReadAsSecondsOrHttpDate() {
        assertThat(YahooChart.retryAfter("3")).hasSeconds(3);
        assertThat(YahooChart.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
        assertThat(YahooChart.retryAfter("soon")).isNull();
    }
}
