package io.keel.engine.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads daily price files in Keel's layout: one {@code SYMBOL.csv} per symbol with header
 * {@code date,open,high,low,close,adj_close,volume}. The adjusted close is used; rows whose
 * adjusted close is empty are skipped.
 */
public final class PriceCsv {

    private PriceCsv() {
    }

    /** Reads {@code SYMBOL.csv} for each symbol from {@code dir}. */
    public static PriceHistory readDirectory(Path dir, Collection<String> symbols) throws IOException {
        List<PriceSeries> out = new ArrayList<>();
        for (String symbol : symbols) {
            Path file = dir.resolve(symbol + ".csv");
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no price file for " + symbol);
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                out.add(read(symbol, r, file.toString()));
            }
        }
        return PriceHistory.of(out);
    }

    /** Parses one file's content. */
    public static PriceSeries read(String symbol, Reader reader, String source) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        List<LocalDate> dates = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            if (!parser.getHeaderMap().containsKey("date") || !parser.getHeaderMap().containsKey("adj_close")) {
                throw new IOException(source + ": header must contain date and adj_close, got " + parser.getHeaderNames());
            }
            for (CSVRecord rec : parser) {
                String adj = rec.get("adj_close");
                if (adj == null || adj.isEmpty()) {
                    continue;
                }
                try {
                    dates.add(LocalDate.parse(rec.get("date")));
                    prices.add(Double.parseDouble(adj));
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw new IOException(source + " line " + parser.getCurrentLineNumber() + ": " + e.getMessage(), e);
                }
            }
        }
        double[] p = new double[prices.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = prices.get(i);
        }
        try {
            return PriceSeries.of(symbol, dates.toArray(LocalDate[]::new), p);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }
}
