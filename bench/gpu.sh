#!/bin/bash
# The GPU check, in one short run: the Java generator (./wuton bench through the .gpu/ bundle) at batch 1 and 32
# in fp32, bf16 and fp16, contiguous and channels-last, eager and from CUDA graphs, with each setting's SSIM
# against fp32; beside it the same model in PyTorch on the same GPU, eager in the same settings and torch.compile
# (default mode, and reduce-overhead, which replays CUDA graphs); and one teacher training step in Java at batch 8.
# Each part runs in its own process, so one that fails leaves the others' numbers. Writes $OUT/gpu.json (all
# numbers) and $OUT/*.json (each part).
#
# On the GPU machine (PyTorch with CUDA, no Java), from a checkout holding .gpu/ (packed by bench/gpu-bundle.sh):
#     OUT=/some/folder bash bench/gpu.sh
# Here, on a CPU, the same steps with a tiny model and two iterations, to check the script itself:
#     OUT=/tmp/gpu-dry bash bench/gpu.sh --cpu
# Model: MODEL_ARGS (default: the paper's generator at 256x192, fresh and seeded: what the issue's goals are for).
# Not yet run on a GPU (2026-12-01): written and checked with --cpu only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mode=gpu
[ "${1:-}" = "--cpu" ] && mode=cpu
out=${OUT:?set OUT to the folder for the results}
mkdir -p "$out"
python=${PYTHON:-python3}

if [ "$mode" = gpu ]; then
  [ -f .gpu/run.sh ] || { echo "gpu.sh: no .gpu/run.sh: build and pack first (bench/gpu-bundle.sh)" >&2; exit 2; }
  java_bench=(bash .gpu/run.sh wuton.cli.Main bench --device cuda)
  device=cuda
  model_args=(${MODEL_ARGS:---model full --size 256x192})
  batches=1,32
  iters=50
  warmup=10
  agreement=8
  train_args=(--train --model full --size 256x192 --batch 8 --iters 20 --warmup 5)
else
  java_bench=(./wuton bench --device cpu --threads "$(nproc)")
  device=cpu
  model_args=(${MODEL_ARGS:---model tiny --size 64x48})
  batches=1,2
  iters=2
  warmup=1
  agreement=2
  train_args=(--train --model tiny --size 64x48 --batch 2 --iters 1 --warmup 1)
fi
# fp16 on a CPU is many times slower than fp32 (docs/inference.md): the dry run leaves it out
precisions=$([ "$mode" = gpu ] && echo fp32,bf16,fp16 || echo fp32,bf16)
common=(--batch "$batches" --iters "$iters" --warmup "$warmup")

step() {  # name, then the command; records its exit status and time, keeps going when it fails
  local name=$1
  shift
  local start=$SECONDS
  echo "gpu.sh: $name: $*" >&2
  if "$@" > "$out/$name.log" 2>&1; then status=0; else status=$?; fi
  echo "{\"status\": $status, \"seconds\": $((SECONDS - start))}" > "$out/$name.status"
  [ "$status" = 0 ] || { echo "gpu.sh: $name failed ($status), see $out/$name.log" >&2; tail -3 "$out/$name.log" >&2; }
}

step java "${java_bench[@]}" "${model_args[@]}" "${common[@]}" --precision "$precisions" --channels-last off,on \
  --cuda-graphs off --agreement "$agreement" --json "$out/java.json" --force
# CUDA graphs exist on CUDA only: the dry run checks that the CPU refuses them in one line
step java-graphs "${java_bench[@]}" "${model_args[@]}" "${common[@]}" --precision "$precisions" --channels-last off,on \
  --cuda-graphs on --agreement "$agreement" --json "$out/java-graphs.json" --force
step java-train "${java_bench[@]}" "${train_args[@]}" --json "$out/java-train.json" --force
step eager "$python" bench/reference.py --device "$device" "${model_args[@]}" "${common[@]}" \
  --precision "$precisions" --channels-last off,on --json "$out/eager.json"
for how in default reduce-overhead; do
  step "compile-$how" "$python" bench/reference.py --device "$device" "${model_args[@]}" "${common[@]}" \
    --precision "$precisions" --channels-last off --compile "$how" --json "$out/compile-$how.json"
done

"$python" - "$out" "$mode" <<'EOF'
import json, os, sys
out, mode = sys.argv[1], sys.argv[2]
report = {"mode": mode, "parts": {}}
for name in ("java", "java-graphs", "java-train", "eager", "compile-default", "compile-reduce-overhead"):
    part = json.load(open(os.path.join(out, name + ".status")))
    path = os.path.join(out, name + ".json")
    if part["status"] == 0 and os.path.exists(path):
        data = json.load(open(path))
        part.update({k: data.get(k) for k in ("device", "model", "size", "architecture", "parameters", "torch")})
        part["results"] = [{k: r.get(k) for k in ("precision", "channels_last", "cuda_graphs", "batch", "median_ms",
                                                  "images_per_s")} for r in data["results"]]
        if "agreement" in data:
            part["agreement"] = data["agreement"]
    else:
        with open(os.path.join(out, name + ".log")) as f:
            lines = f.read().strip().splitlines()
        part["error"] = lines[-1] if lines else "no output"
    report["parts"][name] = part
with open(os.path.join(out, "gpu.json"), "w") as f:
    json.dump(report, f, indent=1)
    f.write("\n")
for name, part in report["parts"].items():
    for r in part.get("results", []):
        setting = f"{r['precision'] or 'fp32'} {'cl ' if r['channels_last'] else '   '}{'graphs ' if r['cuda_graphs'] else ''}"
        print(f"{name:24} {setting:16}batch {r['batch']:3}: {r['median_ms']:8.2f} ms, {r['images_per_s']:8.1f} images/s")
    if "error" in part:
        print(f"{name:24} failed: {part['error']}")
print(f"gpu.sh: {os.path.join(out, 'gpu.json')}")
EOF
