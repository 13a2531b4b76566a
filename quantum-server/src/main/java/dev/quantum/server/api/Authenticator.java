package dev.quantum.server.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.quantum.core.Sha256;
import dev.quantum.server.config.AuthConfig;
import dev.quantum.server.config.AuthConfig.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Who a request is, under a handler's {@code auth} config: the role its bearer token grants.
 * The token comes from {@code Authorization: Bearer …} or, where a browser cannot set that
 * header (a WebSocket, a download link), from the {@code access_token} query parameter
 * (RFC 6750 §2). A static token is compared in constant time; a JWT must be HS256-signed
 * with the configured secret, within its {@code nbf}/{@code exp} (a minute of clock skew
 * allowed), from the configured issuer and for the configured audience, and name a role in
 * its role claim. Thread-safe.
 */
public final class Authenticator {

    /** The query parameter a browser puts the token in. */
    public static final String QUERY_PARAMETER = "access_token";
    private static final Duration SKEW = Duration.ofMinutes(1);

    /** The outcome of looking at a request's token. */
    public sealed interface Outcome {
        /** The token grants {@code role}. */
        record Granted(Role role) implements Outcome {
        }

        /** No token was sent. */
        record Missing() implements Outcome {
        }

        /** A token was sent and refused, for {@code reason}. */
        record Invalid(String reason) implements Outcome {
        }
    }

    private record StaticToken(byte[] digest, Role role) {
    }

    private final List<StaticToken> tokens;
    private final Optional<AuthConfig.Jwt> jwt;
    private final Optional<MACVerifier> verifier;
    private final Clock clock;

    public Authenticator(AuthConfig config, Clock clock) {
        this.tokens = config.tokens().stream().map(t -> new StaticToken(sha256(t.token()), t.role())).toList();
        this.jwt = config.jwt();
        this.verifier = config.jwt().map(j -> {
            try {
                return new MACVerifier(j.secret().getBytes(StandardCharsets.UTF_8));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("unusable JWT secret: " + e.getMessage(), e);
            }
        });
        this.clock = clock;
    }

    /** The bearer token of {@code request}: its Authorization header, else its {@code access_token} parameter. */
    static Optional<String> bearer(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null) {
            String trimmed = header.strip();
            if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(trimmed.substring(7).strip()).filter(t -> !t.isEmpty());
            }
            return Optional.of("");
        }
        Fields query = Request.extractQueryParameters(request);
        return Optional.ofNullable(query.getValue(QUERY_PARAMETER)).filter(t -> !t.isEmpty());
    }

    /** What {@code request}'s token grants. */
    public Outcome authenticate(Request request) {
        return authenticate(bearer(request));
    }

    Outcome authenticate(Optional<String> bearer) {
        if (bearer.isEmpty()) {
            return new Outcome.Missing();
        }
        String token = bearer.get();
        if (token.isEmpty()) {
            return new Outcome.Invalid("the Authorization header must be \"Bearer <token>\"");
        }
        byte[] digest = sha256(token);
        Role granted = null;
        for (StaticToken t : tokens) {
            if (MessageDigest.isEqual(t.digest(), digest)) {
                granted = t.role();
            }
        }
        if (granted != null) {
            return new Outcome.Granted(granted);
        }
        if (jwt.isPresent() && token.chars().filter(c -> c == '.').count() == 2) {
            return verifyJwt(token, jwt.get(), verifier.orElseThrow());
        }
        return new Outcome.Invalid("unknown token");
    }

    private Outcome verifyJwt(String token, AuthConfig.Jwt config, MACVerifier macVerifier) {
        SignedJWT signed;
        JWTClaimsSet claims;
        try {
            signed = SignedJWT.parse(token);
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Outcome.Invalid("malformed JWT: " + e.getMessage());
        }
        if (!JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm())) {
            return new Outcome.Invalid("JWT must be signed with HS256, not " + signed.getHeader().getAlgorithm());
        }
        try {
            if (!signed.verify(macVerifier)) {
                return new Outcome.Invalid("JWT signature does not match");
            }
        } catch (JOSEException e) {
            return new Outcome.Invalid("JWT signature cannot be checked: " + e.getMessage());
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires != null && now.isAfter(expires.toInstant().plus(SKEW))) {
            return new Outcome.Invalid("JWT expired at " + expires.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(SKEW).isBefore(notBefore.toInstant())) {
            return new Outcome.Invalid("JWT is not valid before " + notBefore.toInstant());
        }
        if (config.issuer().isPresent() && !config.issuer().get().equals(claims.getIssuer())) {
            return new Outcome.Invalid("JWT is not from issuer " + config.issuer().get());
        }
        if (config.audience().isPresent() && (claims.getAudience() == null
                || !claims.getAudience().contains(config.audience().get()))) {
            return new Outcome.Invalid("JWT is not for audience " + config.audience().get());
        }
        Object claim = claims.getClaim(config.roleClaim());
        Optional<Role> role = claim instanceof String s ? Role.of(s.toLowerCase(Locale.ROOT)) : Optional.empty();
        return role.<Outcome>map(Outcome.Granted::new).orElseGet(() -> new Outcome.Invalid(
                "JWT claim \"" + config.roleClaim() + "\" must be \"read-only\", \"read-write\" or \"admin\""));
    }

    private static byte[] sha256(String token) {
        return Sha256.of(token.getBytes(StandardCharsets.UTF_8));
    }
}
