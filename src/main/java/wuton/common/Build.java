package wuton.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What these classes were built from, as the build stamped it into {@code wuton/git.properties}
 * (git-commit-id-maven-plugin): an installed jar knows its commit without a checkout or a {@code git} at run time.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}, or null when the classes carry no stamp
 * @param commit the full commit id, or null when built outside a git checkout
 * @param dirty whether the checkout had uncommitted changes when it was built
 */
public record Build(String version, String commit, boolean dirty) {
    static final String RESOURCE = "/wuton/git.properties";
    private static final Build CURRENT = read(Build.class.getResourceAsStream(RESOURCE));

    /** The stamp of the running classes. */
    public static Build current() {
        return CURRENT;
    }

    /** Reads a stamp; a missing one (classes compiled by something other than the Maven build) is all null. */
    static Build read(InputStream stamp) {
        if (stamp == null) {
            return new Build(null, null, false);
        }
        Properties p = new Properties();
        try (InputStream in = stamp) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build stamp " + RESOURCE, e);
        }
        String commit = p.getProperty("git.commit.id.full");
        return new Build(p.getProperty("git.build.version"), commit == null || commit.isBlank() ? null : commit,
            Boolean.parseBoolean(p.getProperty("git.dirty")));
    }

    /** The commit as provenance records it: the id, with "-dirty" when it had changes; null when unknown. */
    public String commitLabel() {
        return commit == null ? null : dirty ? commit + "-dirty" : commit;
    }

    /** "wuton 0.1.0-SNAPSHOT (4289045bc5e7, with uncommitted changes)", for --version and reports. */
    public String describe() {
        String v = "wuton " + (version == null ? "(development build)" : version);
        if (commit == null) {
            return v;
        }
        return v + " (" + commit.substring(0, Math.min(12, commit.length())) + (dirty ? ", with uncommitted changes" : "") + ")";
    }
}
