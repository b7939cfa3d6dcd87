package wuton.train.distributed;

import java.util.Map;
import wuton.common.UserError;

/**
 * Where the ranks of one data-parallel run meet: this process's rank, the number of ranks, and the address of
 * rank 0's store (a c10d {@code TCPStore} that rank 0 serves and the others connect to).
 *
 * @param rank this process, 0 to {@code worldSize - 1}; rank 0 serves the store and writes the run folder
 * @param worldSize the number of processes in the run, 1 or more
 * @param host rank 0's address as the other ranks reach it (a name or an IP)
 * @param port rank 0's store port, 1 to 65535
 */
public record Rendezvous(int rank, int worldSize, String host, int port) {
    /** The torchrun variables a process started by {@code torchrun} (or any launcher that speaks them) has. */
    public static final String RANK = "RANK";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    /** torchrun's count of ranks on this machine, and this process's place among them (its GPU). */
    public static final String LOCAL_WORLD_SIZE = "LOCAL_WORLD_SIZE";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    private static final int MAX_PORT = 65_535;

    public Rendezvous {
        if (worldSize < 1) {
            throw new UserError("--world-size " + worldSize + ": must be at least 1");
        }
        if (rank < 0 || rank >= worldSize) {
            throw new UserError("--rank " + rank + ": must be from 0 to " + (worldSize - 1) + " with --world-size "
                + worldSize);
        }
        if (host == null || host.isBlank()) {
            throw new UserError("--master: no host given (HOST:PORT)");
        }
        if (port < 1 || port > MAX_PORT) {
            throw new UserError("--master " + host + ":" + port + ": the port must be from 1 to " + MAX_PORT);
        }
    }

    /** Whether this is rank 0, the one that writes. */
    public boolean leader() {
        return rank == 0;
    }

    /**
     * The rendezvous from the options, each missing one taken from the torchrun variable in {@code environment};
     * null when neither gives a world size (a one-process run).
     *
     * @param rank {@code --rank}, or null
     * @param worldSize {@code --world-size}, or null
     * @param master {@code --master HOST:PORT}, or null
     * @throws UserError when some but not all are given, or a value is malformed or out of range
     */
    public static Rendezvous from(Integer rank, Integer worldSize, String master, Map<String, String> environment) {
        Integer size = worldSize != null ? worldSize : intVariable(environment, WORLD_SIZE);
        Integer r = rank != null ? rank : intVariable(environment, RANK);
        String address = master;
        if (address == null && environment.containsKey(MASTER_ADDR)) {
            address = environment.get(MASTER_ADDR) + ":" + environment.getOrDefault(MASTER_PORT, "");
        }
        if (size == null && r == null && master == null) {
            return null;
        }
        if (size == null || r == null || address == null) {
            throw new UserError("a multi-process run needs --rank, --world-size and --master HOST:PORT (or the"
                + " variables " + RANK + ", " + WORLD_SIZE + ", " + MASTER_ADDR + " and " + MASTER_PORT + "); missing: "
                + (size == null ? "--world-size " : "") + (r == null ? "--rank " : "") + (address == null ? "--master" : ""));
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new UserError("--master " + address + ": expected HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError("--master " + address + ": the port is not a number");
        }
        return new Rendezvous(r, size, address.substring(0, colon), port);
    }

    /**
     * A whole-number environment variable, or null when it is not set.
     *
     * @throws UserError when it is set to something else
     */
    public static Integer intVariable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UserError("environment variable " + name + "=" + value + ": not a whole number");
        }
    }
}
