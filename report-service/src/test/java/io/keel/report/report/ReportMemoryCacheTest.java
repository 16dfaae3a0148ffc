package io.keel.report.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportMemoryCacheTest {

    private static final ReportCache.Key KEY = new ReportCache.Key(42, "csv", "canonical", ReportService.REPORT_VERSION);

    private static ReportCache.Entry entry(int bytes, byte fill) {
        byte[] b = new byte[bytes];
        java.util.Arrays.fill(b, fill);
        return new ReportCache.Entry(b, ReportService.CSV);
    }

    @Test
    void entry_isServedOnlyForTheFingerprintItWasStoredWith_andTheSameBytesAreShared() {
        ReportMemoryCache m = new ReportMemoryCache(1 << 20, 1 << 20);
        ReportCache.Entry e = entry(1000, (byte) 1);
        m.put(KEY, "run=42;version=1", e);

        assertThat(m.get(KEY, "run=42;version=1")).get().satisfies(hit -> assertThat(hit.body()).isSameAs(e.body()));
        assertThat(m.get(KEY, "run=42;version=2")).as("another fingerprint: the run id denotes other outputs").isEmpty();
        assertThat(m.get(new ReportCache.Key(42, "csv", "seed", ReportService.REPORT_VERSION), "run=42;version=1")).isEmpty();

        // stored again under another fingerprint: the old body is gone, for either fingerprint's readers
        m.put(KEY, "run=42;version=2", entry(1000, (byte) 2));
        assertThat(m.get(KEY, "run=42;version=1")).isEmpty();
        assertThat(m.get(KEY, "run=42;version=2")).get().satisfies(hit -> assertThat(hit.body()[0]).isEqualTo((byte) 2));
        assertThat(m.size()).isEqualTo(1);
    }

    @Test
    void bytesHeld_neverExceedTheBound_afterAnyWrite_andAnEntryOverTheEntryBoundIsNotKept() {
        long bound = 100_000;
        ReportMemoryCache m = new ReportMemoryCache(bound, 40_000);
        for (int i = 0; i < 200; i++) {
            m.put(new ReportCache.Key(i, "html", "rf=0.0", ReportService.REPORT_VERSION), "f" + i, entry(3_000 + 97 * i % 20_000, (byte) i));
            assertThat(m.weightedBytes()).as("after write %d", i).isLessThanOrEqualTo(bound);
        }
        assertThat(m.size()).isPositive();

        m.put(KEY, "f", entry(40_001, (byte) 0));
        assertThat(m.get(KEY, "f")).as("larger than the entry bound").isEmpty();
        assertThat(m.weightedBytes()).isLessThanOrEqualTo(bound);
    }

    @Test
    void boundZero_keepsNothing() {
        ReportMemoryCache m = new ReportMemoryCache(0, 8 << 20);
        m.put(KEY, "f", entry(10, (byte) 0));
        assertThat(m.get(KEY, "f")).isEmpty();
        assertThat(m.weightedBytes()).isZero();
    }
}
