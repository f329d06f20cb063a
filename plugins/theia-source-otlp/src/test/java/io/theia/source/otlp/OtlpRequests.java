package io.theia.source.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** Export requests for tests, built with the generated OTLP classes, and a plain HTTP client to send them. */
final class OtlpRequests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private OtlpRequests() {
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    /** A record with a body, a time, a severity and one attribute. */
    static LogRecord record(String body, long timeUnixNano) {
        return LogRecord.newBuilder().setTimeUnixNano(timeUnixNano).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                .setSeverityText("INFO").setBody(AnyValue.newBuilder().setStringValue(body))
                .addAttributes(attribute("http.status_code", 200)).build();
    }

    /** A request of one resource ({@code service.name} = service) and scope with these records. */
    static ExportLogsServiceRequest request(String service, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("test"))
                        .addAllLogRecords(java.util.List.of(records)))).build();
    }

    /** {@code count} records {@code <prefix> <i>}, one nanosecond apart. */
    static ExportLogsServiceRequest numbered(String service, String prefix, int count, long firstNanos) {
        LogRecord[] records = new LogRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = record(prefix + " " + i, firstNanos + i);
        }
        return request(service, records);
    }

    static ByteString traceId() {
        return ByteString.fromHex("5b8efff798038103d269b633813fc60c");
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** POSTs a body to {@code /v1/logs} of the port. */
    static HttpResponse<byte[]> post(int port, String contentType, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/logs"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> postProtobuf(int port, ExportLogsServiceRequest request) throws Exception {
        return post(port, "application/x-protobuf", null, request.toByteArray());
    }
}
