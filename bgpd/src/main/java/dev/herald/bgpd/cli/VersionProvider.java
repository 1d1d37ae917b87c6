package dev.herald.bgpd.cli;

import picocli.CommandLine.IVersionProvider;

/** The version comes from the jar manifest, so it is only known when running from the built jar. */
final class VersionProvider implements IVersionProvider {
    static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "herald " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
