package dev.quantum.server.api;

import dev.quantum.core.InvalidPathException;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.ProtocolException;
import dev.quantum.server.config.AuthConfig;
import dev.quantum.server.store.StoreException;
import dev.quantum.server.store.SyncStore;
import dev.quantum.server.sync.ChangesExpiredException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file_sync} handler: {@code /api/…} (SPEC §3), {@code /ws} (handed to the
 * hub) and, for any other GET its route sends here, the web UI. Paths are taken from the
 * raw request URI and percent-decoded here, so every bad path gets the same JSON 400.
 * Errors are {@code {"error": message}}. With an {@code auth} config, {@code /api/…} and
 * {@code /ws} need a token whose role allows the request ({@link #requiredRole}); the web
 * UI's own files stay public, so a browser can load the page and sign in. Thread-safe.
 */
public final class FileSyncHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(FileSyncHandler.class);
    private static final String WRITE = "uploads are disabled on this server (enable_upload is false)";
    /** The request attribute holding the role its token was granted (absent without auth). */
    private static final String ROLE = "dev.quantum.role";

    private final boolean enableUpload;
    private final Optional<Authenticator> auth;
    private final WsEndpoint ws;
    private final WebUi webUi;
    private final FileEndpoints files;
    private final TreeEndpoints tree;
    private final VersionEndpoints versions;
    private final BatchEndpoints batch;

    public FileSyncHandler(SyncStore store, boolean enableUpload, long maxFileSize, Optional<Authenticator> auth,
                           WsEndpoint ws, WebUi webUi, ApiMetrics metrics) {
        this.enableUpload = enableUpload;
        this.auth = auth;
        this.ws = ws;
        this.webUi = webUi;
        this.files = new FileEndpoints(store, maxFileSize, metrics);
        this.tree = new TreeEndpoints(store);
        this.versions = new VersionEndpoints(store);
        this.batch = new BatchEndpoints(store, maxFileSize, metrics);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        if (auth.isPresent() && (api || path.equals("/ws")) && !authorized(request, response, callback, path)) {
            return true;
        }
        if (path.equals("/ws")) {
            return ws.handle(request, response, callback);
        }
        Exchange ex = Exchange.of(request, response, callback);
        try {
            if (api) {
                api(ex, path.substring("/api".length()));
            } else {
                webUi.serve(ex, path);
            }
        } catch (Exception e) {
            fail(ex, e);
        }
        return true;
    }

    /**
     * Checks the request's token against the role {@code path} needs; answers 401 (no or a
     * refused token) or 403 (a role too low) itself and returns false. A read-only WebSocket
     * is marked so that its connection refuses the changes it sends.
     */
    private boolean authorized(Request request, Response response, Callback callback, String path) {
        AuthConfig.Role needed = requiredRole(request.getMethod(), path);
        switch (auth.orElseThrow().authenticate(request)) {
            case Authenticator.Outcome.Granted g when g.role().allows(needed) -> {
                request.setAttribute(ROLE, g.role());
                if (path.equals("/ws") && !g.role().allows(AuthConfig.Role.READ_WRITE)) {
                    request.setAttribute(WsEndpoint.READ_ONLY, Boolean.TRUE);
                }
                return true;
            }
            case Authenticator.Outcome.Granted g -> Exchange.of(request, response, callback).error(403, "this token is "
                    + g.role().label() + ": " + request.getMethod() + " " + path + " needs " + needed.label());
            case Authenticator.Outcome.Missing m -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"quantum\"");
                Exchange.of(request, response, callback).error(401, "a token is required: send \"Authorization: Bearer"
                        + " <token>\" (or ?" + Authenticator.QUERY_PARAMETER + "=<token>)");
            }
            case Authenticator.Outcome.Invalid i -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"quantum\", error=\"invalid_token\"");
                Exchange.of(request, response, callback).error(401, "invalid token: " + i.reason());
            }
        }
        return false;
    }

    /**
     * The least role a request needs: reading (GET, HEAD, a batch download, a WebSocket
     * subscription) is read-only; restoring a version (it can bring back what someone deleted
     * on purpose) is admin; every other write is read-write.
     */
    static AuthConfig.Role requiredRole(String method, String path) {
        if (path.equals("/ws") || method.equals("GET") || method.equals("HEAD") || path.equals("/api/batch/download")) {
            return AuthConfig.Role.READ_ONLY;
        }
        return path.equals("/api/versions/restore") ? AuthConfig.Role.ADMIN : AuthConfig.Role.READ_WRITE;
    }

    private void api(Exchange ex, String route) throws Exception {
        String method = ex.method();
        if (route.equals("/session")) {
            session(ex);
        } else if (route.equals("/list")) {
            allow(ex, "GET").list(ex);
        } else if (route.startsWith("/files/")) {
            RelativePath path = Exchange.path(route.substring("/files/".length()));
            switch (method) {
                case "GET", "HEAD" -> files.get(ex, path, method.equals("HEAD"));
                case "PUT" -> files.put(writable(ex), path);
                case "DELETE" -> files.delete(writable(ex), path);
                default -> throw notAllowed(ex, "GET, HEAD, PUT, DELETE");
            }
        } else if (route.startsWith("/mkdir/")) {
            RelativePath path = Exchange.path(route.substring("/mkdir/".length()));
            allow(ex, "POST").mkdir(writable(ex), path);
        } else if (route.equals("/move")) {
            allow(ex, "POST").move(writable(ex));
        } else if (route.equals("/batch/upload")) {
            post(ex);
            batch.upload(writable(ex));
        } else if (route.equals("/batch/download")) {
            post(ex);
            batch.download(ex);
        } else if (route.equals("/changes")) {
            allow(ex, "GET").changes(ex);
        } else if (route.equals("/versions/restore") && method.equals("POST")) {
            versions.restore(writable(ex));
        } else if (route.equals("/versions") || route.startsWith("/versions/")) {
            Optional<RelativePath> path = route.equals("/versions") ? Optional.empty()
                    : Optional.of(Exchange.path(route.substring("/versions/".length())));
            if (!method.equals("GET")) {
                throw notAllowed(ex, "GET");
            }
            versions.list(ex, path);
        } else {
            throw new ApiException(404, "no such API endpoint: " + ex.method() + " /api" + route);
        }
    }

    /**
     * {@code GET /api/session}: what this request may do, so a page can offer only that:
     * {@code {"auth": …, "role": "read-only|read-write|admin", "upload": …}} (without auth,
     * everyone is admin; {@code upload} is false when the handler has uploads disabled).
     */
    private void session(Exchange ex) {
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            throw notAllowed(ex, "GET");
        }
        AuthConfig.Role role = ex.request().getAttribute(ROLE) instanceof AuthConfig.Role r ? r : AuthConfig.Role.ADMIN;
        var node = JsonCodec.mapper().createObjectNode()
                .put("auth", auth.isPresent())
                .put("role", role.label())
                .put("upload", enableUpload);
        ex.json(200, JsonCodec.toJson(node));
    }

    private TreeEndpoints allow(Exchange ex, String method) {
        if (!ex.method().equals(method)) {
            throw notAllowed(ex, method);
        }
        return tree;
    }

    private static void post(Exchange ex) {
        if (!ex.method().equals("POST")) {
            throw notAllowed(ex, "POST");
        }
    }

    private static ApiException notAllowed(Exchange ex, String allowed) {
        ex.response().getHeaders().put(HttpHeader.ALLOW, allowed);
        return new ApiException(405, ex.method() + " is not allowed here (allowed: " + allowed + ")");
    }

    private Exchange writable(Exchange ex) {
        if (!enableUpload) {
            throw new ApiException(403, WRITE);
        }
        return ex;
    }

    private void fail(Exchange ex, Exception e) {
        int status = statusOf(e);
        if (ex.response().isCommitted() || (status == 500 && e instanceof java.io.IOException && ex.request().getLength() != 0
                && isClientGone(e))) {
            LOG.debug("{} {} failed: {}", ex.method(), ex.request().getHttpURI().getPath(), e.toString());
            ex.callback().failed(e instanceof org.eclipse.jetty.io.QuietException ? e : new org.eclipse.jetty.io.EofException(e));
            return;
        }
        if (status == 500 && e instanceof java.io.IOException && String.valueOf(e.getMessage()).contains("No space left")) {
            LOG.error("{} {} failed: the disk of the root is full", ex.method(), ex.request().getHttpURI().getPath());
            ex.error(507, "the server's disk is full");
            return;
        }
        if (status == 500) {
            LOG.error("{} {} failed", ex.method(), ex.request().getHttpURI().getPath(), e);
        }
        ex.error(status, status == 500 ? "internal error: " + e.getMessage() : e.getMessage());
    }

    /** The status an API request failing with {@code e} is answered with. */
    static int statusOf(Exception e) {
        return switch (e) {
            case ApiException a -> a.status();
            case InvalidPathException i -> 400;
            case ProtocolException p -> 400;
            case StoreException s -> switch (s.reason()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case PRECONDITION_FAILED -> 412;
                case TOO_LARGE -> 413;
            };
            case ChangesExpiredException x -> 410;
            default -> 500;
        };
    }

    private static boolean isClientGone(Exception e) {
        return e instanceof org.eclipse.jetty.io.EofException || e.getCause() instanceof org.eclipse.jetty.io.EofException
                || e instanceof java.util.concurrent.TimeoutException || e.getCause() instanceof java.util.concurrent.TimeoutException;
    }
}
