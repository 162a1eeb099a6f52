package dev.vmnet.virtualbox;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream (a serial console) chunk by chunk: a character whose bytes arrive in two
 * reads is kept until it is whole, instead of becoming two replacement characters.
 */
final class Utf8Stream {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /** The text of {@code bytes} and what was left over before them; an unfinished character waits for the next chunk. */
    synchronized String decode(byte[] bytes) {
        ByteBuffer input = ByteBuffer.allocate(pending.remaining() + bytes.length).put(pending).put(bytes).flip();
        CharBuffer output = CharBuffer.allocate(input.remaining() + 1);
        decoder.decode(input, output, false);
        pending = ByteBuffer.allocate(input.remaining()).put(input).flip();
        return output.flip().toString();
    }
}
