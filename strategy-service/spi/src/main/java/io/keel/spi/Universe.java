package io.keel.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The assets of a backtest, in column order, and named groups of them (e.g. {@code defensive}).
 * Immutable.
 */
public final class Universe {

    private final List<String> symbols;
    private final Map<String, Set<String>> groups;
    private final Map<String, boolean[]> membership;

    /**
     * @param symbols ticker symbols, unique, in the column order used by every weight array
     * @param groups  group name to member symbols; every member is one of {@code symbols}
     */
    public Universe(List<String> symbols, Map<String, Set<String>> groups) {
        this.symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
        if (this.symbols.isEmpty()) {
            throw new IllegalArgumentException("universe must not be empty");
        }
        if (Set.copyOf(this.symbols).size() != this.symbols.size()) {
            throw new IllegalArgumentException("universe has duplicate symbols: " + symbols);
        }
        this.groups = groups == null ? Map.of() : Map.copyOf(groups);
        this.membership = new HashMap<>();
        for (Map.Entry<String, Set<String>> g : this.groups.entrySet()) {
            boolean[] in = new boolean[this.symbols.size()];
            for (String s : g.getValue()) {
                int i = this.symbols.indexOf(s);
                if (i < 0) {
                    throw new IllegalArgumentException("group " + g.getKey() + " names " + s + ", not in the universe");
                }
                in[i] = true;
            }
            membership.put(g.getKey(), in);
        }
    }

    public static Universe of(List<String> symbols, Map<String, Set<String>> groups) {
        return new Universe(symbols, groups);
    }

    public List<String> symbols() {
        return symbols;
    }

    public Map<String, Set<String>> groups() {
        return groups;
    }

    public int size() {
        return symbols.size();
    }

    /** Whether the asset in column {@code asset} belongs to {@code group} (false for an unknown group). */
    public boolean inGroup(int asset, String group) {
        boolean[] in = membership.get(group);
        return in != null && in[asset];
    }

    /** Membership of every column in {@code group} (all false for an unknown group); a copy. */
    public boolean[] members(String group) {
        boolean[] in = membership.get(group);
        return in == null ? new boolean[symbols.size()] : in.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Universe u && symbols.equals(u.symbols) && groups.equals(u.groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbols, groups);
    }

    @Override
    public String toString() {
        return "Universe" + symbols + groups;
    }
}
