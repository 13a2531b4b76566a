package dev.quantum.core;

/**
 * A path that breaks one of the rules of {@link RelativePath}. Servers answer it with
 * 400 (HTTP) or an {@code Error} message (WebSocket); nothing on disk changes.
 */
public final class InvalidPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPathException(String path, String reason) {
        super("invalid path " + quote(path) + ": " + reason);
    }

    private static String quote(String path) {
        if (path == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        path.codePoints().limit(200).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
