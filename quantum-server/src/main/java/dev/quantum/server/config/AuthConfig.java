package dev.quantum.server.config;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code auth} option of a {@code file_sync} handler: who may read and who may write.
 * Absent, the handler is open to everyone who reaches it. Present, every {@code /api/}
 * request and every {@code /ws} upgrade needs a bearer token: one of {@code tokens}, or a
 * JWT signed (HS256) with {@code jwt.secret} whose {@code role_claim} names its role.
 * Immutable.
 *
 * <pre>{@code
 * "auth": {
 *   "tokens": [{"token": "a-long-random-secret", "role": "read-write"}],
 *   "jwt": {"secret": "32 bytes or more", "issuer": "optional", "audience": "optional", "role_claim": "role"}
 * }
 * }</pre>
 */
public record AuthConfig(List<Token> tokens, Optional<Jwt> jwt) {

    /** The shortest static token accepted: shorter ones are guessable. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** HS256 keys shorter than the hash are refused by RFC 7518 §3.2. */
    public static final int MIN_SECRET_BYTES = 32;

    /** What a token lets its holder do; each role can do everything the ones before it can. */
    public enum Role {
        /** List, download, read the change log and versions, subscribe to changes. */
        READ_ONLY,
        /** Also upload, delete, create folders, rename, and send changes over the WebSocket. */
        READ_WRITE,
        /** Also restore previous versions (which can bring back what someone deleted on purpose). */
        ADMIN;

        public boolean allows(Role needed) {
            return compareTo(needed) >= 0;
        }

        /** The name used in the config and in error messages: {@code read-only}, {@code read-write}, {@code admin}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Role> of(String label) {
            for (Role r : values()) {
                if (r.label().equals(label)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** A static bearer token and its role. */
    public record Token(String token, Role role) {
        @Override
        public String toString() {
            return "Token[" + role.label() + "]"; // never the secret itself
        }
    }

    /** JWTs signed with HMAC-SHA256 and {@code secret}; issuer and audience are checked when given. */
    public record Jwt(String secret, Optional<String> issuer, Optional<String> audience, String roleClaim) {
        @Override
        public String toString() {
            return "Jwt[issuer=" + issuer + ", audience=" + audience + ", roleClaim=" + roleClaim + "]";
        }
    }

    public AuthConfig {
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty() && jwt.isEmpty()) {
            throw new IllegalArgumentException("auth needs tokens or jwt");
        }
    }

    static AuthConfig decode(ConfigNode node) {
        node.object(Set.of("tokens", "jwt"));
        if (!node.has("tokens") && !node.has("jwt")) {
            throw node.error("needs \"tokens\" or \"jwt\" (or both)");
        }
        List<Token> tokens = node.optional("tokens").map(AuthConfig::tokens).orElse(List.of());
        return new AuthConfig(tokens, node.optional("jwt").map(AuthConfig::jwt));
    }

    private static List<Token> tokens(ConfigNode node) {
        List<ConfigNode> items = node.asArray();
        if (items.isEmpty()) {
            throw node.error("must list at least one token");
        }
        Set<String> seen = new HashSet<>();
        return items.stream().map(item -> {
            item.object(Set.of("token", "role"));
            ConfigNode tokenNode = item.required("token");
            String token = tokenNode.asNonEmptyString();
            if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw tokenNode.error("must be at least " + MIN_TOKEN_LENGTH
                        + " printable ASCII characters without spaces");
            }
            if (!seen.add(token)) {
                throw tokenNode.error("is listed twice");
            }
            return new Token(token, role(item.required("role")));
        }).toList();
    }

    private static Role role(ConfigNode node) {
        String label = node.asString();
        return Role.of(label).orElseThrow(() -> node.error("must be \"read-only\", \"read-write\" or \"admin\", got \""
                + label + "\""));
    }

    private static Jwt jwt(ConfigNode node) {
        node.object(Set.of("secret", "issuer", "audience", "role_claim"));
        ConfigNode secretNode = node.required("secret");
        String secret = secretNode.asNonEmptyString();
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw secretNode.error("must be at least " + MIN_SECRET_BYTES + " bytes for HS256");
        }
        return new Jwt(secret,
                node.optional("issuer").map(ConfigNode::asNonEmptyString),
                node.optional("audience").map(ConfigNode::asNonEmptyString),
                node.optional("role_claim").map(ConfigNode::asNonEmptyString).orElse("role"));
    }
}
