package io.theia.source.otlp;

import static io.theia.source.otlp.OtlpRequests.numbered;
import static io.theia.source.otlp.OtlpRequests.post;
import static io.theia.source.otlp.OtlpRequests.postProtobuf;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.theia.api.event.Event;
import io.theia.api.source.EventSink;
import io.theia.api.testkit.SourceHarness;
import io.theia.api.testkit.TestHost;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver over real HTTP, against a sink that behaves like a store: the OpenTelemetry Java SDK's exporter and
 * hand-made requests.
 */
class OtlpSourceTest {

    private OtlpSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private int start(EventSink sink, OtlpSourceConfig config) {
        source = (OtlpSource) new OtlpSourceFactory(TestHost.SYSTEM).create(config, SourceHarness.context(sink));
        source.start();
        return source.address().orElseThrow().getPort();
    }

    private static OtlpSourceConfig config() {
        return new OtlpSourceConfig("127.0.0.1", 0, null, null, null, null, null, null, null, null, null, null);
    }

    private static OtlpSourceConfig config(int maxBodyBytes, Duration deliveryTimeout) {
        return new OtlpSourceConfig("127.0.0.1", 0, null, null, null, maxBodyBytes, null, null, deliveryTimeout,
                null, null, null);
    }

    private static SdkLoggerProvider sdk(int port, boolean gzip, RetryPolicy retry) {
        OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/v1/logs").setCompression(gzip ? "gzip" : "none")
                .setRetryPolicy(retry).build();
        return SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout")))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
    }

    private static void emit(SdkLoggerProvider provider, Instant at, String body) {
        Logger logger = provider.get("shop");
        logger.logRecordBuilder().setTimestamp(at).setSeverity(Severity.WARN).setSeverityText("WARN").setBody(body)
                .setAttribute(AttributeKey.stringKey("order"), "o-17").emit();
    }

    private static boolean flushed(SdkLoggerProvider provider) {
        CompletableResultCode result = provider.forceFlush().join(30, TimeUnit.SECONDS);
        return result.isSuccess();
    }

    @Test
    void theJavaSdkExportsLogsThatBecomeEventsWithNanosecondTimestamps() {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, config());
        Instant at = Instant.ofEpochSecond(1_767_225_600L, 123_456_789);

        try (SdkLoggerProvider provider = sdk(port, false, RetryPolicy.getDefault())) {
            emit(provider, at, "payment declined");
            assertThat(flushed(provider)).isTrue();
        }

        assertThat(sink.events()).singleElement().satisfies(event -> {
            assertThat(event.timestamp()).isEqualTo(at);
            assertThat(event.source()).isEqualTo("checkout");
            assertThat(event.tags()).containsExactly("WARN", "checkout");
            assertThat(event.content()).isEqualTo("payment declined {\"order\":\"o-17\"}");
        });
    }

    @Test
    void gzipBodiesFromTheSdkAreUnpacked() {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, config());

        try (SdkLoggerProvider provider = sdk(port, true, RetryPolicy.getDefault())) {
            emit(provider, Instant.ofEpochSecond(1_767_225_600L, 1), "compressed");
            assertThat(flushed(provider)).isTrue();
        }

        assertThat(sink.events()).extracting(Event::content).containsExactly("compressed {\"order\":\"o-17\"}");
    }

    @Test
    void aSinkThatRefusesIsAnswered503WithRetryAfterAndTheSdksRetryThenSucceeds() throws Exception {
        StoreLikeSink sink = new StoreLikeSink().refuseNext(1);
        int port = start(sink, config());

        HttpResponse<byte[]> refused = postProtobuf(port, numbered("svc", "probe", 2, 1_000));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("the disk is full (on purpose)");
        assertThat(sink.events()).isEmpty();

        sink.refuseNext(2);
        RetryPolicy quick = RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(50))
                .setMaxBackoff(Duration.ofMillis(200)).build();
        try (SdkLoggerProvider provider = sdk(port, false, quick)) {
            emit(provider, Instant.ofEpochSecond(1_767_225_600L, 5), "after two refusals");
            assertThat(flushed(provider)).isTrue();
        }
        assertThat(sink.refused()).isEqualTo(3);
        assertThat(sink.events()).extracting(Event::content).containsExactly("after two refusals {\"order\":\"o-17\"}");
    }

    @Test
    void aRetriedExportIsAnsweredOkStoresNothingNewAndIsCounted() throws Exception {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, config());
        var request = numbered("svc", "line", 5, 1_000);

        assertThat(postProtobuf(port, request).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> again = postProtobuf(port, request);
        var partlyNew = numbered("svc", "line", 7, 1_000);
        HttpResponse<byte[]> overlapping = postProtobuf(port, partlyNew);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(ExportLogsServiceResponse.parseFrom(again.body()).hasPartialSuccess()).isFalse();
        assertThat(overlapping.statusCode()).isEqualTo(200);
        assertThat(sink.events()).extracting(Event::content).containsExactly("line 0 {\"http.status_code\":200}",
                "line 1 {\"http.status_code\":200}", "line 2 {\"http.status_code\":200}",
                "line 3 {\"http.status_code\":200}", "line 4 {\"http.status_code\":200}",
                "line 5 {\"http.status_code\":200}", "line 6 {\"http.status_code\":200}");
        assertThat(source.duplicateRecords()).isEqualTo(10);
        assertThat(source.receivedRecords()).isEqualTo(17);
    }

    @Test
    void aMalformedBodyIsAnswered400WithAMessageAndNothingIsDelivered() throws Exception {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, config());

        HttpResponse<byte[]> protobuf = post(port, "application/x-protobuf", null, new byte[] {(byte) 0xff, 1, 2});
        HttpResponse<byte[]> json = post(port, "application/json", null, "{\"resourceLogs\": [".getBytes());
        HttpResponse<byte[]> badHex = post(port, "application/json", null, ("{\"resourceLogs\":[{\"scopeLogs\":[{"
                + "\"logRecords\":[{\"traceId\":\"xyz1\",\"body\":{\"stringValue\":\"x\"}}]}]}]}").getBytes());
        HttpResponse<byte[]> notGzip = post(port, "application/x-protobuf", "gzip", new byte[] {1, 2, 3});
        HttpResponse<byte[]> deep = post(port, "application/json", null, ("{\"resourceLogs\":" + "[".repeat(200_000)
                + "]".repeat(200_000) + "}").getBytes());

        assertThat(List.of(protobuf, json, badHex, notGzip, deep)).allSatisfy(response ->
                assertThat(response.statusCode()).isEqualTo(400));
        assertThat(new String(protobuf.body(), StandardCharsets.UTF_8)).contains("not a protobuf");
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).startsWith("{\"code\":3,\"message\":\"the body "
                + "is not");
        assertThat(new String(badHex.body(), StandardCharsets.UTF_8)).contains("'traceId' is not a hex string");
        assertThat(new String(notGzip.body(), StandardCharsets.UTF_8)).contains("not gzip");
        assertThat(sink.events()).isEmpty();
        assertThat(postProtobuf(port, numbered("svc", "still served", 1, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizedBodyIsAnswered413AsSentAndAsUnpacked() throws Exception {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, config(4096, null));
        byte[] large = numbered("svc", "x".repeat(100), 60, 1).toByteArray();
        assertThat(large.length).isGreaterThan(4096);
        byte[] packed = OtlpRequests.gzip(large);
        assertThat(packed.length).isLessThan(4096);

        HttpResponse<byte[]> plain = post(port, "application/x-protobuf", null, large);
        HttpResponse<byte[]> zipped = post(port, "application/x-protobuf", "gzip", packed);

        assertThat(plain.statusCode()).isEqualTo(413);
        assertThat(zipped.statusCode()).isEqualTo(413);
        assertThat(new String(zipped.body(), StandardCharsets.UTF_8)).contains("decompressed body is longer");
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void aRecordLongerThanMaxRecordBytesIsReportedAsPartialSuccess() throws Exception {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, new OtlpSourceConfig("127.0.0.1", 0, null, null, "drop", null, 1024, null, null,
                null, null, null));
        var request = OtlpRequests.request("svc", OtlpRequests.record("short", 5),
                OtlpRequests.record("y".repeat(2000), 6));
        var longSource = OtlpRequests.request("s".repeat(1000), OtlpRequests.record("short body, long source", 7));
        var longTag = OtlpRequests.request("svc", OtlpRequests.record("short body, long tag", 8).toBuilder()
                .setSeverityText("ä".repeat(600)).build());

        HttpResponse<byte[]> response = postProtobuf(port, request);
        HttpResponse<byte[]> sourceResponse = postProtobuf(port, longSource);
        HttpResponse<byte[]> tagResponse = postProtobuf(port, longTag);

        assertThat(response.statusCode()).isEqualTo(200);
        var partial = ExportLogsServiceResponse.parseFrom(response.body()).getPartialSuccess();
        assertThat(partial.getRejectedLogRecords()).isEqualTo(1);
        assertThat(partial.getErrorMessage()).contains("longer than maxRecordBytes");
        assertThat(List.of(sourceResponse, tagResponse)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(ExportLogsServiceResponse.parseFrom(answer.body()).getPartialSuccess()
                    .getRejectedLogRecords()).isEqualTo(1);
        });
        assertThat(sink.events()).extracting(Event::content).containsExactly("short");
        assertThat(source.rejectedRecords()).isEqualTo(3);
    }

    @Test
    void theAnswerWaitsForTheSinkAndASinkThatNeverFinishesIsAnswered503() throws Exception {
        var sink = new io.theia.api.testkit.RecordingSink().withhold();
        int port = start(sink, config(OtlpSourceConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofMillis(300)));

        HttpResponse<byte[]> response = postProtobuf(port, numbered("svc", "slow", 1, 9));

        assertThat(sink.deliveries()).isEqualTo(1);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("deliveryTimeout");
    }

    @Test
    void jsonWithHexIdsAndOtherPathsMethodsAndTypes() throws Exception {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, config());
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
                  "scopeLogs":[{"scope":{"name":"s"},"logRecords":[{"timeUnixNano":"1767225600000000001",
                  "severityNumber":17,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "body":{"kvlistValue":{"values":[{"key":"msg","value":{"stringValue":"hi"}}]}},
                  "attributes":[{"key":"n","value":{"intValue":"42"}}],"unknownField":true}]}]}]}
                """;

        HttpResponse<byte[]> response = post(port, "application/json; charset=utf-8", null, json.getBytes());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(sink.events()).singleElement().satisfies(event -> {
            assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(1_767_225_600L, 1));
            assertThat(event.tags()).containsExactly("ERROR", "web");
            assertThat(event.content()).isEqualTo("{\"msg\":\"hi\"} {\"n\":42}");
            assertThat(event.headers()).containsEntry("trace_id", "5b8efff798038103d269b633813fc60c")
                    .containsEntry("span_id", "eee19b7ec3c1b174");
        });
        assertThat(post(port, "text/plain", null, new byte[0]).statusCode()).isEqualTo(415);
        assertThat(OtlpRequests.post(port, "application/x-protobuf", "br", new byte[0]).statusCode()).isEqualTo(415);
    }

    @Test
    void theAnswerWaitsForTheSinkAndRequestsBeyondMaxPendingRequestsAreAnswered429() throws Exception {
        var sink = new io.theia.api.testkit.RecordingSink().withhold();
        int port = start(sink, new OtlpSourceConfig("127.0.0.1", 0, null, null, null, null, null, 1, null,
                Duration.ofSeconds(3), null, null));
        var http = java.net.http.HttpClient.newHttpClient();
        var waiting = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/v1/logs"))
                .header("Content-Type", "application/x-protobuf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(numbered("svc", "held", 1, 3)
                        .toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sink.withheldCount() == 1);

        HttpResponse<byte[]> refused = postProtobuf(port, numbered("svc", "second", 1, 4));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("3");
        assertThat(waiting).isNotDone();
        sink.release();
        assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(postProtobuf(port, numbered("svc", "third", 1, 5)).statusCode()).isEqualTo(200);
    }

    @Test
    void withATokenRequestsWithoutItAreAnswered401() throws Exception {
        StoreLikeSink sink = new StoreLikeSink();
        int port = start(sink, new OtlpSourceConfig("127.0.0.1", 0, null, null, null, null, null, null, null, null,
                null, "s3cret"));
        byte[] body = numbered("svc", "secret", 1, 3).toByteArray();
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, Integer> send = authorization -> {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/v1/logs")).header("Content-Type", "application/x-protobuf")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };

        assertThat(send.apply(null)).isEqualTo(401);
        assertThat(send.apply("Bearer wrong")).isEqualTo(401);
        assertThat(sink.events()).isEmpty();
        assertThat(send.apply("Bearer s3cret")).isEqualTo(200);
        assertThat(sink.events()).hasSize(1);
    }
}
