package io.theia.source.otlp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.util.Base64;

/**
 * OTLP/JSON, the protobuf JSON mapping with the OTLP specification's differences: trace and span ids are hex
 * strings, not base64; field names may be lowerCamelCase or the proto names; enums may be integers; int64 values may
 * be numbers or strings; unknown fields are ignored. Parsing is protobuf-java-util's {@link JsonFormat} after the ids
 * are rewritten to base64. Thread-safe.
 */
final class OtlpJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    /** Parses an export request. */
    static ExportLogsServiceRequest parse(String json) throws MalformedRequestException {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new MalformedRequestException("the body is not JSON: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new MalformedRequestException("the body's JSON is nested too deeply", e);
        }
        if (!tree.isJsonObject()) {
            throw new MalformedRequestException("the body is not a JSON object (ExportLogsServiceRequest)");
        }
        for (JsonObject resourceLogs : objects(tree.getAsJsonObject(), "resourceLogs", "resource_logs")) {
            for (JsonObject scopeLogs : objects(resourceLogs, "scopeLogs", "scope_logs")) {
                for (JsonObject logRecord : objects(scopeLogs, "logRecords", "log_records")) {
                    hexToBase64(logRecord, "traceId", "trace_id");
                    hexToBase64(logRecord, "spanId", "span_id");
                }
            }
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new MalformedRequestException("the body is not an OTLP/JSON ExportLogsServiceRequest: "
                    + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new MalformedRequestException("the body's JSON is nested too deeply", e);
        }
        return request.build();
    }

    /** The response as OTLP/JSON. */
    static String print(ExportLogsServiceResponse response) {
        try {
            return PRINTER.print(response);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an ExportLogsServiceResponse always prints", e);
        }
    }

    private static Iterable<JsonObject> objects(JsonObject parent, String name, String protoName)
            throws MalformedRequestException {
        JsonElement value = parent.has(name) ? parent.get(name) : parent.get(protoName);
        if (value == null || value.isJsonNull()) {
            return java.util.List.of();
        }
        if (!value.isJsonArray()) {
            throw new MalformedRequestException("'" + name + "' is not an array");
        }
        JsonArray array = value.getAsJsonArray();
        java.util.List<JsonObject> objects = new java.util.ArrayList<>(array.size());
        for (JsonElement element : array) {
            if (!element.isJsonObject()) {
                throw new MalformedRequestException("an element of '" + name + "' is not an object");
            }
            objects.add(element.getAsJsonObject());
        }
        return objects;
    }

    private static void hexToBase64(JsonObject logRecord, String name, String protoName)
            throws MalformedRequestException {
        String key = logRecord.has(name) ? name : protoName;
        JsonElement value = logRecord.get(key);
        if (value == null || value.isJsonNull()) {
            return;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new MalformedRequestException("'" + name + "' is not a hex string");
        }
        String hex = value.getAsString();
        if (hex.length() % 2 != 0) {
            throw new MalformedRequestException("'" + name + "' is not a hex string: '" + hex + "'");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(hex.charAt(2 * i), 16);
            int low = Character.digit(hex.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new MalformedRequestException("'" + name + "' is not a hex string: '" + hex + "'");
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        logRecord.add(key, new JsonPrimitive(Base64.getEncoder().encodeToString(bytes)));
    }
}
