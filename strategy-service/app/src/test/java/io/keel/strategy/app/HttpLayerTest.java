package io.keel.strategy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.testing.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP layer refuses before any resource runs (issue 17), over raw sockets so that the requests are exactly
 * the hostile ones: a chunked body whose chunk size overflows (the connection used to close without an answer, with
 * a stack trace at ERROR), a request target over 8,192 characters and header fields over 32 KiB (the codec's
 * answers had an empty body). Each is problem+json with its status, and every answer says nosniff and DENY.
 */
@QuarkusTest
class HttpLayerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Status line, headers and body of the answer to {@code request}. */
    record Answer(String head, String body) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int i = line.indexOf(':');
                if (i > 0 && line.substring(0, i).equalsIgnoreCase(name)) {
                    return line.substring(i + 1).trim();
                }
            }
            return null;
        }
    }

    static Answer raw(String request) throws IOException {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] b = new byte[8192];
            try {
                for (int n; (n = in.read(b)) > 0; ) {
                    buf.write(b, 0, n);
                    String text = buf.toString(StandardCharsets.UTF_8);
                    int end = text.indexOf("\r\n\r\n");
                    if (end > 0) {
                        Answer a = new Answer(text.substring(0, end), text.substring(end + 4));
                        String length = a.header("Content-Length");
                        if (length != null && a.body().getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length)) {
                            return a;
                        }
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // whatever arrived is the answer
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("an HTTP answer, got '" + text + "'").isPositive();
            return new Answer(text.substring(0, end), text.substring(end + 4));
        }
    }

    static void problem(Answer a, int status) throws IOException {
        assertThat(a.status()).as(a.head()).isEqualTo(status);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(a.body());
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("detail").asText()).isNotBlank().doesNotContain("Exception");
        assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void aChunkSizeThatOverflows_is400ProblemJson_notAClosedConnection() throws Exception {
        String body = "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n";
        Answer a = raw("POST /api/v1/definitions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-API-Key: " + Keys.ADMIN + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        problem(a, 400);
        assertThat(JSON.readTree(a.body()).path("errors").get(0).path("field").asText()).isEqualTo("body");
        // the service is fine afterwards
        RestAssured.given().get("/api/v1/definitions").then().statusCode(200);
    }

    @Test
    void aLongRequestTarget_is414ProblemJson() throws Exception {
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < 1_001; i++) {
            symbols.append(i == 0 ? "" : ",").append("SYMBOL").append(i);
        }
        Answer ok = raw("GET /api/v1/runs?definition=" + symbols + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(ok.status()).as("10 KB of query string is under the codec's limit but over the service's").isEqualTo(414);
        problem(ok, 414);
        problem(raw("GET /api/v1/runs?definition=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
    }

    @Test
    void headerFieldsOver32KiB_are431ProblemJson() throws Exception {
        problem(raw("GET /api/v1/runs HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(60_000) + "\r\n\r\n"), 431);
        Answer small = raw("GET /api/v1/runs HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(small.status()).isEqualTo(200);
        assertThat(small.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
