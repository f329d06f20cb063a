package io.theia.source.otlp;

import com.google.protobuf.MessageLite;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Event ids from the content of a log record, so that the same record exported again gets the same id and the store
 * recognises it: SHA-256 over the resource, the instrumentation scope (each with its schema URL) and the log record,
 * in their protobuf encoding, the first 128 bits written as a UUID (version 8, the variant bits of RFC 9562). The
 * receive time is not part of it. Not thread-safe: one per request.
 */
final class RecordIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final MessageDigest scope;
    private final MessageDigest record;
    private byte[] prefix = new byte[0];

    RecordIds() {
        try {
            scope = MessageDigest.getInstance("SHA-256");
            record = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Starts the records of one resource and scope. */
    void startScope(MessageLite resource, String resourceSchemaUrl, MessageLite instrumentationScope,
            String scopeSchemaUrl) {
        scope.reset();
        update(scope, resource.toByteArray());
        update(scope, resourceSchemaUrl.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        update(scope, instrumentationScope.toByteArray());
        update(scope, scopeSchemaUrl.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        prefix = scope.digest();
    }

    /** The id of a record of the current scope. */
    String idOf(MessageLite logRecord) {
        record.reset();
        record.update(prefix);
        record.update(logRecord.toByteArray());
        return uuid(record.digest());
    }

    private static void update(MessageDigest digest, byte[] bytes) {
        int length = bytes.length;
        digest.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length});
        digest.update(bytes);
    }

    static String uuid(byte[] hash) {
        byte[] bytes = java.util.Arrays.copyOf(hash, 16);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x80);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        char[] out = new char[36];
        int at = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[at++] = '-';
            }
            out[at++] = HEX[(bytes[i] >>> 4) & 0xf];
            out[at++] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Lower-case hex of the bytes (trace and span ids). */
    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >>> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
