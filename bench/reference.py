#!/usr/bin/python3
"""The WUTON generator in eager PyTorch, layer for layer as wuton's Java model, to time the two side by side.

Same layers, same order, same sizes as src/main/java/wuton/model (Wuton, GeometricMatcher, FeatureExtractor,
WarpingUNet, Encoder, Composition) and wuton/nn (ConvBlock, TpsGridGenerator, Warp): the parameter count of
every width, layout and composition equals the Java model's (checked against bench/parameters.tsv, which a
Java test holds to the Java models), and its parameter names are the Java model's, so that it loads a wuton
model file. A fresh model has PyTorch's default initialisation from a fixed seed: timing does not depend on
the weights.

What is timed is what `./wuton bench` times: the inference pass (Wuton.image) in evaluation mode under
inference mode, on random images in [-1, 1]; without the full-resolution garment warp unless the composition
reads it. Written for Debian's python3-torch (1.13), with /usr/bin/python3:

    /usr/bin/python3 bench/reference.py --model full --size 256x192 --batch 1 --threads 2
    /usr/bin/python3 bench/reference.py --check-parameters      # every row of bench/parameters.tsv
    /usr/bin/python3 bench/reference.py --model models/wuton-student.safetensors --tryon p.png c.png out.png \
        --expect out-of-wuton-tryon.png

Side-by-side runs against the Java model: bench/side_by_side.py; the figures: docs/benchmarks.md.
"""
import argparse
import contextlib
import json
import math
import os
import re
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

# base channels of each width (ModelSize); deeper layers double them up to MAX_WIDTH_FACTOR times
WIDTHS = {"full": 64, "slim": 32, "small": 16, "tiny": 8}
MAX_WIDTH_FACTOR = 8
ARCHITECTURES = ("paper", "fast")
# images each composition copies from (Composition.sources)
COMPOSITIONS = {"none": 0, "person": 1, "person-and-garment": 2}
IMAGE_CHANNELS = 3
TPS_GRID_SIZE = 5
UNET_DEPTH = 5
SIZE_MULTIPLE = 16
LEAKY_SLOPE = 0.2
PARAMETERS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parameters.tsv")


def channels_at(base, level):
    return base * min(1 << level, MAX_WIDTH_FACTOR)


class ConvBlock(nn.Module):
    """Convolution, then normalisation ("none", "batch", "instance"), then activation, applied in place."""

    def __init__(self, cin, cout, kernel, stride, padding, norm, activation):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride, padding)
        if norm == "batch":
            self.norm = nn.BatchNorm2d(cout)
        elif norm == "instance":
            self.norm = nn.InstanceNorm2d(cout, affine=True)
        else:
            self.norm = None
        self.activation = activation

    def forward(self, x):
        y = self.conv(x)
        if self.norm is not None:
            y = self.norm(y)
        if self.activation == "relu":
            y.relu_()
        elif self.activation == "leaky_relu":
            F.leaky_relu_(y, LEAKY_SLOPE)
        elif self.activation == "tanh":
            y.tanh_()
        return y


class FeatureExtractor(nn.Module):
    """Matcher features: down_levels 4x4 stride-2 blocks, then two 3x3 blocks (the last without norm)."""

    def __init__(self, cin, base, down_levels):
        super().__init__()
        blocks = []
        for level in range(down_levels):
            cout = channels_at(base, level)
            blocks.append(ConvBlock(cin, cout, 4, 2, 1, "batch", "relu"))
            cin = cout
        blocks.append(ConvBlock(cin, cin, 3, 1, 1, "batch", "relu"))
        blocks.append(ConvBlock(cin, cin, 3, 1, 1, "none", "relu"))
        self.blocks = named(self, "{}", blocks)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


def named(parent, pattern, blocks):
    """Registers blocks under the Java model's names (pattern.format(index)), so that a wuton model file loads."""
    for i, block in enumerate(blocks):
        parent.add_module(pattern.format(i), block)
    return blocks


def l2_normalise(x):
    return x / (x.pow(2).sum(1, keepdim=True) + 1e-6).sqrt()


def correlation(person, cloth):
    """(N, C, h, w) x (N, C, h, w) -> (N, h w, h, w): person positions as channels, garment positions as space."""
    n, _, h, w = cloth.shape
    return torch.bmm(person.flatten(2).transpose(1, 2), cloth.flatten(2)).view(n, h * w, h, w)


class GeometricMatcher(nn.Module):
    """CP-VTON's matcher: features, correlation, regression to theta (N, 2 g^2); FAST pools the images by 2."""

    POOLED = (4, 3)

    def __init__(self, base, fast, height, width):
        super().__init__()
        self.fast = fast
        down_levels = 3 if fast else 4
        self.cloth_features = FeatureExtractor(IMAGE_CHANNELS, base, down_levels)
        self.person_features = FeatureExtractor(IMAGE_CHANNELS, base, down_levels)
        cin = (height // SIZE_MULTIPLE) * (width // SIZE_MULTIPLE)
        regression = []
        for stride, level in zip((2, 2, 1, 1), (3, 2, 1, 0)):
            cout = channels_at(base, level)
            regression.append(ConvBlock(cin, cout, 3, stride, 1, "batch", "relu"))
            cin = cout
        self.regression = named(self, "regression_{}", regression)
        self.to_theta = nn.Linear(cin * self.POOLED[0] * self.POOLED[1], 2 * TPS_GRID_SIZE * TPS_GRID_SIZE)
        # theta starts at 0, the identity warp
        nn.init.zeros_(self.to_theta.weight)
        nn.init.zeros_(self.to_theta.bias)

    def forward(self, person, cloth):
        if self.fast:
            person = F.avg_pool2d(person, 2)
            cloth = F.avg_pool2d(cloth, 2)
        c = correlation(l2_normalise(self.person_features(person)), l2_normalise(self.cloth_features(cloth)))
        for block in self.regression:
            c = block(c)
        x = F.adaptive_avg_pool2d(c, self.POOLED)
        return torch.tanh(self.to_theta(x.flatten(1)))


class TpsGrids:
    """Thin-plate-spline grids: identity + M theta, M (HW, g^2) computed once per resolution in float64."""

    def __init__(self, g, device):
        axis = torch.linspace(-1, 1, g, dtype=torch.float64)
        ys, xs = torch.meshgrid(axis, axis, indexing="ij")
        self.points = torch.stack([xs.flatten(), ys.flatten()], 1)      # (n, 2), row-major lattice
        n = self.points.shape[0]
        system = torch.zeros(n + 3, n + 3, dtype=torch.float64)
        system[:n, :] = self._basis_rows(self.points)
        system[n:, :n] = self._basis_rows(self.points)[:, n:].t()
        self.inverse = torch.linalg.inv(system)
        self.device = device
        self.cache = {}

    def _basis_rows(self, xy):
        """[U(|p - P_k|^2) for every k, 1, x, y] per row of xy, with U(r^2) = r^2 log r^2 and U(0) = 0."""
        d2 = ((xy[:, None, :] - self.points[None, :, :]) ** 2).sum(-1)
        u = torch.where(d2 == 0, torch.zeros_like(d2), d2 * torch.log(torch.where(d2 == 0, torch.ones_like(d2), d2)))
        return torch.cat([u, torch.ones(xy.shape[0], 1, dtype=xy.dtype), xy], 1)

    def _basis(self, h, w):
        if (h, w) not in self.cache:
            ys = torch.linspace(-1, 1, h, dtype=torch.float64)
            xs = torch.linspace(-1, 1, w, dtype=torch.float64)
            gy, gx = torch.meshgrid(ys, xs, indexing="ij")
            pixels = torch.stack([gx.flatten(), gy.flatten()], 1)      # (HW, 2), (x, y)
            n = self.points.shape[0]
            weights = (self._basis_rows(pixels) @ self.inverse[:, :n]).float().to(self.device)
            identity = pixels.view(1, h, w, 2).float().to(self.device)
            self.cache[(h, w)] = (identity, weights)
        return self.cache[(h, w)]

    def grid(self, theta, h, w):
        identity, weights = self._basis(h, w)
        n = theta.shape[0]
        return identity + (weights @ theta.view(n, -1, 2)).view(n, h, w, 2)


def warp(x, grid, padding):
    return F.grid_sample(x, grid, mode="bilinear", padding_mode=padding, align_corners=True)


class Encoder(nn.Module):
    def __init__(self, cin, base, depth):
        super().__init__()
        levels = []
        for level in range(depth):
            cout = channels_at(base, level)
            levels.append(ConvBlock(cin, cout, 4, 2, 1, "none" if level == 0 else "instance", "leaky_relu"))
            cin = cout
        self.levels = named(self, "{}", levels)

    def forward(self, x):
        features = []
        for level in self.levels:
            x = level(x)
            features.append(x)
        return features


class WarpingUNet(nn.Module):
    def __init__(self, base, fast, composition):
        super().__init__()
        self.fast = fast
        self.garment_encoder = Encoder(IMAGE_CHANNELS, base, UNET_DEPTH)
        self.person_encoder = Encoder(IMAGE_CHANNELS, base, UNET_DEPTH)
        # deepest first, each named after its level
        self.decoder = []
        for level in range(UNET_DEPTH - 1, -1, -1):
            skip = 2 * channels_at(base, level)
            cin = skip if level == UNET_DEPTH - 1 else skip + channels_at(base, level)
            cout = channels_at(base, level - 1) if level > 0 else base
            self.decoder.append(ConvBlock(cin, cout, 3, 1, 1, "instance", "relu"))
            self.add_module(f"decoder_{level}", self.decoder[-1])
        head = IMAGE_CHANNELS + COMPOSITIONS[composition]
        self.to_image = ConvBlock(base, head * 4 if fast else head, 3, 1, 1, "none",
                                  "tanh" if composition == "none" else "none")
        if fast:
            # ICNR: the four sub-pixels of each output channel start equal
            with torch.no_grad():
                for t in (self.to_image.conv.weight, self.to_image.conv.bias):
                    grouped = t.view(head, 4, *t.shape[1:])
                    t.copy_(grouped[:, :1].expand_as(grouped).reshape(t.shape))

    def forward(self, person, cloth, theta, tps):
        garment = self.garment_encoder(cloth)
        body = self.person_encoder(person)
        y = None
        for j, d in enumerate(range(UNET_DEPTH - 1, -1, -1)):
            features = garment[d]
            warped = warp(features, tps.grid(theta, features.shape[2], features.shape[3]), "zeros")
            skip = torch.cat([warped, body[d]], 1)
            y = skip if y is None else torch.cat([y, skip], 1)
            target = (body[d - 1] if d > 0 else person).shape[2:]
            if self.fast:
                y = self.decoder[j](y)
                if d > 0:
                    y = F.interpolate(y, size=target, mode="nearest")
            else:
                y = self.decoder[j](F.interpolate(y, size=target, mode="nearest"))
        out = self.to_image(y)
        return F.pixel_shuffle(out, 2) if self.fast else out


def compose(composition, head, person, warped_garment):
    if composition == "none":
        return head
    k = COMPOSITIONS[composition]
    drawn = torch.tanh(head[:, :IMAGE_CHANNELS])
    logits = head[:, IMAGE_CHANNELS:IMAGE_CHANNELS + k]
    weights = torch.softmax(torch.cat([logits, torch.zeros_like(logits[:, :1])], 1), 1)
    out = drawn * weights[:, k:k + 1] + person * weights[:, 0:1]
    if composition == "person-and-garment":
        out = out + warped_garment * weights[:, 1:2]
    return out


class Wuton(nn.Module):
    def __init__(self, width, architecture, composition, height, width_px, device):
        super().__init__()
        base = WIDTHS[width]
        fast = architecture == "fast"
        self.composition = composition
        self.matcher = GeometricMatcher(base, fast, height, width_px)
        self.unet = WarpingUNet(base, fast, composition)
        self.tps = TpsGrids(TPS_GRID_SIZE, device)

    def image(self, person, cloth):
        """Wuton.image: the synthesised person only; the full-resolution warp only where the composition reads it."""
        theta = self.matcher(person, cloth)
        warped = None
        if self.composition == "person-and-garment":
            warped = warp(cloth, self.tps.grid(theta, cloth.shape[2], cloth.shape[3]), "border")
        return compose(self.composition, self.unet(person, cloth, theta, self.tps), person, warped)


SAFETENSORS_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path):
    """{name: tensor} from a safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        header_length = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(header_length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in SAFETENSORS_DTYPES:
            raise ValueError(f"{path}: tensor {name} has dtype {entry['dtype']}, not one of {list(SAFETENSORS_DTYPES)}")
        start, end = entry["data_offsets"]
        raw = bytearray(data[start:end])
        t = torch.frombuffer(raw, dtype=SAFETENSORS_DTYPES[entry["dtype"]]) if raw else torch.zeros(0)
        tensors[name] = t.reshape(entry["shape"])
    return tensors


def trained_model(path, device):
    """A wuton model file (MODEL.safetensors with MODEL.json beside it) or a run folder, with its weights."""
    weights = os.path.join(path, "model.safetensors") if os.path.isdir(path) else path
    description = weights[:-len(".safetensors")] + ".json"
    if not (weights.endswith(".safetensors") and os.path.isfile(weights) and os.path.isfile(description)):
        raise ValueError(f"--model {path}: neither a width ({', '.join(WIDTHS)}) nor a model file with its .json beside it")
    with open(description) as f:
        config = json.load(f)["model"]
    if config.get("tpsGridSize", TPS_GRID_SIZE) != TPS_GRID_SIZE or config.get("unetDepth", UNET_DEPTH) != UNET_DEPTH:
        raise ValueError(f"{description}: the reference has a {TPS_GRID_SIZE}x{TPS_GRID_SIZE} TPS lattice and a "
                         f"depth-{UNET_DEPTH} U-Net only")
    width = config["size"].lower()
    architecture = (config.get("architecture") or "PAPER").lower()
    composition = (config.get("composition") or "NONE").lower().replace("_", "-")
    model = Wuton(width, architecture, composition, config["height"], config["width"], device)
    state = {k: v.to(model.state_dict()[k].dtype) if k in model.state_dict() else v
             for k, v in read_safetensors(weights).items()}
    # strict: every name and shape of the Java model's file must be one of this model's
    model.load_state_dict(state, strict=True)
    return model, width, architecture, composition, config["height"], config["width"]


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


def recorded_parameters():
    """{(width, architecture, composition, height, width_px): count} from bench/parameters.tsv."""
    table = {}
    with open(PARAMETERS_FILE) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            width, arch, comp, size, count = line.split()
            h, w = parse_size(size)
            table[(width, arch, comp, h, w)] = int(count)
    return table


def parse_size(text):
    m = re.fullmatch(r"\s*(\d{1,6})\s*x\s*(\d{1,6})\s*", text.lower())
    if not m:
        raise ValueError(f"--size {text}: expected HEIGHTxWIDTH, for example 256x192")
    return int(m.group(1)), int(m.group(2))


def percentile(sorted_ms, q):
    """Linear interpolation between closest ranks, as numpy's default and `./wuton bench`."""
    rank = q * (len(sorted_ms) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return sorted_ms[low] + (sorted_ms[high] - sorted_ms[low]) * (rank - low)


PRECISIONS = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


def time_inference(forward, batch, height, width, device, iters, warmup, precision="fp32", channels_last=False):
    """forward(person, cloth) is the model's image pass, eager or compiled. As ./wuton bench --precision P
    --channels-last: the pass under autocast in P, inputs (and the caller's model) in channels-last."""
    person = torch.rand(batch, IMAGE_CHANNELS, height, width, device=device) * 2 - 1
    cloth = torch.rand(batch, IMAGE_CHANNELS, height, width, device=device) * 2 - 1
    if channels_last:
        person = person.contiguous(memory_format=torch.channels_last)
        cloth = cloth.contiguous(memory_format=torch.channels_last)
    dtype = PRECISIONS[precision]
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    ms = []
    # no autocast at all for fp32: torch 1.13's CPU autocast refuses any dtype but bfloat16, even disabled
    autocast = contextlib.nullcontext() if dtype is None else torch.autocast(device.type, dtype=dtype)
    with torch.inference_mode(), autocast:
        for i in range(warmup + iters):
            start = time.perf_counter()
            forward(person, cloth).float()
            sync()
            if i >= warmup:
                ms.append((time.perf_counter() - start) * 1e3)
    ordered = sorted(ms)
    mean = sum(ms) / len(ms)
    return {"precision": precision, "channels_last": channels_last, "batch": batch,
            "median_ms": percentile(ordered, 0.5), "p90_ms": percentile(ordered, 0.9),
            "mean_ms": mean, "images_per_s": batch * 1e3 / mean}


def try_on(model, height, width, person_png, cloth_png, out_png, expected_png):
    """Writes the model's image for two pictures of exactly its size as ./wuton tryon does ([0, 255] to [-1, 1]
    by x / 127.5 - 1, and back rounded and clamped), then compares its pixels with expected_png if given.
    Returns the largest difference in levels, or None."""
    import numpy
    from PIL import Image

    def read(path):
        picture = Image.open(path).convert("RGB")
        if picture.size != (width, height):
            raise ValueError(f"{path}: {picture.size[1]}x{picture.size[0]}, the model takes {height}x{width} exactly")
        return torch.from_numpy(numpy.array(picture)).permute(2, 0, 1)[None].float() / 127.5 - 1

    with torch.inference_mode():
        image = model.image(read(person_png), read(cloth_png))[0]
    pixels = ((image + 1) * 127.5).round().clamp(0, 255).byte().permute(1, 2, 0).numpy()
    Image.fromarray(pixels).save(out_png)
    if expected_png is None:
        return None
    expected = numpy.array(Image.open(expected_png).convert("RGB"), dtype=numpy.int32)
    if expected.shape != pixels.shape:
        raise ValueError(f"{expected_png}: {expected.shape[0]}x{expected.shape[1]}, not the model's {height}x{width}")
    return int(numpy.abs(expected - pixels.astype(numpy.int32)).max())


def check_all_parameters():
    """Builds every configuration of bench/parameters.tsv and compares its count; exit status 1 on a mismatch."""
    wrong = 0
    for (width, arch, comp, h, w), expected in sorted(recorded_parameters().items()):
        got = parameter_count(Wuton(width, arch, comp, h, w, torch.device("cpu")))
        if got != expected:
            wrong += 1
            print(f"{width} {arch} {comp} {h}x{w}: {got} parameters, the Java model has {expected}", file=sys.stderr)
    total = len(recorded_parameters())
    print(f"{total - wrong} of {total} configurations have the Java model's parameter count")
    return 1 if wrong else 0


# the defaults of ./wuton bench (BenchCommand)
DEFAULT_SIZE = "256x192"
DEFAULT_BATCHES = "1,16"
DEFAULT_ITERS = 20
DEFAULT_WARMUP = 5


def arguments():
    p = argparse.ArgumentParser(description="Time the reference WUTON generator's inference pass, with the options "
                                            "and defaults of ./wuton bench.")
    p.add_argument("--model", default="full", metavar="SIZE|RUN",
                   help=f"a width ({', '.join(WIDTHS)}) for a fresh model, or a wuton model file or run folder "
                        "(default: %(default)s)")
    p.add_argument("--size", metavar="HxW", help=f"image size of a fresh model, multiples of 16 (default: {DEFAULT_SIZE})")
    p.add_argument("--arch", choices=ARCHITECTURES, help="layout of a fresh model (default: paper)")
    p.add_argument("--compose", choices=COMPOSITIONS, help="composition of a fresh model (default: none)")
    p.add_argument("--batch", default=DEFAULT_BATCHES, metavar="N[,N...]", help="batch sizes (default: %(default)s)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="(default: %(default)s)")
    p.add_argument("--precision", default="fp32", metavar="P[,P...]",
                   help="precisions of the timed pass under torch.autocast: fp32, bf16, fp16 (default: %(default)s)")
    p.add_argument("--channels-last", default="off", metavar="on|off[,...]",
                   help="model and inputs in channels-last memory format: on, off or off,on (default: %(default)s)")
    p.add_argument("--compile", metavar="MODE",
                   help="time torch.compile(model.image, mode=MODE) instead of eager (default, reduce-overhead: with "
                        "CUDA graphs, max-autotune); needs torch 2")
    p.add_argument("--threads", type=int, help="CPU threads, at most the core count (default: torch's choice, which may differ from "
                        "libtorch's in ./wuton bench: give it for a side-by-side run)")
    p.add_argument("--iters", type=int, default=DEFAULT_ITERS, help="timed iterations per batch size (default: %(default)s)")
    p.add_argument("--warmup", type=int, default=DEFAULT_WARMUP, help="untimed iterations first (default: %(default)s)")
    p.add_argument("--json", metavar="FILE", help="also write the results here as JSON, in the schema of ./wuton bench")
    p.add_argument("--tryon", nargs=3, metavar=("PERSON", "CLOTH", "OUT"),
                   help="instead of timing, write the model's image for two PNGs of its size (python3-pil)")
    p.add_argument("--expect", metavar="PNG", help="with --tryon: ./wuton tryon's output for the same pictures, to "
                                                   "compare pixel for pixel (exit status 1 if any differs)")
    p.add_argument("--check-parameters", action="store_true",
                   help="only compare the parameter count of every configuration in bench/parameters.tsv")
    return p.parse_args()


def model_from(args, device):
    """(model, width, architecture, composition, height, width_px) for --model and its options."""
    if args.model not in WIDTHS:
        if args.size or args.arch or args.compose:
            raise ValueError(f"--size, --arch and --compose are for a fresh model; {args.model} runs at its own")
        return trained_model(args.model, device)
    height, width = parse_size(args.size or DEFAULT_SIZE)
    if height <= 0 or width <= 0 or height % SIZE_MULTIPLE or width % SIZE_MULTIPLE:
        raise ValueError(f"--size {args.size}: height and width must be positive multiples of {SIZE_MULTIPLE}")
    arch, comp = args.arch or "paper", args.compose or "none"
    return Wuton(args.model, arch, comp, height, width, device), args.model, arch, comp, height, width


def main():
    args = arguments()
    if args.check_parameters:
        return check_all_parameters()
    try:
        batches = [int(b) for b in args.batch.split(",")]
    except ValueError:
        sys.exit(f"reference.py: --batch {args.batch}: expected batch sizes such as 1,16")
    if args.iters < 1 or args.warmup < 0 or min(batches) < 1:
        sys.exit("reference.py: --iters and every --batch must be at least 1, --warmup at least 0")
    if args.threads is not None:
        if not 1 <= args.threads <= os.cpu_count():
            sys.exit(f"reference.py: --threads {args.threads}: must be between 1 and the {os.cpu_count()} cores")
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == "cuda":
        # as ./wuton bench --device cuda: cuDNN picks its fastest algorithms for these fixed shapes
        torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    try:
        model, size, arch, comp, height, width = model_from(args, device)
    except (ValueError, KeyError, RuntimeError, OSError) as e:
        sys.exit(f"reference.py: {e}")
    model = model.to(device).eval()
    count = parameter_count(model)
    expected = recorded_parameters().get((size, arch, comp, height, width))
    if expected is not None and count != expected:
        sys.exit(f"reference.py: {count} parameters where the Java model has {expected} (bench/parameters.tsv): "
                 "the two models differ")
    if args.tryon:
        try:
            difference = try_on(model, height, width, *args.tryon, args.expect)
        except (ValueError, OSError) as e:
            sys.exit(f"reference.py: {e}")
        if difference is not None:
            print(f"largest difference from {args.expect}: {difference} levels of 255")
            return 1 if difference else 0
        return 0
    try:
        precisions = [p.strip() for p in args.precision.split(",")]
        layouts = [{"on": True, "off": False}[c.strip()] for c in args.channels_last.split(",")]
        if any(p not in PRECISIONS for p in precisions):
            raise KeyError(args.precision)
    except KeyError:
        sys.exit(f"reference.py: --precision {args.precision} / --channels-last {args.channels_last}: expected "
                 "fp32,bf16,fp16 and on,off")
    forward = model.image
    if args.compile:
        if not hasattr(torch, "compile"):
            sys.exit(f"reference.py: --compile: torch {torch.__version__} has no torch.compile")
        forward = torch.compile(model.image, mode=None if args.compile == "default" else args.compile)
    results = []
    for precision in precisions:
        for channels_last in layouts:
            model.to(memory_format=torch.channels_last if channels_last else torch.contiguous_format)
            results += [time_inference(forward, b, height, width, device, args.iters, args.warmup, precision,
                                       channels_last) for b in batches]
    checked = "as the Java model" if expected is not None else "not in bench/parameters.tsv, unchecked"
    print(f"reference {size} {arch} {comp} {height}x{width}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, {count} parameters ({checked})")
    for r in results:
        print(f"{r['precision']} {'channels-last ' if r['channels_last'] else ''}batch {r['batch']}: mean {r['mean_ms']:.1f} ms, median {r['median_ms']:.1f} ms, "
              f"{r['images_per_s']:.1f} images/s")
    if args.json:
        report = {"mode": "inference", "model": args.model, "size": size, "architecture": arch,
                  "composition": comp, "device": device.type, "threads": torch.get_num_threads(),
                  "height": height, "width": width, "parameters": count, "torch": torch.__version__,
                  "compile": args.compile, "results": results}
        if device.type == "cuda":
            # the settings that choose the GPU kernels, as ./wuton bench reports libtorch's
            report["cuda_settings"] = {"cudnn_benchmark": torch.backends.cudnn.benchmark,
                                       "cudnn_allow_tf32": torch.backends.cudnn.allow_tf32,
                                       "cublas_allow_tf32": torch.backends.cuda.matmul.allow_tf32}
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
