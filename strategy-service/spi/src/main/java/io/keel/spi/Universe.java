package io.keel.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The assets of a backtest, in column order, and named groups of them (e.g. {@code defensive}).
 *
 * @param symbols ticker symbols, unique, in the column order used by every weight array
 * @param groups  group name to member symbols; every member is one of {@code symbols}
 */
public record Universe(List<String> symbols, Map<String, Set<String>> groups) {

    public Universe {
        symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("universe must not be empty");
        }
        if (Set.copyOf(symbols).size() != symbols.size()) {
            throw new IllegalArgumentException("universe has duplicate symbols: " + symbols);
        }
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        for (Map.Entry<String, Set<String>> g : groups.entrySet()) {
            for (String s : g.getValue()) {
                if (!symbols.contains(s)) {
                    throw new IllegalArgumentException("group " + g.getKey() + " names " + s + ", not in the universe");
                }
            }
        }
    }

    public static Universe of(List<String> symbols, Map<String, Set<String>> groups) {
        return new Universe(symbols, groups);
    }

    public int size() {
        return symbols.size();
    }

    /** Whether the asset in column {@code asset} belongs to {@code group} (false for an unknown group). */
    public boolean inGroup(int asset, String group) {
        Set<String> members = groups.get(group);
        return members != null && members.contains(symbols.get(asset));
    }
}
