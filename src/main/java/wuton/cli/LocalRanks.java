package wuton.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.UserError;
import wuton.train.distributed.Rendezvous;

/**
 * {@code train --nproc N}: starts N copies of this JVM (same Java, classpath, memory flags and environment), each
 * running the same {@code train} command as rank r of N, with a c10d store on a free loopback port; then waits
 * for them. Rank 0's output comes through unchanged (its progress bar, its result path); the others' error
 * output comes prefixed with their rank, and their standard output (nothing) is dropped.
 *
 * <p>When a rank fails, the others notice through c10d (at once when it died, after their timeout when it hangs)
 * and stop with their own one-line error; any rank still running {@link #GRACE} after that timeout is killed.
 * Ctrl-C or a SIGTERM to this process is passed on to the ranks, which agree to stop after the same step, and
 * rank 0 saves its checkpoint before they exit.
 */
final class LocalRanks {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRanks.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String NPROC = "--nproc";
    /** How the lines that Gloo's C++ code prints on standard output begin. */
    private static final String GLOO_NOTICE = "[Gloo]";
    /** Beyond a failed rank's peers' own timeout, before the launcher kills them. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** How long Ctrl-C waits for the ranks to save and exit, as a one-process run's. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(120);
    private static final long POLL_MS = 100;
    /** How long a stop waits for an ended rank's last output to be copied. */
    private static final Duration RELAY_DRAIN = Duration.ofSeconds(2);
    /** Exit statuses above this are 128 + the number of the signal that ended the process. */
    private static final int SIGNAL_BASE = 128;

    private LocalRanks() {
    }

    /**
     * Runs {@code commandLine} (the whole command line of this process, {@code --nproc} included) as {@code ranks}
     * processes and returns once they have all ended.
     *
     * @return 0 when every rank finished
     * @throws UserError naming the first rank that failed, and how
     */
    static int run(int ranks, List<String> commandLine, Duration timeout, PrintWriter out, PrintWriter err) {
        int port = freeLoopbackPort();
        // read by the shutdown hook's thread while this one still adds to it
        List<Process> processes = new CopyOnWriteArrayList<>();
        List<Thread> relays = new CopyOnWriteArrayList<>();
        Thread hook = new Thread(() -> stopAll(processes, relays), "wuton-train-ranks-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int r = 0; r < ranks; r++) {
                Process p = start(r, ranks, port, commandLine);
                processes.add(p);
                if (r == 0) {
                    relays.add(relayResults(p.getInputStream(), out, err));
                    relays.add(relayRaw(p.getErrorStream(), err));
                } else {
                    relays.add(relayPrefixed(p.getErrorStream(), err, "rank " + r + ": "));
                }
            }
            LOG.debug("started {} ranks, store on {}:{}", ranks, LOOPBACK, port);
            Failure failure = await(processes, timeout.plus(GRACE));
            for (Thread t : relays) {
                t.join();
            }
            if (failure != null) {
                throw new UserError(failure.describe(ranks));
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.forEach(Process::destroyForcibly);
            throw new UserError("interrupted while waiting for the ranks");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the ranks itself
            }
        }
    }

    /** The first rank that ended badly, and its exit status. */
    private record Failure(int rank, int status) {
        String describe(int ranks) {
            String how = status > SIGNAL_BASE ? "was killed (signal " + (status - SIGNAL_BASE) + ")"
                : "stopped with exit status " + status;
            return "rank " + rank + " of " + ranks + " " + how + "; the run stopped (its checkpoints are kept)";
        }
    }

    /**
     * Waits for every process; after the first failure, the others get {@code patience} to end on their own (c10d
     * tells them) and are then killed.
     */
    private static Failure await(List<Process> processes, Duration patience) throws InterruptedException {
        Failure first = null;
        long deadline = Long.MAX_VALUE;
        while (processes.stream().anyMatch(Process::isAlive)) {
            for (int r = 0; r < processes.size() && first == null; r++) {
                Process p = processes.get(r);
                if (!p.isAlive() && p.exitValue() != 0) {
                    first = new Failure(r, p.exitValue());
                    deadline = System.nanoTime() + patience.toNanos();
                }
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("ranks still running {} s after rank {} failed: killing them", patience.toSeconds(), first.rank());
                processes.forEach(Process::destroyForcibly);
            }
            processes.get(0).waitFor(POLL_MS, TimeUnit.MILLISECONDS);
        }
        if (first == null) {
            for (int r = 0; r < processes.size(); r++) {
                if (processes.get(r).exitValue() != 0) {
                    return new Failure(r, processes.get(r).exitValue());
                }
            }
        }
        return first;
    }

    /** Rank {@code rank}: this JVM's java, classpath and flags, the command line with its place in the run. */
    private static Process start(int rank, int ranks, int port, List<String> commandLine) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // memory and property flags (-Xmx, -Dwuton.home); not agents or debuggers, which would clash over ports and files
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("-X") || flag.startsWith("-D")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(withoutNproc(commandLine));
        command.addAll(List.of("--rank", Integer.toString(rank), "--world-size", Integer.toString(ranks),
            "--master", LOOPBACK + ":" + port));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(Rendezvous.LOCAL_RANK, Integer.toString(rank));
        builder.environment().put(Rendezvous.LOCAL_WORLD_SIZE, Integer.toString(ranks));
        if (rank > 0) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UserError("--nproc: cannot start rank " + rank + ": " + e.getMessage(), e);
        }
    }

    /** The command line without {@code --nproc N} (or {@code --nproc=N}). */
    static List<String> withoutNproc(List<String> commandLine) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < commandLine.size(); i++) {
            String arg = commandLine.get(i);
            if (arg.equals(NPROC)) {
                i++;
            } else if (!arg.startsWith(NPROC + "=")) {
                kept.add(arg);
            }
        }
        return kept;
    }

    /**
     * Copies rank 0's error output to {@code to} as it comes, character by character: its progress bar redraws its
     * line with carriage returns.
     */
    private static Thread relayRaw(InputStream from, PrintWriter to) {
        return relaying(from, reader -> {
            char[] buffer = new char[4096];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        });
    }

    /** Copies another rank's error output to {@code to} line by line, each after {@code prefix}. */
    private static Thread relayPrefixed(InputStream from, PrintWriter to, String prefix) {
        return relaying(from, reader -> {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                to.println(prefix + line);
                to.flush();
            }
        });
    }

    /**
     * Copies rank 0's standard output (the run's path) to {@code to} line by line, except Gloo's own
     * "[Gloo] Rank 0 is connected to ..." line, which its C++ code prints there: it goes to {@code err}, so that
     * standard output carries only the result.
     */
    private static Thread relayResults(InputStream from, PrintWriter to, PrintWriter err) {
        return relaying(from, reader -> {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                PrintWriter target = line.startsWith(GLOO_NOTICE) ? err : to;
                target.println(line);
                target.flush();
            }
        });
    }

    private interface Copy {
        void run(BufferedReader from) throws IOException;
    }

    private static Thread relaying(InputStream from, Copy copy) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                copy.run(reader);
            } catch (IOException e) {
                LOG.debug("relay ended: {}", e.getMessage());
            }
        }, "wuton-rank-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Passes a stop on (SIGTERM: each rank's own hook saves), waits for the ranks to exit and for their last lines
     * (rank 0's "stopped ... at step N") to come through.
     */
    private static void stopAll(List<Process> processes, List<Thread> relays) {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            for (Process p : processes) {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (Thread t : relays) {
                t.join(RELAY_DRAIN.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A port nobody listens on now. Another program could take it before rank 0 binds it; rank 0 then fails with a
     * one-line error and the run can simply be started again.
     */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UserError("--nproc: no free loopback port for the ranks' store: " + e.getMessage(), e);
        }
    }
}
