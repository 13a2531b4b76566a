package dev.quantum.client.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** The bodies of {@link BlockingHttp}'s answers: each hands its connection back for reuse once read to its end, or closes it. */
final class HttpBodies {

    private HttpBodies() {
    }

    /** A body of known length (or, with -1, up to the connection's end); frees the connection once read. */
    static final class Sized extends InputStream {
        private final HttpConnection conn;
        private final Consumer<HttpConnection> release;
        private final boolean reusable;
        private long remaining;
        private boolean done;

        Sized(HttpConnection conn, long length, boolean reusable, Consumer<HttpConnection> release) {
            this.conn = conn;
            this.release = release;
            this.remaining = length;
            this.reusable = reusable && length >= 0;
            if (length == 0) {
                finish(true);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            int want = remaining < 0 ? len : (int) Math.min(len, remaining);
            int n = conn.read(b, off, want);
            if (n < 0) {
                if (remaining < 0) {
                    finish(false);
                    return -1;
                }
                finish(false);
                throw new EOFException("the connection ended " + remaining + " bytes before the end of the body");
            }
            if (remaining > 0) {
                remaining -= n;
                if (remaining == 0) {
                    finish(true);
                }
            }
            return n;
        }

        @Override
        public void close() {
            if (!done) {
                finish(false);
            }
        }

        private void finish(boolean complete) {
            done = true;
            if (complete && reusable) {
                release.accept(conn);
            } else {
                conn.close();
            }
        }
    }

    /** A chunked body; frees the connection after its last chunk and trailers. */
    static final class Chunked extends InputStream {
        private final HttpConnection conn;
        private final Consumer<HttpConnection> release;
        private final boolean reusable;
        private long left;
        private boolean done;

        Chunked(HttpConnection conn, boolean reusable, Consumer<HttpConnection> release) {
            this.conn = conn;
            this.release = release;
            this.reusable = reusable;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0 && !nextChunk()) {
                return -1;
            }
            int n = conn.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                done = true;
                conn.close();
                throw new EOFException("the connection ended inside a chunk");
            }
            left -= n;
            if (left == 0 && !conn.line().isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            String line = conn.line();
            int semicolon = line.indexOf(';');
            try {
                left = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + BlockingHttp.abbreviate(line) + "'");
            }
            if (left < 0) {
                throw new IOException("bad chunk size '" + BlockingHttp.abbreviate(line) + "'");
            }
            if (left > 0) {
                return true;
            }
            while (!conn.line().isEmpty()) {
                // trailers are not used
            }
            done = true;
            if (reusable) {
                release.accept(conn);
            } else {
                conn.close();
            }
            return false;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                conn.close();
            }
        }
    }
}
