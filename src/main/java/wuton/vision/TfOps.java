package wuton.vision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import wuton.vision.GraphModel.Node;

/**
 * The TensorFlow ops of the shipped graphs, in libtorch. Every tensor keeps TensorFlow's meaning: images are
 * NHWC; a convolution views its NHWC input as NCHW ({@code permute}, no copy, channels-last strides, which
 * libtorch's CPU convolutions run natively) and views the result back. Integers are int64 (TensorFlow's int32
 * values fit). What each op must match in TensorFlow, and is easy to get wrong:
 * <ul>
 *   <li>{@code padding: SAME} pads {@code max((out - 1) * stride + k - in, 0)} in total, the odd pixel at the
 *       bottom/right; libtorch's symmetric padding is used only when the split is even.</li>
 *   <li>Filters are HWIO (conv), HWCM (depthwise: channel c*M+m) and HW-out-in (transposed conv); they are
 *       rearranged once at load ({@link #libtorchFilter}).</li>
 *   <li>{@code ResizeBilinear} with {@code half_pixel_centers} is libtorch's {@code align_corners = false}.</li>
 * </ul>
 */
final class TfOps {
    private static final Set<String> SUPPORTED = Set.of(
        "Placeholder", "Identity", "Cast",
        "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "Conv2DBackpropInput",
        "Add", "AddV2", "AddN", "Sub", "Mul", "RealDiv", "FloorDiv", "SquaredDifference",
        "Relu", "Relu6", "Sigmoid", "Sqrt",
        "AvgPool", "ResizeBilinear",
        "Reshape", "ExpandDims", "Squeeze", "Pack", "Unpack", "ConcatV2", "GatherNd", "ArgMax");
    /** NHWC to NCHW and back, as views. */
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};

    private TfOps() {
    }

    static boolean supports(String op) {
        return SUPPORTED.contains(op);
    }

    /**
     * The filter of a convolution node in libtorch's layout, or null for other nodes: conv OIHW from HWIO,
     * depthwise (C*M, 1, H, W) from HWCM, transposed conv (in, out, H, W) from (H, W, out, in).
     */
    static Tensor libtorchFilter(Node node, Map<String, Tensor> constants) {
        return switch (node.op()) {
            case "Conv2D", "_FusedConv2D" -> constants.get(node.inputs().get(1).node()).permute(3, 2, 0, 1);
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> {
                Tensor hwcm = constants.get(node.inputs().get(1).node());
                long[] s = hwcm.sizes().vec().get();
                yield hwcm.reshape(s[0], s[1], s[2] * s[3]).permute(2, 0, 1).unsqueeze(1);
            }
            case "Conv2DBackpropInput" -> constants.get(node.inputs().get(1).node()).permute(3, 2, 0, 1);
            default -> null;
        };
    }

    /** Applies one node to its input values; most ops have one output, {@code Unpack} has several. */
    static List<Tensor> apply(Node node, List<Tensor> in, Tensor filter) {
        JsonNode attr = node.attr();
        return switch (node.op()) {
            case "Unpack" -> {
                TensorVector parts = in.get(0).unbind(attr.path("axis").asLong());
                List<Tensor> out = new ArrayList<>();
                for (long i = 0; i < parts.size(); i++) {
                    out.add(parts.get(i));
                }
                yield out;
            }
            default -> List.of(single(node, attr, in, filter));
        };
    }

    private static Tensor single(Node node, JsonNode attr, List<Tensor> in, Tensor filter) {
        Tensor a = in.get(0);
        return switch (node.op()) {
            case "Identity" -> a;
            case "Cast" -> a.to(scalarType(attr.path("DstT").asText(), node));
            case "Conv2D" -> convolution(a, filter, null, attr, 1);
            case "_FusedConv2D" -> fused(convolution(a, filter, in.get(2), attr, 1), attr, node);
            case "DepthwiseConv2dNative" -> convolution(a, filter, null, attr, a.size(3));
            case "FusedDepthwiseConv2dNative" -> fused(convolution(a, filter, in.get(2), attr, a.size(3)), attr, node);
            case "Conv2DBackpropInput" -> transposedConvolution(longs(a), filter, in.get(2), attr, node);
            case "Add", "AddV2" -> a.add(in.get(1));
            case "AddN" -> {
                Tensor sum = a;
                for (int i = 1; i < in.size(); i++) {
                    sum = sum.add(in.get(i));
                }
                yield sum;
            }
            case "Sub" -> a.sub(in.get(1));
            case "Mul" -> a.mul(in.get(1));
            case "RealDiv" -> a.div(in.get(1));
            case "FloorDiv" -> a.floor_divide(in.get(1));
            case "SquaredDifference" -> {
                Tensor d = a.sub(in.get(1));
                yield d.mul(d);
            }
            case "Relu" -> a.relu();
            case "Relu6" -> torch.relu6(a);
            case "Sigmoid" -> a.sigmoid();
            case "Sqrt" -> a.sqrt();
            case "AvgPool" -> averagePool(a, attr, node);
            case "ResizeBilinear" -> resizeBilinear(a, longs(in.get(1)), attr, node);
            case "Reshape" -> a.reshape(longs(in.get(1)));
            case "ExpandDims" -> a.unsqueeze(longs(in.get(1))[0]);
            case "Squeeze" -> squeeze(a, attr);
            case "Pack" -> torch.stack(new TensorVector(in.toArray(Tensor[]::new)), attr.path("axis").asLong());
            case "ConcatV2" -> torch.cat(new TensorVector(in.subList(0, in.size() - 1).toArray(Tensor[]::new)),
                longs(in.get(in.size() - 1))[0]);
            case "GatherNd" -> gatherNd(a, in.get(1));
            case "ArgMax" -> a.argmax(new LongOptional(longs(in.get(1))[0]), false);
            default -> throw new IllegalStateException("op " + node.op() + " of node " + node.name());
        };
    }

    /** A 2-D convolution (groups = channels for depthwise) of an NHWC tensor; NHWC out. */
    private static Tensor convolution(Tensor nhwc, Tensor filter, Tensor bias, JsonNode attr, long groups) {
        long[] stride = spatial(attr.path("strides"));
        long[] dilation = spatial(attr.path("dilations"));
        long[] kernel = {filter.size(2), filter.size(3)};
        Tensor x = nhwc.permute(TO_NCHW);
        long[] pad = new long[4]; // top, bottom, left, right
        if (attr.path("padding").asText().equals("SAME")) {
            for (int d = 0; d < 2; d++) {
                long size = x.size(2 + d);
                long out = (size + stride[d] - 1) / stride[d];
                long total = Math.max((out - 1) * stride[d] + (kernel[d] - 1) * dilation[d] + 1 - size, 0);
                pad[2 * d] = total / 2;
                pad[2 * d + 1] = total - total / 2;
            }
        }
        long[] symmetric = {0, 0};
        if (pad[0] == pad[1] && pad[2] == pad[3]) {
            symmetric = new long[] {pad[0], pad[2]};
        } else {
            x = torch.constant_pad_nd(x, pad[2], pad[3], pad[0], pad[1]);
        }
        TensorOptional b = bias == null ? new TensorOptional() : new TensorOptional(bias);
        return torch.conv2d(x, filter, b, stride, symmetric, dilation, groups).permute(TO_NHWC);
    }

    /**
     * TensorFlow's transposed convolution: the full libtorch transposed convolution, then the window that
     * TensorFlow keeps ({@code SAME}: offset by half the padding the forward convolution would have added).
     */
    private static Tensor transposedConvolution(long[] outputShape, Tensor filter, Tensor nhwc, JsonNode attr,
                                                Node node) {
        long[] stride = spatial(attr.path("strides"));
        Tensor x = nhwc.permute(TO_NCHW);
        Tensor full = torch.conv_transpose2d(x, filter, new TensorOptional(), stride, new long[] {0, 0},
            new long[] {0, 0}, 1, 1, 1);
        boolean same = attr.path("padding").asText().equals("SAME");
        Tensor y = full;
        for (int d = 0; d < 2; d++) {
            long out = outputShape[1 + d];
            long total = same ? Math.max((x.size(2 + d) - 1) * stride[d] + filter.size(2 + d) - out, 0) : 0;
            if (total / 2 + out > full.size(2 + d)) {
                throw new IllegalStateException("node " + node.name() + ": output " + out + " exceeds the full "
                    + full.size(2 + d));
            }
            y = y.narrow(2 + d, total / 2, out);
        }
        return y.permute(TO_NHWC);
    }

    /** BiasAdd is done by the convolution; the activation that may follow it here. */
    private static Tensor fused(Tensor x, JsonNode attr, Node node) {
        List<String> ops = new ArrayList<>();
        attr.path("fused_ops").forEach(o -> ops.add(o.asText()));
        if (ops.isEmpty() || !ops.get(0).equals("BiasAdd") || ops.size() > 2) {
            throw new IllegalStateException("node " + node.name() + ": fused ops " + ops + " not supported");
        }
        if (ops.size() == 1) {
            return x;
        }
        return switch (ops.get(1)) {
            case "Relu" -> x.relu();
            case "Relu6" -> torch.relu6(x);
            default -> throw new IllegalStateException("node " + node.name() + ": fused " + ops.get(1));
        };
    }

    private static Tensor averagePool(Tensor nhwc, JsonNode attr, Node node) {
        if (!attr.path("padding").asText().equals("VALID")) {
            throw new IllegalStateException("node " + node.name() + ": only VALID average pooling is implemented");
        }
        long[] kernel = spatial(attr.path("ksize"));
        long[] stride = spatial(attr.path("strides"));
        return torch.avg_pool2d(nhwc.permute(TO_NCHW), kernel, stride, new long[] {0, 0}, false, true,
            new LongOptional()).permute(TO_NHWC);
    }

    private static Tensor resizeBilinear(Tensor nhwc, long[] size, JsonNode attr, Node node) {
        boolean alignCorners = attr.path("align_corners").asBoolean();
        if (!alignCorners && !attr.path("half_pixel_centers").asBoolean()) {
            // TensorFlow's legacy sampling (corner-aligned origin, no half pixel) has no libtorch equivalent
            throw new IllegalStateException("node " + node.name() + ": legacy ResizeBilinear is not implemented");
        }
        return torch.upsample_bilinear2d(nhwc.permute(TO_NCHW), size, alignCorners).permute(TO_NHWC);
    }

    private static Tensor squeeze(Tensor a, JsonNode attr) {
        JsonNode dims = attr.path("squeeze_dims");
        if (dims.isEmpty()) {
            return a.squeeze();
        }
        long rank = a.dim();
        List<Long> sorted = new ArrayList<>();
        dims.forEach(d -> sorted.add(d.asLong() < 0 ? d.asLong() + rank : d.asLong()));
        sorted.sort((p, q) -> Long.compare(q, p)); // the last first, so earlier indices stay valid
        Tensor out = a;
        for (long d : sorted) {
            out = out.squeeze(d);
        }
        return out;
    }

    /**
     * {@code params[indices[..., 0], ..., indices[..., K-1]]}: shape {@code indices.shape[:-1] + params.shape[K:]},
     * done as one {@code index_select} on params with its first K dimensions flattened.
     */
    private static Tensor gatherNd(Tensor params, Tensor indices) {
        long[] p = params.sizes().vec().get();
        long[] idx = indices.sizes().vec().get();
        int k = (int) idx[idx.length - 1];
        long[] strides = new long[k];
        long flat = 1;
        for (int i = k - 1; i >= 0; i--) {
            strides[i] = flat;
            flat *= p[i];
        }
        Tensor linear = indices.mul(torch.tensor(strides)).sum(new long[] {-1}, false, new ScalarTypeOptional());
        long[] flatShape = new long[p.length - k + 1];
        flatShape[0] = flat;
        System.arraycopy(p, k, flatShape, 1, p.length - k);
        Tensor gathered = params.reshape(flatShape).index_select(0, linear.flatten());
        long[] outShape = new long[idx.length - 1 + p.length - k];
        System.arraycopy(idx, 0, outShape, 0, idx.length - 1);
        System.arraycopy(p, k, outShape, idx.length - 1, p.length - k);
        return gathered.reshape(outShape);
    }

    /** The height and width entries of an NHWC attribute list (strides, dilations, ksize). */
    private static long[] spatial(JsonNode nhwcList) {
        if (nhwcList.size() != 4) {
            return new long[] {1, 1};
        }
        return new long[] {nhwcList.get(1).asLong(), nhwcList.get(2).asLong()};
    }

    /** The values of a small integer tensor (shapes, axes, sizes). */
    private static long[] longs(Tensor t) {
        Tensor c = t.to(ScalarType.Long).contiguous();
        long[] out = new long[(int) c.numel()];
        new LongPointer(c.data_ptr()).get(out);
        return out;
    }

    private static ScalarType scalarType(String tfType, Node node) {
        return switch (tfType) {
            case "DT_FLOAT" -> ScalarType.Float;
            case "DT_INT32", "DT_INT64" -> ScalarType.Long;
            case "DT_BOOL" -> ScalarType.Bool;
            default -> throw new IllegalStateException("node " + node.name() + ": cast to " + tfType);
        };
    }
}
