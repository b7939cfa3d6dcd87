package wuton.train.distributed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.gloo.Device;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.UserError;

/**
 * One process's membership of a c10d process group (PyTorch's own distributed engine, through the bindings of
 * {@code org.bytedeco:pytorch}): rank 0 serves a {@code TCPStore}, every rank connects to it and joins a Gloo
 * (CPU) or NCCL (CUDA) group, and the collectives below then run in the same order on every rank.
 *
 * <p>Every call waits for its result, with the group's timeout: a rank that died closes its sockets and the others
 * fail at once; one that hangs makes them fail after the timeout. Either way they throw {@link PeerLost}, a one-line
 * {@link UserError}, rather than wait for ever.
 *
 * <p>Threads: one thread calls the collectives; the group is built and closed outside any {@code PointerScope}, so
 * that no step's scope frees it.
 */
public final class Collectives implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collectives.class);
    /** Gloo's variable naming the network interface to use, as in PyTorch. */
    private static final String GLOO_SOCKET_IFNAME = "GLOO_SOCKET_IFNAME";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int ROOT = 0;
    /** How libtorch's and Gloo's messages begin: the C++ file and line in brackets. */
    private static final String SOURCE_LOCATION = "^\\[[^\\]]*\\.(cc|cpp|h):\\d+\\]\\s*";

    /** How the ranks exchange tensors. */
    public enum Transport {
        /** Gloo over TCP: CPU tensors; what every test here runs. */
        GLOO,
        /**
         * NCCL: CUDA tensors, one GPU per rank. <b>Untested</b>: written against the bindings' API, never run (the
         * development machines have no GPU).
         */
        NCCL
    }

    private final Rendezvous rendezvous;
    private final Duration timeout;
    private final Store store;
    private final Backend group;

    private Collectives(Rendezvous rendezvous, Duration timeout, Store store, Backend group) {
        this.rendezvous = rendezvous;
        this.timeout = timeout;
        this.store = store;
        this.group = group;
    }

    /**
     * Joins the run: rank 0 serves the store on the rendezvous port, the others connect to it; returns once all
     * {@code worldSize} ranks have joined the group.
     *
     * @param timeout how long the store waits for the others, and each collective for its result
     * @throws UserError when the store cannot be served or reached, or the ranks do not all arrive in time
     */
    public static Collectives join(Rendezvous rendezvous, Transport transport, Duration timeout) {
        Store store = openStore(rendezvous, timeout);
        Backend group;
        try {
            group = transport == Transport.GLOO ? gloo(store, rendezvous, timeout) : nccl(store, rendezvous, timeout);
        } catch (RuntimeException e) {
            store.close();
            throw new UserError(where(rendezvous) + ": the " + rendezvous.worldSize() + " ranks did not all join the "
                + transport.name().toLowerCase(Locale.ROOT) + " group within " + timeout.toSeconds() + " s ("
                + firstLine(e) + ")", e);
        }
        LOG.info("{}: joined a {} group of {} through {}:{}", where(rendezvous), transport, rendezvous.worldSize(),
            rendezvous.host(), rendezvous.port());
        return new Collectives(rendezvous, timeout, store, group);
    }

    private static Store openStore(Rendezvous rendezvous, Duration timeout) {
        TCPStoreOptions options = new TCPStoreOptions();
        options.port((short) rendezvous.port()).isServer(rendezvous.leader())
            .timeout(new Milliseconds(timeout.toMillis()));
        // the server waits, within the timeout, for this many clients (itself included)
        options.numWorkers(new SizeTPointer(1).put(rendezvous.worldSize()));
        try {
            return new TCPStore(rendezvous.host(), options);
        } catch (RuntimeException e) {
            String what = rendezvous.leader() ? "cannot serve the rendezvous store on port " + rendezvous.port()
                : "cannot reach rank 0's store at " + rendezvous.host() + ":" + rendezvous.port() + " within "
                    + timeout.toSeconds() + " s";
            throw new UserError(where(rendezvous) + ": " + what + " (" + firstLine(e) + ")", e);
        }
    }

    private static Backend gloo(Store store, Rendezvous rendezvous, Duration timeout) {
        ProcessGroupGloo.Options options = new ProcessGroupGloo.Options(new Milliseconds(timeout.toMillis()));
        options.devices().push_back(glooDevice(rendezvous));
        return new ProcessGroupGloo(store, rendezvous.rank(), rendezvous.worldSize(), options);
    }

    /**
     * The interface Gloo listens on: the one {@code GLOO_SOCKET_IFNAME} names; loopback when rank 0 is on
     * this machine's loopback (a one-machine run); else the address this machine's name resolves to.
     */
    private static Device glooDevice(Rendezvous rendezvous) {
        String interfaceName = System.getenv(GLOO_SOCKET_IFNAME);
        if (interfaceName != null && !interfaceName.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(interfaceName);
        }
        try {
            if (InetAddress.getByName(rendezvous.host()).isLoopbackAddress()) {
                return ProcessGroupGloo.createDeviceForHostname(LOOPBACK);
            }
        } catch (UnknownHostException e) {
            throw new UserError("--master " + rendezvous.host() + ": unknown host");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    /** UNTESTED (no GPU here): NCCL over the same store; the caller puts this rank's tensors on its own GPU. */
    private static Backend nccl(Store store, Rendezvous rendezvous, Duration timeout) {
        ProcessGroupNCCL.Options options = new ProcessGroupNCCL.Options();
        options.timeout(new Milliseconds(timeout.toMillis()));
        return new ProcessGroupNCCL(store, rendezvous.rank(), rendezvous.worldSize(), options);
    }

    public int rank() {
        return rendezvous.rank();
    }

    public int worldSize() {
        return rendezvous.worldSize();
    }

    /**
     * Replaces {@code tensor} (contiguous, on this rank's device) with its sum, element by element, over the ranks;
     * every rank gets the same bits.
     *
     * @param what what is summed, for the error message
     */
    public void sum(Tensor tensor, String what) {
        allreduce(tensor, ReduceOp.RedOpType.SUM, what);
    }

    /** Replaces {@code tensor} with its element-wise maximum over the ranks. */
    public void max(Tensor tensor, String what) {
        allreduce(tensor, ReduceOp.RedOpType.MAX, what);
    }

    private void allreduce(Tensor tensor, ReduceOp.RedOpType op, String what) {
        AllreduceOptions options = new AllreduceOptions();
        options.reduceOp(new ReduceOp(op));
        options.timeout(new Milliseconds(timeout.toMillis()));
        waitFor(() -> group.allreduce(new TensorVector(tensor), options), what);
    }

    /** Replaces {@code tensor} on every rank with rank 0's (same shape and type everywhere). */
    public void broadcastFromRankZero(Tensor tensor, String what) {
        BroadcastOptions options = new BroadcastOptions();
        options.rootRank(ROOT);
        options.timeout(new Milliseconds(timeout.toMillis()));
        waitFor(() -> group.broadcast(new TensorVector(tensor), options), what);
    }

    private void waitFor(Supplier<Work> call, String what) {
        try {
            call.get()._wait();
        } catch (RuntimeException e) {
            throw new PeerLost(where(rendezvous) + ": " + what + " failed: another rank died or did not answer within "
                + timeout.toSeconds() + " s (" + firstLine(e) + ")", e);
        }
    }

    @Override
    public void close() {
        group.close();
        store.close();
    }

    private static String where(Rendezvous rendezvous) {
        return "rank " + rendezvous.rank() + " of " + rendezvous.worldSize();
    }

    /**
     * libtorch's message without its C++ source location ("[.../gloo/transport/tcp/pair.cc:538] ") and stack: the
     * first line says what happened.
     */
    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).replaceFirst(SOURCE_LOCATION, "").strip();
    }

    /** Another rank is gone (it died, or hangs past the timeout): this one stops too. */
    public static final class PeerLost extends UserError {
        public PeerLost(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
