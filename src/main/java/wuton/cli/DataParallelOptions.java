package wuton.cli;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;
import wuton.common.UserError;
import wuton.train.distributed.Rendezvous;

/**
 * The options of a data-parallel {@code train}: {@code --nproc N} starts N ranks on this machine
 * ({@link LocalRanks}); {@code --rank}, {@code --world-size} and {@code --master} (or torchrun's variables) make
 * this process one rank of a run that may span machines. None of them is part of the config.
 */
final class DataParallelOptions {
    /** Long enough for rank 0 to write a full-size checkpoint while the others wait; short enough not to hang. */
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    @Option(names = "--nproc", paramLabel = "N",
        description = {"Train data-parallel with N processes on this machine (PyTorch's c10d over loopback: Gloo on"
            + " the CPU, NCCL with --device cuda, one GPU each). --batch is per process: a step sees N x B samples."
            + " Each process reads its own shard of the data and gets the cores / N libtorch threads; the first one"
            + " writes --out. Default: 1 (no c10d)."})
    Integer nproc;

    @Option(names = "--rank", paramLabel = "R",
        description = "This process's rank in a run started by hand or by torchrun, 0 to W-1 (default: $RANK); rank 0"
            + " writes --out, the others only train.")
    Integer rank;

    @Option(names = "--world-size", paramLabel = "W",
        description = "The number of processes of that run, on all machines (default: $WORLD_SIZE).")
    Integer worldSize;

    @Option(names = "--master", paramLabel = "HOST:PORT",
        description = "Where rank 0 serves the run's rendezvous store: its address and a free port (default:"
            + " $MASTER_ADDR:$MASTER_PORT).")
    String master;

    @Option(names = "--dist-timeout", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
        description = "How long a rank waits for the others (to join, and at each exchange) before it fails with an"
            + " error (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--threads", paramLabel = "N",
        description = "libtorch threads of this process (default: all cores, or the cores divided by the processes on"
            + " this machine, --nproc or $LOCAL_WORLD_SIZE).")
    Integer threads;

    /** The ranks to start on this machine ({@code --nproc} above 1), or 0 when this process trains itself. */
    int ranksToLaunch(Map<String, String> environment) {
        if (nproc == null || nproc == 1) {
            return 0;
        }
        if (nproc < 1) {
            throw new UserError("--nproc " + nproc + ": must be at least 1");
        }
        int cores = cores();
        if (nproc > cores) {
            throw new UserError("--nproc " + nproc + ": this machine has " + cores + " cores; at most " + cores
                + " processes, each with a core of its own");
        }
        if (rank != null || worldSize != null || master != null || environment.containsKey(Rendezvous.WORLD_SIZE)) {
            throw new UserError("--nproc starts its own ranks; it cannot be given with --rank, --world-size, --master"
                + " or the variable " + Rendezvous.WORLD_SIZE);
        }
        timeout();
        return nproc;
    }

    /**
     * This process's place in a data-parallel run, or null when it trains alone. A world of one given as such
     * ({@code --world-size 1}, or torchrun's {@code WORLD_SIZE=1}) is a run of one rank, as in PyTorch: the same code
     * as a run of many, which it matches bit for bit with one process, and the one way to run NCCL on one GPU.
     */
    Rendezvous rendezvous(Map<String, String> environment) {
        return Rendezvous.from(rank, worldSize, master, environment);
    }

    /** {@code --dist-timeout} as a duration. */
    Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new UserError("--dist-timeout " + timeoutSeconds + ": must be at least 1 second");
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** This process's place among the ranks on this machine ({@code LOCAL_RANK}): its GPU. */
    static int localRank(Map<String, String> environment) {
        return intVariable(environment, Rendezvous.LOCAL_RANK, 0);
    }

    /**
     * libtorch threads for this process: {@code --threads}, else the cores shared among the ranks on this
     * machine; null for a one-process run without {@code --threads} (libtorch's own default, all cores).
     */
    Integer threadsPerProcess(Map<String, String> environment, boolean multiProcess) {
        int cores = cores();
        if (threads != null) {
            if (threads < 1 || threads > cores) {
                throw new UserError("--threads " + threads + ": must be from 1 to the " + cores + " cores");
            }
            return threads;
        }
        if (!multiProcess) {
            return null;
        }
        return Math.max(1, cores / intVariable(environment, Rendezvous.LOCAL_WORLD_SIZE, 1));
    }

    private static int intVariable(Map<String, String> environment, String name, int otherwise) {
        Integer value = Rendezvous.intVariable(environment, name);
        return value == null ? otherwise : value;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
