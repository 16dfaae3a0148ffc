package io.keel.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void locationsAreCutToTheirLastElement_andExceptionNamesDropped() {
        assertThat(Messages.withoutInternals("weight-scheme x from file:/srv/keel/quarkus-app/lib/main/io.keel.keel-strategy-engine-0.1.jar: id taken"))
                .isEqualTo("weight-scheme x from io.keel.keel-strategy-engine-0.1.jar: id taken");
        assertThat(Messages.withoutInternals("cannot open jar:file:/tmp/p/broken.jar!/META-INF/services/x"))
                .doesNotContain("/tmp").doesNotContain("file:").startsWith("cannot open ");
        assertThat(Messages.withoutInternals("/work/target/test-plugins/broken-not-a-zip.jar: not a readable jar"))
                .isEqualTo("broken-not-a-zip.jar: not a readable jar");
        assertThat(Messages.withoutInternals("strategy-service at http://127.0.0.1:18082/api/v1/runs/5 failed (java.net.ConnectException: Connection refused)"))
                .isEqualTo("strategy-service at 5 failed (Connection refused)");
        assertThat(Messages.withoutInternals("weight-scheme com.example.Foo: java.util.ServiceConfigurationError: io.keel.spi.WeightScheme: "
                + "Provider com.example.DoesNotExist not found"))
                .isEqualTo("weight-scheme com.example.Foo: io.keel.spi.WeightScheme: Provider com.example.DoesNotExist not found");
        assertThat(Messages.withoutInternals("a plain message, 3/4 done")).isEqualTo("a plain message, 3/4 done");
    }

    @Test
    void jacksonMessagesAreWordedAsJsonTypes() {
        assertThat(Messages.jsonInDomainWords("Cannot deserialize value of type `io.keel.engine.definition.BacktestDefinition` from Array value "
                + "(token `JsonToken.START_ARRAY`)")).isEqualTo("must be an object, not a list");
        assertThat(Messages.jsonInDomainWords("Cannot deserialize value of type `java.time.LocalDate` from Integer value (token `JsonToken.VALUE_NUMBER_INT`)"))
                .isEqualTo("must be a date (yyyy-MM-dd), not a whole number");
        assertThat(Messages.jsonInDomainWords("Cannot deserialize value of type `java.util.ArrayList<java.lang.String>` from String value"))
                .isEqualTo("must be a list, not a string");
        assertThat(Messages.jsonInDomainWords("Cannot construct instance of `io.keel.engine.definition.Rebalance` (no Creators)"
                + " (through reference chain: io.keel.X[\"rebalance\"])")).isEqualTo("Cannot construct instance of an object (no Creators)");
        assertThat(Messages.jsonInDomainWords("must be >= 1")).isEqualTo("must be >= 1");
    }
}
