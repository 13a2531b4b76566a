package dev.quantum.server;

/** The version of this build, from the jar manifest ({@code Implementation-Version}). */
final class Version {

    private Version() {
    }

    static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
