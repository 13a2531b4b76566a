package dev.quantum.server.api;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The browser view: static files from the classpath folder {@code quantum-web/}
 * ({@code index.html} for {@code /}), with {@code Cache-Control: no-cache} and an ETag
 * so browsers revalidate after an upgrade. Unknown assets are 404. Thread-safe; assets
 * are cached in memory once read (they are part of the jar and never change).
 */
public final class WebUi {

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private static final String FOLDER = "quantum-web/";
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();
    private final ClassLoader loader;

    public WebUi() {
        this(WebUi.class.getClassLoader());
    }

    WebUi(ClassLoader loader) {
        this.loader = loader;
    }

    /** Serves a GET or HEAD for the raw request path {@code path}. */
    void serve(Exchange ex, String path) {
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            ex.response().getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            throw new ApiException(405, ex.method() + " is not allowed here");
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        Optional<Asset> asset = decode(name).flatMap(p -> cache.computeIfAbsent(p.value(), this::load));
        if (asset.isEmpty()) {
            throw new ApiException(404, "not found: " + path);
        }
        Asset a = asset.get();
        var headers = ex.response().getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put(HttpHeader.ETAG, a.etag());
        headers.put("X-Content-Type-Options", "nosniff");
        if (EntityTags.noneMatchHits(ex.header(HttpHeader.IF_NONE_MATCH), a.etag().replace("\"", ""))) {
            ex.empty(304);
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, a.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, a.bytes().length);
        ex.response().setStatus(200);
        ex.response().write(true, ex.method().equals("HEAD") ? null : ByteBuffer.wrap(a.bytes()), ex.callback());
    }

    private static Optional<RelativePath> decode(String name) {
        try {
            return Optional.of(Exchange.path(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<Asset> load(String name) {
        URL url = loader.getResource(FOLDER + name);
        if (url == null || isDirectory(url)) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + Sha256.hex(bytes) + "\"";
            return Optional.of(new Asset(bytes, FileEndpoints.contentType(RelativePath.of(name)), etag));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isDirectory(URL url) {
        try {
            if (url.getProtocol().equals("file")) {
                return !Files.isRegularFile(Path.of(url.toURI()));
            }
            URLConnection connection = url.openConnection();
            return connection instanceof JarURLConnection jar && (jar.getJarEntry() == null || jar.getJarEntry().isDirectory());
        } catch (IOException | URISyntaxException e) {
            return true;
        }
    }
}
