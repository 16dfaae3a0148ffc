package io.keel.strategy.app.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.json.DefinitionJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Consumer;

/** Example definitions from examples/definitions, renamed and modified for tests. */
public final class Defs {

    private Defs() {
    }

    public static ObjectNode example(String file) {
        try {
            return (ObjectNode) DefinitionJson.mapper().readTree(Files.readString(
                    MarketDataStub.repo().resolve("examples/definitions/" + file + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file}'s definition named {@code name}, then modified by {@code edit}. */
    public static String json(String file, String name, Consumer<ObjectNode> edit) {
        ObjectNode n = example(file);
        n.put("name", name);
        edit.accept(n);
        return n.toString();
    }

    public static String json(String file, String name) {
        return json(file, name, n -> { });
    }
}
