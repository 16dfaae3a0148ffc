package io.keel.engine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.spi.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a definition document collecting every type error instead of stopping at the first (issue 23's validate
 * call): each field that does not bind is reported ({@link JsonErrors}) and set aside, and the rest is read again, so
 * a document with a wrong date and a wrong frequency gets both named at once. A syntax error stops the reading (what
 * follows it cannot be read).
 *
 * @param definition the definition read from the fields that bind, or null when the document is not an object or
 *                   has a syntax error
 * @param violations the type and syntax errors, one per offending field, in document order of discovery
 */
public record DefinitionReading(BacktestDefinition definition, List<Violation> violations) {

    /** Most type errors collected from one document (each costs one more binding pass). */
    static final int MAX_ERRORS = 50;

    public DefinitionReading {
        violations = List.copyOf(violations);
    }

    /** Reads {@code json}; never throws for bad input. */
    public static DefinitionReading read(String json) {
        JsonNode tree;
        try {
            tree = DefinitionJson.mapper().readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            return new DefinitionReading(null, List.of(JsonErrors.of(e)));
        }
        if (tree == null || tree.isMissingNode()) {
            return new DefinitionReading(null, List.of(Violation.of("$", "the document is empty: a definition is a JSON object")));
        }
        if (!tree.isObject()) {
            return new DefinitionReading(null, List.of(Violation.of("$", "must be a JSON object (a definition), not "
                    + (tree.isArray() ? "a list" : tree.isTextual() ? "a string" : tree.isNumber() ? "a number" : tree.isNull() ? "null" : "true or false"))));
        }
        List<Violation> found = new ArrayList<>();
        for (int pass = 0; pass <= MAX_ERRORS; pass++) {
            try {
                return new DefinitionReading(DefinitionJson.mapper().treeToValue(tree, BacktestDefinition.class), found);
            } catch (JsonMappingException e) {
                found.add(JsonErrors.of(e));
                if (!setAside(tree, e.getPath())) {
                    return new DefinitionReading(null, found);
                }
            } catch (JsonProcessingException e) {
                found.add(JsonErrors.of(e));
                return new DefinitionReading(null, found);
            }
        }
        return new DefinitionReading(null, found);
    }

    /**
     * Takes the offending value out of the tree: an object's field is removed (its default applies), a list's element
     * becomes null (so later elements keep their index; the validator names null elements). False when nothing could
     * be removed (the error is about the document itself).
     */
    private static boolean setAside(JsonNode root, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonMappingException.Reference r = path.get(i);
            parent = r.getFieldName() != null ? parent.get(r.getFieldName()) : parent.get(r.getIndex());
            if (parent == null) {
                return false;
            }
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() != null && parent instanceof ObjectNode o && o.has(last.getFieldName())) {
            o.remove(last.getFieldName());
            return true;
        }
        if (last.getFieldName() == null && last.getIndex() >= 0 && parent instanceof ArrayNode a && last.getIndex() < a.size()
                && !a.get(last.getIndex()).isNull()) {
            a.set(last.getIndex(), a.nullNode());
            return true;
        }
        return false;
    }
}
