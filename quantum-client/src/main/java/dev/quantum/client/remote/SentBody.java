package dev.quantum.client.remote;

import java.io.InputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A request body the client writes itself ({@code writeTo}), again for a retry, and never
 * reads back: not streaming, nothing held between sendings. Subclasses say what they write
 * and how long it is.
 */
abstract class SentBody extends AbstractHttpEntity {

    SentBody(ContentType type, boolean chunked) {
        super(type, null, chunked);
    }

    /** Not used: the client sends the body with {@code writeTo}. */
    @Override
    public final InputStream getContent() {
        throw new UnsupportedOperationException("a request body is only sent, with writeTo");
    }

    @Override
    public final boolean isRepeatable() {
        return true;
    }

    @Override
    public final boolean isStreaming() {
        return false;
    }

    @Override
    public void close() {
        // nothing held between sendings (a file's channel belongs to the caller)
    }
}
