package io.keel.strategy.app.portfolios;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.TreeMap;

/**
 * The JSON columns of the portfolio tables (positions, lot sizes, plans, a signal's weights and prices), read and
 * written with the application's mapper. What the services stored themselves: a failure to read it back is a bug
 * (IllegalStateException), never a client's error.
 */
@ApplicationScoped
public class PortfolioJson {

    private static final TypeReference<TreeMap<String, BigDecimal>> AMOUNTS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper mapper;

    /** {@code json} (null: an empty object) as {@code type}. */
    public <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json == null ? "{}" : json, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A map of amounts or quantities by symbol (positions in shares, lot sizes, prices), sorted by symbol. */
    public TreeMap<String, BigDecimal> amounts(String json) {
        return read(json, AMOUNTS);
    }

    public String write(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
