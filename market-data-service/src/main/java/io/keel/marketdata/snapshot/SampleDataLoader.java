package io.keel.marketdata.snapshot;

import io.keel.marketdata.MarketDataConfig;
import io.keel.prices.csv.PriceFileReader;
import io.keel.prices.SeriesFetch;
import io.keel.marketdata.store.BarStore;
import io.keel.marketdata.store.SnapshotRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * On start: closes snapshots a previous process left queued or running, then, when
 * {@code keel.marketdata.load-sample-data} is true and the database holds no bar at all, loads the bundled sample
 * data (classpath {@code sample-data/etf8/<SYMBOL>.csv}, Keel CSV layout) as one snapshot with source
 * {@code sample}, so the suite works offline.
 */
@ApplicationScoped
public class SampleDataLoader {

    private static final Logger LOG = Logger.getLogger(SampleDataLoader.class);

    @Inject
    MarketDataConfig config;

    @Inject
    BarStore bars;

    @Inject
    SnapshotRepository snapshots;

    @Inject
    SnapshotService service;

    void onStart(@Observes StartupEvent event) {
        int closed = snapshots.closeInterrupted();
        if (closed > 0) {
            LOG.warnf("closed %d snapshot(s) interrupted by the previous stop", closed);
        }
        if (config.loadSampleData()) {
            loadIfEmpty();
        }
    }

    /** Loads the bundled sample data if no bar is stored; returns the new snapshot id, or empty when not loaded. */
    public OptionalLong loadIfEmpty() {
        if (!bars.isEmpty()) {
            return OptionalLong.empty();
        }
        List<SeriesFetch> series = new ArrayList<>();
        PriceFileReader reader = new PriceFileReader();
        for (String symbol : config.sampleDataSymbols()) {
            String path = config.sampleDataLocation() + "/" + symbol + ".csv";
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    LOG.warnf("sample data %s not found on the classpath; skipped", path);
                    continue;
                }
                series.add(reader.read(new InputStreamReader(in, StandardCharsets.UTF_8)).of(symbol).toFetch(symbol));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        if (series.isEmpty()) {
            return OptionalLong.empty();
        }
        long t0 = System.nanoTime();
        long id = service.importSeries("sample", series, "bundled sample data " + config.sampleDataLocation());
        LOG.infof("loaded bundled sample data (%d symbols) as snapshot %d in %d ms", series.size(), id, (System.nanoTime() - t0) / 1_000_000);
        return OptionalLong.of(id);
    }
}
