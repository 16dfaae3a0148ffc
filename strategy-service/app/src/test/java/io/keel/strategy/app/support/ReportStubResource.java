package io.keel.strategy.app.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for report-service's tearsheet pages ({@code /reports/runs/{id}/tearsheet.html} answering
 * "tearsheet of run {id}"), where the definitions page lands after a run; sets {@code keel.report.url} to it.
 */
public class ReportStubResource implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/reports/runs/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.replaceAll("^/reports/runs/([0-9]+)/tearsheet\\.html$", "$1");
            byte[] body = ("<!DOCTYPE html><title>tearsheet</title><h1 id=\"tearsheet\">tearsheet of run " + id + "</h1>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(id.equals(path) ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("keel.report.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
