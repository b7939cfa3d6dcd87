package wuton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import wuton.UserError;
import wuton.synth.ContactSheet;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/** {@code wuton demo}: the quickest look at what wuton does. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Shows what wuton does, on a small synthetic world.",
        "%nGenerates a small synthetic try-on world and a contact sheet of it, and prints what to open.%n"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "wuton-demo", paramLabel = "DIR",
        description = "Folder for the demo's files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--count", defaultValue = "240", paramLabel = "N", description = "People in the world (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
        Path worldDir = out.resolve("world");
        if (Files.exists(out) && !Files.exists(worldDir.resolve("world.json")) && !isEmpty(out)) {
            throw new UserError(out + ": folder exists and is not a wuton demo (choose another --out)");
        }
        WorldConfig config = new WorldConfig(count, 256, 192, 0, 0.1, 0.3, true);
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), worldDir);
        writer.prepare(true);
        try (ProgressBar bar = Progress.bar("world", count)) {
            writer.write(i -> bar.step());
        }
        Path sheet = out.resolve("world.png");
        ContactSheet.write(worldDir, 24, sheet);
        stdout().println("Synthetic world (VITON-HD layout): " + worldDir.toAbsolutePath());
        stdout().println("Open the contact sheet:            " + sheet.toAbsolutePath());
        stdout().println("  each sample: person, garment, parsing, pose, and the truth of the person wearing that garment");
        return 0;
    }

    private static boolean isEmpty(Path dir) {
        try {
            return wuton.Folders.isEmpty(dir);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private java.io.PrintWriter stdout() {
        return spec.commandLine().getOut();
    }
}
