package dev.quantum.bench.cases;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The least an HTTP/1.1 upload can cost its sender, for timing the server: PUTs on one
 * kept-alive socket, each request written with one write on the calling thread and its
 * response (which must carry a Content-Length) read on the same thread. A general client
 * spends ~0.3–0.6 ms of its own per request on this machine (Apache HttpClient 5 classic,
 * measured against a bare socket server), which is not the server's time. Not thread-safe.
 */
final class RawHttpPut implements AutoCloseable {

    /** A response's status and body. */
    record Answer(int status, String body) {
    }

    private final String host;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpPut(URI base) throws IOException {
        this.host = base.getHost() + ":" + base.getPort();
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /** PUT {@code target} (an absolute path, already URL-safe) with {@code body} as {@code clientId}; throws unless 200 or 201. */
    Answer put(String target, String clientId, byte[] body) throws IOException {
        byte[] head = ("PUT " + target + " HTTP/1.1\r\nHost: " + host + "\r\nX-Client-Id: " + clientId
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        Answer answer = read();
        if (answer.status() != 200 && answer.status() != 201) {
            throw new IOException("PUT " + target + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    private Answer read() throws IOException {
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + status);
        }
        long length = -1;
        for (String header; !(header = line()).isEmpty(); ) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("a response without Content-Length (" + header + ") is not supported here");
            }
        }
        if (length < 0) {
            throw new IOException("a response without Content-Length is not supported here");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("the server closed the connection in the middle of a response");
        }
        return new Answer(Integer.parseInt(parts[1]), new String(body, StandardCharsets.UTF_8));
    }

    /** One CRLF-terminated header line, without its CRLF. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the server closed the connection in the middle of a response");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
