package io.theia.source.otlp;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Response bodies in the request's encoding: an {@code ExportLogsServiceResponse} for a success (with
 * {@code partial_success} when records were rejected), a {@code google.rpc.Status} with a code and a message for a
 * failure, as the OTLP/HTTP specification asks. Stateless.
 */
final class Responses {

    /** gRPC status codes used in a {@code Status}. */
    static final int INVALID_ARGUMENT = 3;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNAUTHENTICATED = 16;
    static final int UNAVAILABLE = 14;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;

    private Responses() {
    }

    /** The success body; {@code rejected} records are reported with the message. */
    static byte[] success(boolean json, int rejected, String message) {
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected)
                    .setErrorMessage(message));
        }
        return json ? OtlpJson.print(response.build()).getBytes(StandardCharsets.UTF_8)
                : response.build().toByteArray();
    }

    /** The failure body: a {@code google.rpc.Status} (code = 1, message = 2) in the request's encoding. */
    static byte[] status(boolean json, int code, String message) {
        if (json) {
            StringBuilder out = new StringBuilder("{\"code\":").append(code).append(",\"message\":");
            JsonText.appendString(out, message);
            return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
