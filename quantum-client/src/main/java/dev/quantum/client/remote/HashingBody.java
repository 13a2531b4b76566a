package dev.quantum.client.remote;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A request body for the JDK's client that sends a file and hashes its bytes as they are
 * read, so the hash is that of exactly what was sent. Each sending (a retry sends again)
 * starts a new hash. Used by one request at a time.
 */
final class HashingBody {

    private final Path file;
    private volatile String sent;

    HashingBody(Path file) {
        this.file = file;
    }

    /** The body; its length is the file's size now. */
    HttpRequest.BodyPublisher publisher() throws IOException {
        long size = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::open), size);
    }

    /**
     * The content hash of the whole body last sent.
     *
     * @throws IllegalStateException when no body was read to its end
     */
    String sentHash() {
        String hash = sent;
        if (hash == null) {
            throw new IllegalStateException("no body was sent whole");
        }
        return hash;
    }

    private InputStream open() {
        sent = null;
        MessageDigest digest = Sha256.digest();
        try {
            return new FilterInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                        sent = FileMetadata.hex(digest.digest());
                    } else {
                        digest.update(b, off, n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
