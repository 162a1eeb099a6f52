package dev.vmnet.virtualbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8StreamTest {

    @Test
    void aCharacterSplitAcrossTwoReadsArrivesWhole() {
        byte[] text = "login: é€😀\r\n".getBytes(StandardCharsets.UTF_8);
        Utf8Stream stream = new Utf8Stream();
        StringBuilder decoded = new StringBuilder();
        for (byte b : text) {
            decoded.append(stream.decode(new byte[] {b})); // the worst case: one byte a read
        }
        assertEquals("login: é€😀\r\n", decoded.toString());
    }

    @Test
    void bytesThatAreNoUtf8BecomeReplacementCharacters() {
        Utf8Stream stream = new Utf8Stream();
        assertEquals("a\uFFFDb", stream.decode(new byte[] {'a', (byte) 0xFF, 'b'}));
    }
}
