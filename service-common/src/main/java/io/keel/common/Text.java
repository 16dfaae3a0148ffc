package io.keel.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Text the database cannot store. PostgreSQL's UTF-8 text, varchar and jsonb refuse the NUL character (U+0000), and
 * a UTF-16 surrogate without its partner has no UTF-8 form at all (the JDBC driver would store it as '?'). Both are
 * refused where a request enters a service, naming the field, instead of failing in SQL (a 500) or being stored
 * altered.
 */
public final class Text {

    private Text() {
    }

    /** Why {@code s} cannot be stored, in domain words, or null when it can. */
    public static String unstorable(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "must not contain the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase() + "): not valid Unicode text";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase() + "): not valid Unicode text";
            }
        }
        return null;
    }

    /**
     * Every field name and text value of a JSON document that cannot be stored, as field errors named by their
     * path ({@code overlays[0].params.x}; {@code $} for the root).
     */
    public static List<Problem.FieldError> unstorable(JsonNode root) {
        List<Problem.FieldError> out = new ArrayList<>();
        walk(root, "", out);
        return out;
    }

    private static void walk(JsonNode n, String path, List<Problem.FieldError> out) {
        if (n == null || out.size() >= 20) {
            return;
        }
        if (n.isTextual()) {
            String why = unstorable(n.textValue());
            if (why != null) {
                out.add(new Problem.FieldError(path.isEmpty() ? "$" : path, why));
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]", out);
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                String why = unstorable(name);
                if (why != null) {
                    out.add(new Problem.FieldError(path.isEmpty() ? "$" : path, "a field name " + why));
                    continue;
                }
                walk(e.getValue(), path.isEmpty() ? name : path + "." + name, out);
            }
        }
    }
}
