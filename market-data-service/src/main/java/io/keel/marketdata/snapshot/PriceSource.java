package io.keel.marketdata.snapshot;

import io.keel.prices.SourceException;

import io.keel.prices.SeriesFetch;
import java.time.LocalDate;

/** Where a snapshot gets daily rows from (Yahoo's chart API in production). */
public interface PriceSource {

    /** Short name stored as the snapshot's source, e.g. {@code yahoo}. */
    String name();

    /**
     * Daily rows of {@code symbol} from {@code from} to {@code to}, both inclusive trading dates.
     *
     * @throws SourceException when the source cannot deliver (after its own retries)
     */
    SeriesFetch fetch(String symbol, LocalDate from, LocalDate to);
}
