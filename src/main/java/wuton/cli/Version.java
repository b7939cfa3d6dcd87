package wuton.cli;

import picocli.CommandLine;

/** The version printed by {@code wuton --version}, from the jar manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"wuton " + (v == null ? "(development build)" : v)};
    }
}
