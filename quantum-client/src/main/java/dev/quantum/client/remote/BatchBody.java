package dev.quantum.client.remote;

import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.FileBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.http.ContentType;

/**
 * The body of a batch upload: one {@link FileBatch} record per file, each file read whole just
 * before its record is written, so the size in its header is what was read and the framing
 * holds whatever happens to the file meanwhile. A file that cannot be read (gone, or grown past
 * {@value #MOST_BYTES} bytes) is left out of the stream. After sending, {@link #sent} says
 * for each upload, in order, the content hash of the bytes sent, or why it was left out. Sent
 * chunked, as its length is known only at the end. Repeatable: a retry reads the files again.
 * Used by one request at a time.
 */
final class BatchBody extends SentBody {

    /** The most one file of a batch may hold when it is read (the batched files were planned small). */
    static final int MOST_BYTES = 16 * 1024 * 1024;

    private static final ContentType TYPE = ContentType.create(FileBatch.MEDIA_TYPE);

    private final List<RemoteServer.Upload> uploads;
    private List<Read> sent;

    /** What became of one upload when the body was written. */
    sealed interface Read {
        /** Sent, in a record of its own; {@code hash} is the content hash of the bytes sent. */
        record Sent(RelativePath path, String hash) implements Read {
        }

        /** Not in the stream, for {@code reason}. */
        record LeftOut(RelativePath path, String reason) implements Read {
        }
    }

    BatchBody(List<RemoteServer.Upload> uploads) {
        super(TYPE, true);
        this.uploads = List.copyOf(uploads);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        sent = null;
        List<Read> read = new ArrayList<>(uploads.size());
        for (RemoteServer.Upload upload : uploads) {
            byte[] content;
            try {
                content = readWhole(upload.file());
            } catch (NoSuchFileException e) {
                read.add(new Read.LeftOut(upload.path(), upload.path() + " vanished locally before it could be uploaded"));
                continue;
            } catch (IOException e) {
                read.add(new Read.LeftOut(upload.path(), upload.path() + " could not be read for its upload: " + e.getMessage()));
                continue;
            }
            FileBatch.writeHeader(out, new FileBatch.UploadPart(upload.path(), content.length, upload.replacing(),
                    upload.replacing().isEmpty()));
            out.write(content);
            read.add(new Read.Sent(upload.path(), Sha256.hex(content)));
        }
        sent = List.copyOf(read);
    }

    /** For each upload, in order, what the last body written did with it; empty when no body was written whole. */
    Optional<List<Read>> sent() {
        return Optional.ofNullable(sent);
    }

    private static byte[] readWhole(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             InputStream in = Channels.newInputStream(channel)) {
            byte[] content = in.readNBytes(MOST_BYTES + 1);
            if (content.length > MOST_BYTES) {
                throw new IOException("it grew past " + MOST_BYTES + " bytes since it was planned");
            }
            return content;
        }
    }

    @Override
    public long getContentLength() {
        return -1;
    }

}
