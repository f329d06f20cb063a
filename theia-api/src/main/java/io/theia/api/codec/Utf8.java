package io.theia.api.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses bytes that are not UTF-8 instead of letting them become U+FFFD. Decoding stays the JDK's fast path: only
 * text that came out with a U+FFFD (a rare character in logs) is checked again, strictly. Stateless.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Checks that the text decoded from {@code bytes[from, to)} came from valid UTF-8.
     *
     * @param what what the bytes are, for the message, e.g. {@code content of event 'a1'}
     * @param offsetOfFrom the stream offset of {@code bytes[from]}
     * @return {@code text}
     * @throws EventFormatException naming the offset of the first byte that is not UTF-8
     */
    static String checked(String text, byte[] bytes, int from, int to, String what, long offsetOfFrom) {
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(to - from), true);
        if (result.isError()) {
            throw new EventFormatException(what + " is not valid UTF-8", offsetOfFrom + (in.position() - from));
        }
        return text;
    }
}
