package dev.quantum.client.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust of {@code --ca-cert}: exactly the certificates of one PEM file (a private CA,
 * or a server's own "internal" certificate), instead of the system's CAs, as {@code curl
 * --cacert} does.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** A TLS context trusting the certificates in {@code pemFile}; a clear IllegalArgumentException when it holds none. */
    public static SSLContext load(Path pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--ca-cert: no such file: " + pemFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca-cert: cannot read certificates from " + pemFile + ": " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("--ca-cert: " + pemFile + " holds no PEM certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }
}
