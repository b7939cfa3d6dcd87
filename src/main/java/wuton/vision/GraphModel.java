package wuton.vision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.common.JsonErrors;
import wuton.common.UserError;
import wuton.nn.SafeTensors;
import wuton.nn.NativeRuntime;

/**
 * A TensorFlow graph run with libtorch: the graph of a tfjs graph model, as
 * {@code tools/weights/tfjs-graph-to-safetensors.mjs} converted it into two files beside each other,
 * {@code NAME.graph.json} (the nodes in evaluation order, attributes decoded) and {@code NAME.safetensors}
 * (every constant under its node name). Both MoveNet and the selfie segmenter are such graphs, so one small
 * interpreter serves them, instead of a hand-built network per model that would restate each graph by hand.
 *
 * <p>Tensors keep TensorFlow's layout and meaning throughout (images NHWC); {@link TfOps} says how each op
 * maps onto libtorch. Floating constants are held in float32 (the f16 weights widened once, at load), integer
 * ones in int64. Immutable after loading; {@link #run} may be called from several threads.
 */
final class GraphModel implements AutoCloseable {
    /** The suffix of the node graph file. */
    static final String GRAPH_SUFFIX = ".graph.json";
    /** The suffix of the constants file. */
    static final String WEIGHTS_SUFFIX = ".safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // OpenBLAS's threads and the padded-layout probe, before any model runs (docs/native.md)
        NativeRuntime.configure();
    }

    /** A node's input: output {@code output} of node {@code node} (TensorFlow writes it "node:1"). */
    record Ref(String node, int output) {
        static Ref parse(String text) {
            int colon = text.lastIndexOf(':');
            return colon < 0 ? new Ref(text, 0)
                : new Ref(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
    }

    /** One operation of the graph, with its decoded attributes (strides, padding, fused_ops, ...). */
    record Node(String name, String op, List<Ref> inputs, JsonNode attr) {
    }

    private final String source;
    private final String input;
    private final List<String> outputs;
    private final List<Node> nodes;
    /** Constants by node name, and the convolution filters already in libtorch's layout by conv node name. */
    private final Map<String, Tensor> constants;
    private final Map<String, Tensor> filters;

    private GraphModel(String source, String input, List<String> outputs, List<Node> nodes,
                       Map<String, Tensor> constants, Map<String, Tensor> filters) {
        this.source = source;
        this.input = input;
        this.outputs = outputs;
        this.nodes = nodes;
        this.constants = constants;
        this.filters = filters;
    }

    /**
     * Reads {@code stem + ".graph.json"} and {@code stem + ".safetensors"}.
     *
     * @throws UserError naming the file when one is missing, damaged, or uses an op {@link TfOps} lacks
     */
    static GraphModel load(Path stem) {
        Path graphFile = Path.of(stem + GRAPH_SUFFIX);
        Path weightsFile = Path.of(stem + WEIGHTS_SUFFIX);
        for (Path f : List.of(graphFile, weightsFile)) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("no vision model file at " + f.toAbsolutePath().normalize());
            }
        }
        JsonNode graph = readJson(graphFile);
        List<Node> nodes = new ArrayList<>();
        List<String> constNames = new ArrayList<>();
        for (JsonNode n : graph.path("nodes")) {
            List<Ref> inputs = new ArrayList<>();
            n.path("inputs").forEach(i -> inputs.add(Ref.parse(i.asText())));
            Node node = new Node(n.path("name").asText(), n.path("op").asText(), inputs, n.path("attr"));
            if (node.op().equals("Const")) {
                constNames.add(node.name());
            } else {
                if (!TfOps.supports(node.op())) {
                    throw new UserError(graphFile + ": node '" + node.name() + "' uses op " + node.op()
                        + ", which wuton's graph interpreter does not implement");
                }
                nodes.add(node);
            }
        }
        if (graph.path("inputs").size() != 1 || graph.path("outputs").size() < 1) {
            throw new UserError(graphFile + ": expected one input and at least one output");
        }
        String input = graph.path("inputs").get(0).path("name").asText();
        List<String> outputs = new ArrayList<>();
        graph.path("outputs").forEach(o -> outputs.add(o.asText()));

        Map<String, Tensor> constants = new HashMap<>();
        Map<String, Tensor> filters = new HashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Map<String, Tensor> stored = SafeTensors.read(weightsFile).tensors();
            for (String name : constNames) {
                Tensor t = stored.get(name);
                if (t == null) {
                    throw new UserError(weightsFile + ": no tensor '" + name + "' for the graph's constant");
                }
                Tensor held = t.is_floating_point() ? t.to(ScalarType.Float) : t.to(ScalarType.Long);
                constants.put(name, keep(held));
            }
            for (Node node : nodes) {
                Tensor filter = TfOps.libtorchFilter(node, constants);
                if (filter != null) {
                    filters.put(node.name(), keep(filter));
                }
            }
        }
        return new GraphModel(graphFile.toString(), input, outputs, nodes, constants, filters);
    }

    private static Tensor keep(Tensor t) {
        Tensor c = t.contiguous();
        c.retainReference(); // outlives the loading scope; released in close()
        return c;
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not a graph description (" + JsonErrors.describe(e) + ")");
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }

    /**
     * Runs the graph on its one input (the placeholder's shape and meaning, e.g. NHWC [1, 256, 256, 3]).
     * The outputs belong to the caller's {@link PointerScope}, as do all intermediate tensors.
     *
     * @return the graph's outputs in the order of its signature
     */
    List<Tensor> run(Tensor in) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Map<String, List<Tensor>> values = new LinkedHashMap<>();
            values.put(input, List.of(in));
            for (Node node : nodes) {
                if (node.op().equals("Placeholder")) {
                    continue;
                }
                List<Tensor> args = new ArrayList<>(node.inputs().size());
                for (Ref ref : node.inputs()) {
                    args.add(value(values, ref, node));
                }
                values.put(node.name(), TfOps.apply(node, args, filters.get(node.name())));
            }
            List<Tensor> out = new ArrayList<>();
            for (String name : outputs) {
                out.add(value(values, Ref.parse(name), null));
            }
            return out;
        }
    }

    private Tensor value(Map<String, List<Tensor>> values, Ref ref, Node user) {
        Tensor constant = constants.get(ref.node());
        if (constant != null) {
            return constant;
        }
        List<Tensor> v = values.get(ref.node());
        if (v == null || ref.output() >= v.size()) {
            throw new IllegalStateException(source + ": node '" + (user == null ? "output" : user.name())
                + "' reads '" + ref.node() + ":" + ref.output() + "' before it is computed");
        }
        return v.get(ref.output());
    }

    /** The graph file, for messages. */
    String source() {
        return source;
    }

    @Override
    public void close() {
        constants.values().forEach(Tensor::close);
        filters.values().forEach(Tensor::close);
    }
}
