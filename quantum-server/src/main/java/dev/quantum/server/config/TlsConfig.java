package dev.quantum.server.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code tls} option of a server: HTTPS (and {@code wss://}) on all its listen addresses,
 * with a certificate and key from PEM files, or with a self-signed certificate the server
 * makes for itself ({@code "internal": true}, for local use; it is kept and reused, and clients
 * trust it with {@code --ca-cert}). Immutable.
 *
 * <pre>{@code
 * "tls": {"certificate_file": "/etc/quantum/cert.pem", "key_file": "/etc/quantum/key.pem"}
 * "tls": {"internal": true}
 * }</pre>
 */
public record TlsConfig(Optional<String> certificateFile, Optional<String> keyFile) {

    public TlsConfig {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (certificateFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a certificate file needs its key file and the other way round");
        }
    }

    /** A self-signed certificate made (once) by the server. */
    public static TlsConfig internal() {
        return new TlsConfig(Optional.empty(), Optional.empty());
    }

    public boolean isInternal() {
        return certificateFile.isEmpty();
    }

    static TlsConfig decode(ConfigNode node) {
        node.object(Set.of("certificate_file", "key_file", "internal"));
        boolean internal = node.optional("internal").map(ConfigNode::asBoolean).orElse(false);
        boolean files = node.has("certificate_file") || node.has("key_file");
        if (internal == files) {
            throw node.error("needs either \"certificate_file\" and \"key_file\" (PEM) or \"internal\": true");
        }
        if (internal) {
            return internal();
        }
        return new TlsConfig(Optional.of(node.required("certificate_file").asNonEmptyString()),
                Optional.of(node.required("key_file").asNonEmptyString()));
    }
}
