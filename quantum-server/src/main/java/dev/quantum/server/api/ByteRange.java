package dev.quantum.server.api;

import java.util.Optional;

/**
 * One byte range of a {@code Range} header, resolved against the content length. Only a
 * single range is served; a header with several, or one that is not {@code bytes=},
 * is ignored (the whole content is sent), as RFC 9110 allows. Immutable.
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** Thrown when a syntactically valid range lies beyond the content (416). */
    static final class Unsatisfiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsatisfiable() {
            super("requested range not satisfiable", null, false, false);
        }
    }

    static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
                return Optional.empty();
            }
            if (first >= size) {
                throw new Unsatisfiable();
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
