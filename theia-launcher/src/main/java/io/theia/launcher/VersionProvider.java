package io.theia.launcher;

import picocli.CommandLine.IVersionProvider;

/** The version from the launcher jar's manifest. */
final class VersionProvider implements IVersionProvider {

    /** The running theia's version, or {@code development} when run from class directories. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"theia " + version(), "Java " + Runtime.version()};
    }
}
