package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-parallel options of {@code train}: what is refused, in one line, before anything starts. */
class DataParallelOptionsTest {
    @TempDir
    static Path shared;
    static Path world;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeWorld() {
        world = shared.resolve("world");
        assertThat(Main.run("synth", "--out", world.toString(), "--count", "6", "--size", "64x48")).isZero();
    }

    private final StringWriter err = new StringWriter();

    private String refusal(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", world.toString(), "--out",
            tmp.resolve("run").toString(), "--size", "64x48", "--model", "tiny", "--batch", "2"));
        args.addAll(List.of(more));
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
            args.toArray(String[]::new));
        assertThat(status).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n");
        return err.toString().strip();
    }

    @Test
    void moreProcessesThanCoresAreRefused() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(refusal("--nproc", "" + (cores + 1))).isEqualTo("train: --nproc " + (cores + 1) + ": this machine has "
            + cores + " cores; at most " + cores + " processes, each with a core of its own");
    }

    @Test
    void aRankOutsideTheWorldIsRefused() {
        assertThat(refusal("--rank", "2", "--world-size", "2", "--master", "127.0.0.1:29500"))
            .isEqualTo("train: --rank 2: must be from 0 to 1 with --world-size 2");
    }

    @Test
    void aRankWithoutItsWorldIsRefused() {
        assertThat(refusal("--rank", "1")).startsWith("train: a multi-process run needs --rank, --world-size and"
            + " --master HOST:PORT").endsWith("missing: --world-size --master");
    }

    @Test
    void nprocStartsItsOwnRanks() {
        assertThat(refusal("--nproc", "2", "--rank", "0", "--world-size", "2", "--master", "h:1"))
            .startsWith("train: --nproc starts its own ranks; it cannot be given with --rank");
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThat(refusal("--nproc", "2", "--dist-timeout", "0")).isEqualTo("train: --dist-timeout 0: must be at least"
            + " 1 second");
    }

    @Test
    void theStoreMustBeReachable() {
        // nobody serves this port: rank 1 gives up after the timeout with one line
        assertThat(refusal("--rank", "1", "--world-size", "2", "--master", "127.0.0.1:" + freePort(),
            "--dist-timeout", "1")).contains("rank 1 of 2: cannot reach rank 0's store at 127.0.0.1:");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
