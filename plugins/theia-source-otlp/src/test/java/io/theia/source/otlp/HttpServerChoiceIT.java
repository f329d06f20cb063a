package io.theia.source.otlp;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How the receiver's HTTP server was chosen (docs/benchmarks.md), run only with {@code -Dtheia.otlp.bench=SECONDS}:
 * the JDK's {@code com.sun.net.httpserver} and Jetty 12, each reading and parsing 512-record protobuf export
 * requests from 4 exporters and answering an empty {@code ExportLogsServiceResponse}, with no store behind them.
 * Alternates the two servers twice, in the same run, and prints requests/s and records/s of each.
 */
@EnabledIfSystemProperty(named = "theia.otlp.bench", matches = "\\d+")
class HttpServerChoiceIT {

    private static final byte[] BODY = OtlpRequests.numbered("choice", "GET /api/orders/100000 200 in 12 ms from "
            + "10.1.2.3 user=alice cart=7 items=3", 512, 1_767_225_600_000_000_000L).toByteArray();
    private static final byte[] ANSWER = ExportLogsServiceResponse.getDefaultInstance().toByteArray();

    @Test
    void jdkAndJettyServersAnswerProtobufExports() throws Exception {
        int seconds = Integer.getInteger("theia.otlp.bench");
        for (int round = 1; round <= 2; round++) {
            report("jdk httpserver", round, jdk(seconds));
            report("jetty 12", round, jetty(seconds));
        }
    }

    private static void report(String server, int round, double requestsPerSecond) throws Exception {
        System.out.printf("%s round %d: %.0f requests/s = %.0f records/s (no store); load average %s%n", server,
                round, requestsPerSecond, requestsPerSecond * 512,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
    }

    private static double jdk(int seconds) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ExportLogsServiceRequest.parseFrom(in.readAllBytes());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ANSWER.length == 0 ? -1 : ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            exchange.close();
        });
        server.start();
        try {
            return load(server.getAddress().getPort(), seconds);
        } finally {
            server.stop(0);
            threads.shutdown();
        }
    }

    private static double jetty(int seconds) throws Exception {
        Server server = new Server(new QueuedThreadPool(16));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    ExportLogsServiceRequest.parseFrom(in.readAllBytes());
                }
                response.getHeaders().put("Content-Type", "application/x-protobuf");
                response.write(true, java.nio.ByteBuffer.wrap(ANSWER), callback);
                return true;
            }
        });
        server.start();
        try {
            return load(connector.getLocalPort(), seconds);
        } finally {
            server.stop();
        }
    }

    private static double load(int port, int seconds) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/logs");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean counting = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        ExecutorService exporters = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            done.add(exporters.submit(() -> {
                while (running.get()) {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/x-protobuf")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new AssertionError("answered " + response.statusCode());
                    }
                    if (counting.get()) {
                        requests.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(3_000);
        counting.set(true);
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        double rate = requests.get() / ((System.nanoTime() - begin) / 1e9);
        running.set(false);
        for (Future<?> exporter : done) {
            exporter.get();
        }
        exporters.shutdown();
        return rate;
    }
}
