package dev.quantum.client.remote;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context ({@link SSLContext#getDefault()}), loaded the first time a
 * connection needs it. The default context holds every trusted certificate of the JDK
 * (about 1 MB of heap); a client of a plain {@code http://} server never needs it.
 */
final class LazyTls {

    private LazyTls() {
    }

    /** A context that behaves as the default one and loads it on first use. */
    static SSLContext context() {
        return new SSLContext(new Spi(), null, "Default") {
        };
    }

    /**
     * What the JDK's HTTP client would otherwise read from the default context when it is
     * built: no protocol or cipher suite chosen, so every connection uses the defaults.
     */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    /** Passes every call to the default context, found on the first call. */
    private static final class Spi extends SSLContextSpi {

        private volatile SSLContext loaded;

        private SSLContext loaded() {
            SSLContext context = loaded;
            if (context == null) {
                try {
                    context = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this JDK has no default TLS context", e);
                }
                loaded = context;
            }
            return context;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return loaded().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return loaded().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return loaded().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return loaded().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return loaded().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return loaded().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return loaded().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return loaded().getSupportedSSLParameters();
        }
    }
}
