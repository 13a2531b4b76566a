package dev.quantum.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void known_vectors() {
        assertThat(Sha256.hex(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(FileMetadata.isSha256(Sha256.hex(new byte[] {1, 2, 3}))).isTrue();
    }

    @Test
    void every_digest_is_its_own() {
        MessageDigest a = Sha256.digest();
        MessageDigest b = Sha256.digest();
        a.update("ab".getBytes(StandardCharsets.US_ASCII));
        b.update("xyz".getBytes(StandardCharsets.US_ASCII));
        a.update((byte) 'c');
        assertThat(FileMetadata.hex(a.digest())).isEqualTo(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(b.digest()).isEqualTo(Sha256.of("xyz".getBytes(StandardCharsets.US_ASCII)));
    }
}
