package dev.quantum.server.http;

import dev.quantum.core.Sha256;
import dev.quantum.server.config.ListenAddress;
import dev.quantum.server.config.TlsConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate and key a server's HTTPS connectors present: read from PEM files (a
 * chain of certificates; a PKCS#8, PKCS#1 or EC key, unencrypted), or, for
 * {@code "internal": true}, a self-signed certificate the server makes once (EC P-256,
 * valid for localhost, the loopback addresses, the machine's name and the listen hosts) and
 * keeps in {@code .quantum/tls/} of its first root, so clients can trust it for good with
 * {@code --ca-cert}. A key that does not belong to its certificate is refused at start.
 */
final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final char[] STORE_PASSWORD = "quantum".toCharArray();
    private static final Duration INTERNAL_VALIDITY = Duration.ofDays(825);

    private ServerTls() {
    }

    /** The Jetty context for {@code config}; internal certificates are kept in {@code keepIn} (made in memory without one). */
    static SslContextFactory.Server context(String serverName, TlsConfig config, List<ListenAddress> listen,
                                            Optional<Path> keepIn) throws IOException, GeneralSecurityException {
        Identity identity = config.isInternal()
                ? internal(serverName, listen, keepIn)
                : read(Path.of(config.certificateFile().orElseThrow()), Path.of(config.keyFile().orElseThrow()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("quantum", identity.key(), STORE_PASSWORD, identity.chain().toArray(new X509Certificate[0]));
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(store);
        factory.setKeyStorePassword(new String(STORE_PASSWORD));
        return factory;
    }

    /** A certificate chain (leaf first) and its private key. */
    record Identity(List<X509Certificate> chain, PrivateKey key) {
    }

    /** Reads and checks a PEM certificate chain and its key. */
    static Identity read(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(open(certificateFile, "certificate_file"))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("tls.certificate_file " + certificateFile + " holds no PEM certificate");
        }
        PrivateKey key;
        try (PEMParser parser = new PEMParser(open(keyFile, "key_file"))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = switch (o) {
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null -> throw new GeneralSecurityException("tls.key_file " + keyFile + " holds no PEM key");
                default -> throw new GeneralSecurityException("tls.key_file " + keyFile
                        + " must hold an unencrypted private key (PKCS#8, PKCS#1 or EC), not " + o.getClass().getSimpleName());
            };
        }
        if (!belongs(key, chain.getFirst())) {
            throw new GeneralSecurityException("tls.key_file " + keyFile + " is not the key of the certificate in "
                    + certificateFile);
        }
        Instant notAfter = chain.getFirst().getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) {
            LOG.warn("The TLS certificate {} expired on {}: clients will refuse it", certificateFile, notAfter);
        }
        return new Identity(chain, key);
    }

    private static Reader open(Path file, String option) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // no cause: the start-up error shows this message, not the bare file name of a NoSuchFileException
            throw new IOException("tls." + option + ": cannot read " + file + " (" + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getClass().getSimpleName()) + ")");
        }
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean belongs(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The kept internal certificate, or a new one (kept when there is a place for it). */
    private static Identity internal(String serverName, List<ListenAddress> listen, Optional<Path> keepIn)
            throws IOException, GeneralSecurityException {
        Optional<Path> cert = keepIn.map(d -> d.resolve("internal-" + serverName + ".crt"));
        Optional<Path> key = keepIn.map(d -> d.resolve("internal-" + serverName + ".key"));
        if (cert.isPresent() && Files.exists(cert.get()) && Files.exists(key.get())) {
            Identity kept = read(cert.get(), key.get());
            if (kept.chain().getFirst().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(7)))) {
                announce(kept, cert.get());
                return kept;
            }
            LOG.info("The internal TLS certificate {} expires soon; making a new one", cert.get());
        }
        Identity made = make(serverName, listen);
        if (cert.isPresent()) {
            Files.createDirectories(keepIn.get());
            writeAtomically(key.get(), pem(new JcaPKCS8Generator(made.key(), null).generate()), true);
            writeAtomically(cert.get(), pem(made.chain().getFirst()), false);
            announce(made, cert.get());
        } else {
            LOG.warn("The internal TLS certificate of server {} is kept in memory only (no file_sync root to keep it in):"
                    + " it changes at every start", serverName);
        }
        return made;
    }

    private static void announce(Identity identity, Path cert) throws GeneralSecurityException {
        byte[] digest = Sha256.of(identity.chain().getFirst().getEncoded());
        LOG.info("TLS with the server's own certificate {} (SHA-256 {}); clients trust it with --ca-cert {}",
                cert, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest), cert);
    }

    private static Identity make(String serverName, List<ListenAddress> listen) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=Quantum server " + serverName.replaceAll("[,=+<>#;\"\\\\]", "_"));
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(INTERNAL_VALIDITY)), subject, pair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(listen)));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new Identity(List.of(new JcaX509CertificateConverter().getCertificate(holder)), pair.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make the internal certificate: " + e.getMessage(), e);
        }
    }

    /** localhost, the loopback addresses, this machine's name and every named listen host. */
    private static GeneralName[] names(List<ListenAddress> listen) {
        Set<GeneralName> names = new LinkedHashSet<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            names.add(new GeneralName(GeneralName.dNSName, InetAddress.getLocalHost().getHostName()));
        } catch (IOException e) {
            // no resolvable machine name: localhost and the listen hosts still work
        }
        for (ListenAddress address : listen) {
            String host = address.host();
            if (!host.isEmpty() && !host.equals("0.0.0.0") && !host.equals("::")) {
                boolean ip = host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.contains(":");
                try {
                    names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
                } catch (IllegalArgumentException e) {
                    LOG.warn("The internal TLS certificate cannot name the listen host {}: {}", host, e.getMessage());
                }
            }
        }
        return names.toArray(new GeneralName[0]);
    }

    /** {@code object} (a certificate, or a PKCS#8 key as a generated PEM object) in PEM text. */
    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /** Writes {@code file} whole or not at all; a {@code secret} one is readable by its owner only (where POSIX). */
    private static void writeAtomically(Path file, String content, boolean secret) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (secret && Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
