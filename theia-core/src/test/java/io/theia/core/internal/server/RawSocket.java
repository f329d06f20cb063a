package io.theia.core.internal.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written byte by byte on a plain socket, for the inputs a real client never sends: upgrades
 * left unfinished, frame headers announcing more than follows, a client that never reads. Frames are masked with
 * the all-zero key (valid, and the payload then goes as is).
 */
final class RawSocket implements AutoCloseable {

    private final Socket socket;

    private RawSocket(Socket socket) {
        this.socket = socket;
    }

    /** A TCP connection to 127.0.0.1:{@code port} from the loopback address {@code from} (e.g. 127.0.0.2). */
    static RawSocket connect(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return new RawSocket(socket);
    }

    /** Connects and completes the WebSocket upgrade on {@code path}; fails unless the answer is 101. */
    static RawSocket upgraded(String from, int port, String path) throws IOException {
        RawSocket raw = connect(from, port);
        raw.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            raw.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
        }
        return raw;
    }

    void write(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** A masked frame header (zero mask key) announcing {@code length} payload bytes. */
    void frameHeader(int opcode, boolean fin, long length) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length < 65_536) {
            header.write(0x80 | 126);
            header.write((int) (length >> 8));
            header.write((int) length);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >> shift));
            }
        }
        header.write(new byte[4], 0, 4);
        write(header.toByteArray());
    }

    /** A whole masked frame. */
    void frame(int opcode, byte[] payload) throws IOException {
        frameHeader(opcode, true, payload.length);
        write(payload);
    }

    /** How many bytes have arrived and are not read yet. */
    int available() throws IOException {
        return socket.getInputStream().available();
    }

    /** Shrinks the receive buffer (before connecting matters most; later it only lowers the window). */
    void receiveBuffer(int bytes) throws IOException {
        socket.setReceiveBufferSize(bytes);
    }

    /**
     * The next frame from the server (unmasked, unfragmented): a text frame as {@code String}, any other as
     * {@code byte[]} of its payload.
     */
    Object nextFrame() throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
        int first = in.readUnsignedByte();
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return (first & 0x0f) == 1 ? new String(payload, StandardCharsets.UTF_8) : payload;
    }

    /** The HTTP response head, up to the blank line. */
    String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Reads until the server closes the connection, for at most {@code timeoutMillis}; returns the close code of the
     * first close frame among what arrived (1005 when the frame carries none), or -1 when the connection ended
     * without one. Fails when the connection is still open after the timeout.
     */
    int awaitClose(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after " + timeoutMillis + " ms", e);
        } catch (SocketException reset) {
            // closed abruptly: look at what arrived
        }
        return closeCode(all.toByteArray());
    }

    /** Whether the server has closed the connection (an end of stream or a reset within {@code millis}). */
    boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                if (socket.getInputStream().read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static int closeCode(byte[] frames) {
        int at = 0;
        while (at + 2 <= frames.length) {
            int opcode = frames[at] & 0x0f;
            long length = frames[at + 1] & 0x7f;
            int offset = at + 2;
            if (length == 126) {
                length = ((frames[offset] & 0xff) << 8) | (frames[offset + 1] & 0xff);
                offset += 2;
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (frames[offset + i] & 0xff);
                }
                offset += 8;
            }
            if (opcode == 8) {
                return length >= 2 ? ((frames[offset] & 0xff) << 8) | (frames[offset + 1] & 0xff) : 1005;
            }
            at = (int) (offset + length);
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
