package io.theia.source.otlp;

import static io.theia.source.otlp.OtlpRequests.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import io.theia.source.otlp.OtlpEvents.Mapped;
import io.theia.source.otlp.OtlpSourceConfig.Attributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping of docs/otlp.md, its worked example included. */
class OtlpEventsTest {

    private static final Instant RECEIVED = Instant.ofEpochSecond(1_800_000_000L, 5);
    private final OtlpEvents defaults = new OtlpEvents(config(null, null));

    private static OtlpSourceConfig config(List<String> tags, String attributes) {
        return new OtlpSourceConfig(null, null, null, tags, attributes, null, null, null, null, null, null, null);
    }

    /** The worked example of docs/otlp.md, byte for byte as the collector writes it. */
    @Test
    void theWorkedExampleOfTheDocs() throws Exception {
        LogRecord record = LogRecord.newBuilder().setTimeUnixNano(1_767_225_600_123_456_789L)
                .setObservedTimeUnixNano(1_767_225_600_200_000_000L)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN).setSeverityText("WARN")
                .setBody(AnyValue.newBuilder().setStringValue("payment declined"))
                .addAttributes(attribute("order.id", "o-17")).addAttributes(attribute("amount", 4200))
                .setTraceId(ByteString.fromHex("5b8efff798038103d269b633813fc60c"))
                .setSpanId(ByteString.fromHex("eee19b7ec3c1b174")).build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                .newBuilder().setResource(Resource.newBuilder().addAttributes(attribute("service.name", "checkout"))
                        .addAttributes(attribute("host.name", "web-1")))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("shop"))
                        .addLogRecords(record))).build();

        ExportLogsServiceRequest fromJson = OtlpJson.parse("""
                {"resourceLogs":[{"resource":{"attributes":[
                   {"key":"service.name","value":{"stringValue":"checkout"}},
                   {"key":"host.name","value":{"stringValue":"web-1"}}]},
                 "scopeLogs":[{"scope":{"name":"shop"},"logRecords":[{
                   "timeUnixNano":"1767225600123456789","observedTimeUnixNano":"1767225600200000000",
                   "severityNumber":13,"severityText":"WARN",
                   "body":{"stringValue":"payment declined"},
                   "attributes":[{"key":"order.id","value":{"stringValue":"o-17"}},
                                 {"key":"amount","value":{"intValue":"4200"}}],
                   "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
                """);
        assertThat(fromJson).isEqualTo(request);

        Event event = defaults.map(fromJson, RECEIVED).events().get(0);

        assertThat(new String(EventWriter.toBytes(event), StandardCharsets.UTF_8)).isEqualTo("""
                event: 224 174 50
                id:d25763c6-4141-855b-b33d-cbf716c61060
                timestamp: 1767225600.123456789
                source:checkout
                tags:WARN,checkout
                trace_id:5b8efff798038103d269b633813fc60c
                span_id:eee19b7ec3c1b174
                payment declined {"order.id":"o-17","amount":4200}
                """);
        assertThat(event.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void theTimestampIsTheRecordsElseTheObservedElseTheReceiveTimeToTheNanosecond() {
        LogRecord both = LogRecord.newBuilder().setTimeUnixNano(1_000_000_001L).setObservedTimeUnixNano(7).build();
        LogRecord observed = LogRecord.newBuilder().setObservedTimeUnixNano(2_000_000_002L).build();
        LogRecord neither = LogRecord.newBuilder().build();
        LogRecord latest = LogRecord.newBuilder().setTimeUnixNano(-1L).build();

        assertThat(OtlpEvents.timestamp(both, RECEIVED)).isEqualTo(Instant.ofEpochSecond(1, 1));
        assertThat(OtlpEvents.timestamp(observed, RECEIVED)).isEqualTo(Instant.ofEpochSecond(2, 2));
        assertThat(OtlpEvents.timestamp(neither, RECEIVED)).isEqualTo(RECEIVED);
        assertThat(OtlpEvents.timestamp(latest, RECEIVED)).isEqualTo(Instant.ofEpochSecond(18_446_744_073L,
                709_551_615));
    }

    @Test
    void theSameRecordHasTheSameIdAndAnyDifferenceInRecordScopeOrResourceChangesIt() {
        LogRecord record = OtlpRequests.record("same", 10);
        String id = onlyId(OtlpRequests.request("svc", record));

        assertThat(onlyId(OtlpRequests.request("svc", record))).isEqualTo(id);
        assertThat(onlyId(OtlpRequests.request("svc", record.toBuilder().setTimeUnixNano(11).build()))).isNotEqualTo(id);
        assertThat(onlyId(OtlpRequests.request("other", record))).isNotEqualTo(id);
        ExportLogsServiceRequest otherScope = OtlpRequests.request("svc", record).toBuilder()
                .setResourceLogs(0, OtlpRequests.request("svc", record).getResourceLogs(0).toBuilder()
                        .setScopeLogs(0, ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder()
                                .setName("other")).addLogRecords(record))).build();
        assertThat(onlyId(otherScope)).isNotEqualTo(id);
    }

    @Test
    void aRecordRepeatedInOneRequestIsDeliveredOnceAndCounted() {
        LogRecord record = OtlpRequests.record("twice", 10);
        Mapped mapped = defaults.map(OtlpRequests.request("svc", record, OtlpRequests.record("other", 11), record),
                RECEIVED);

        assertThat(mapped.events()).extracting(Event::content).containsExactly("twice {\"http.status_code\":200}",
                "other {\"http.status_code\":200}");
        assertThat(mapped.repeated()).isEqualTo(1);
        assertThat(mapped.records()).isEqualTo(3);
    }

    @Test
    void tagsComeFromTheConfiguredNamesSanitisedRecordAttributesBeforeResourceOnes() {
        OtlpEvents events = new OtlpEvents(config(List.of("severity", "team", "service.name", "missing", "region"),
                "content"));
        LogRecord record = LogRecord.newBuilder().setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR3)
                .addAttributes(attribute("team", "pay,ments\nEU")).addAttributes(attribute("region", ""))
                .addAttributes(attribute("kept", true ? "yes" : "")).build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                .newBuilder().setResource(Resource.newBuilder().addAttributes(attribute("service.name", "a\nb"))
                        .addAttributes(attribute("team", "resource-team")))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record))).build();

        Event event = events.map(request, RECEIVED).events().get(0);

        assertThat(event.tags()).containsExactly("ERROR3", "pay_ments_EU", "a_b");
        assertThat(event.source()).isEqualTo("a_b");
        assertThat(event.content()).isEqualTo("{\"kept\":\"yes\"}");
        assertThat(event.timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void severityNamesFollowTheSpecificationsShortNames() {
        assertThat(List.of(1, 4, 5, 9, 12, 13, 17, 21, 24, 0, 25)).map(number -> OtlpEvents.severity(LogRecord
                .newBuilder().setSeverityNumberValue(number).build()))
                .containsExactly("TRACE", "TRACE4", "DEBUG", "INFO", "INFO4", "WARN", "ERROR", "FATAL", "FATAL4", "",
                        "");
        assertThat(OtlpEvents.severity(LogRecord.newBuilder().setSeverityNumberValue(9).setSeverityText("notice")
                .build())).isEqualTo("notice");
    }

    @Test
    void structuredBodiesAreCompactJsonAndAttributesCanBeDropped() {
        AnyValue body = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(KeyValue.newBuilder().setKey("msg").setValue(AnyValue.newBuilder().setStringValue(
                        "line 1\n\"quoted\"")))
                .addValues(KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(
                        ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setDoubleValue(1.5))
                                .addValues(AnyValue.newBuilder().setBoolValue(false))
                                .addValues(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")))
                                .addValues(AnyValue.newBuilder().setDoubleValue(Double.NaN))
                                .addValues(AnyValue.getDefaultInstance()))))).build();
        LogRecord record = LogRecord.newBuilder().setBody(body).addAttributes(attribute("n", 1)).build();
        OtlpEvents dropping = new OtlpEvents(config(List.of(), "drop"));

        Event kept = defaults.map(OtlpRequests.request("svc", record), RECEIVED).events().get(0);
        Event dropped = dropping.map(OtlpRequests.request("svc", record), RECEIVED).events().get(0);

        String json = "{\"msg\":\"line 1\\n\\\"quoted\\\"\",\"list\":[1.5,false,\"aGk=\",\"NaN\",null]}";
        assertThat(kept.content()).isEqualTo(json + " {\"n\":1}");
        assertThat(dropped.content()).isEqualTo(json);
        assertThat(dropped.tags()).isEmpty();
        assertThat(dropped.headers()).isEmpty();
    }

    @Test
    void traceAndSpanIdsOfOtherSizesThanSpecifiedAreLeftOut() {
        LogRecord record = LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("x"))
                .setTraceId(ByteString.copyFrom(new byte[100_000])).setSpanId(ByteString.fromHex("01")).build();
        LogRecord spanOnly = record.toBuilder().clearTraceId().setSpanId(ByteString.fromHex("eee19b7ec3c1b174"))
                .build();

        assertThat(defaults.map(OtlpRequests.request("svc", record), RECEIVED).events().get(0).headers()).isEmpty();
        assertThat(defaults.map(OtlpRequests.request("svc", spanOnly), RECEIVED).events().get(0).headers())
                .containsExactly(java.util.Map.entry("span_id", "eee19b7ec3c1b174"));
    }

    private String onlyId(ExportLogsServiceRequest request) {
        return defaults.map(request, RECEIVED).events().get(0).id();
    }
}
