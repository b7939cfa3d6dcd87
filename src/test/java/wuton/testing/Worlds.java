package wuton.testing;

import java.nio.file.Path;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/** Synthetic worlds written for tests. */
public final class Worlds {
    private Worlds() {
    }

    /** Writes the world of this config into {@code root} (a new or empty folder) and returns {@code root}. */
    public static Path write(Path root, WorldConfig config) {
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), root);
        writer.prepare(false);
        writer.write(i -> { });
        return root;
    }
}
