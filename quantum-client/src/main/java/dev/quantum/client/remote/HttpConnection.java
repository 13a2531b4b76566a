package dev.quantum.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

/** One TCP connection of {@link BlockingHttp}: buffered streams, one byte of push-back, head lines. Used by one thread at a time. */
final class HttpConnection {

    final SocketChannel channel;
    final InputStream in;
    final OutputStream out;
    int pushBack = -1;

    HttpConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedInputStream(channel.socket().getInputStream(), BlockingHttp.BUFFER);
        this.out = new BufferedOutputStream(channel.socket().getOutputStream(), BlockingHttp.BUFFER);
    }

    int read() throws IOException {
        if (pushBack >= 0) {
            int b = pushBack;
            pushBack = -1;
            return b;
        }
        return in.read();
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pushBack >= 0) {
            b[off] = (byte) pushBack;
            pushBack = -1;
            return 1;
        }
        return in.read(b, off, len);
    }

    /** One CRLF-terminated line of the head, as ISO-8859-1. */
    String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        while (true) {
            int c = read();
            if (c < 0) {
                throw new EOFException("the connection ended inside the answer's head");
            }
            if (c == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            if (s.length() >= BlockingHttp.MAX_HEAD) {
                throw new IOException("the answer's head is longer than " + BlockingHttp.MAX_HEAD + " bytes");
            }
            s.append((char) c);
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
