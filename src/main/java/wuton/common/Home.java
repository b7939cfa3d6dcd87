package wuton.common;

import java.nio.file.Path;

/**
 * wuton's home folder, where the shipped files are ({@code models/}): the folder the system property
 * {@value #PROPERTY} names (the {@code ./wuton} launcher sets it to its own folder), else the working directory.
 */
public final class Home {
    /** The system property naming wuton's home folder. */
    public static final String PROPERTY = "wuton.home";

    private Home() {
    }

    /** {@code relative} under the home folder, absolute and normalised. */
    public static Path resolve(String relative) {
        String home = System.getProperty(PROPERTY);
        return Path.of(home == null ? "" : home).toAbsolutePath().resolve(relative).normalize();
    }
}
