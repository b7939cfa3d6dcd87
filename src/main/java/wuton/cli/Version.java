package wuton.cli;

import picocli.CommandLine;
import wuton.common.Build;

/** The version printed by {@code wuton --version}: the project version and commit the build stamped. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {Build.current().describe()};
    }
}
