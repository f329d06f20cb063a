package io.theia.source.otlp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body, gunzipping it for {@code Content-Encoding: gzip}, never holding more than the limit: the
 * body as sent and as decompressed may each be at most {@code maxBytes} long. Stateless.
 */
final class RequestBody {

    /** A body longer than the limit: answered 413. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private RequestBody() {
    }

    /**
     * The body's bytes.
     *
     * @param gzip whether the body is gzip-compressed
     * @throws TooLargeException when the body, or what it decompresses to, is longer than {@code maxBytes}
     * @throws MalformedRequestException when a gzip body is not gzip
     * @throws IOException when reading the connection fails
     */
    static byte[] read(InputStream in, boolean gzip, int maxBytes)
            throws TooLargeException, MalformedRequestException, IOException {
        if (!gzip) {
            return readAtMost(in, maxBytes, "the body");
        }
        byte[] compressed = readAtMost(in, maxBytes, "the body");
        try (GZIPInputStream gunzip = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            return readAtMost(gunzip, maxBytes, "the decompressed body");
        } catch (ZipException | EOFException e) {
            throw new MalformedRequestException("the body is not gzip (Content-Encoding: gzip): " + e.getMessage(),
                    e);
        }
    }

    private static byte[] readAtMost(InputStream in, int maxBytes, String what)
            throws TooLargeException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            total += read;
            if (total > maxBytes) {
                throw new TooLargeException(what + " is longer than maxBodyBytes (" + maxBytes + " bytes)");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
