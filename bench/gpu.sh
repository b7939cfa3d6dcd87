#!/bin/bash
# The GPU check, in one short run: the Java generator (./wuton bench through the .gpu/ bundle) at batch 1 and 32
# in fp32, bf16 and fp16, contiguous and channels-last, eager and from CUDA graphs, with each setting's SSIM
# against fp32; beside it the same model in PyTorch on the same GPU, eager in the same settings and torch.compile
# (reduce-overhead, which replays CUDA graphs, in fp32 and bf16; the default mode in fp32); one teacher training step in Java at batch 8;
# and a data-parallel training run of one rank over NCCL. Each part runs in its own process under its own time limit, so one that fails or hangs leaves the
# others' numbers.
#
# On the GPU machine (PyTorch with CUDA, no Java), from a checkout holding .gpu/ (packed by bench/gpu-bundle.sh):
#     OUT=/some/folder bash bench/gpu.sh
# Here, on a CPU, the same steps with a tiny model and two iterations, to check the script itself:
#     OUT=/tmp/gpu-dry bash bench/gpu.sh --cpu
# $OUT receives one file, gpu.json (every part's numbers, or the end of its log where it failed), written again
# after each part, so a run stopped by its time limit still leaves what it measured; the parts' own JSON and logs
# stay in $WORK (default: a new folder under /tmp). STEP_SECONDS limits each part (default 150).
# Model: MODEL_ARGS (default: the paper's generator at 256x192, fresh and seeded: what the issue's goals are for).
# Not yet run on a GPU (2026-12-01): written and checked with --cpu only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mode=gpu
[ "${1:-}" = "--cpu" ] && mode=cpu
[ -n "${OUT:-}" ] || { echo "gpu.sh: set OUT to the folder for the results" >&2; exit 2; }
out=$OUT
work=${WORK:-$(mktemp -d /tmp/gpu-work.XXXXXX)}
mkdir -p "$out" "$work"
python=${PYTHON:-python3}
limit=${STEP_SECONDS:-150}

if [ "$mode" = gpu ]; then
  [ -f .gpu/run.sh ] || { echo "gpu.sh: no .gpu/run.sh: build and pack first (bench/gpu-bundle.sh)" >&2; exit 2; }
  java_main=(bash .gpu/run.sh wuton.cli.Main)
  java_bench=("${java_main[@]}" bench --device cuda)
  device=cuda
  model_args=(${MODEL_ARGS:---model full --size 256x192})
  batches=1,32
  iters=50
  warmup=10
  agreement=8
  train_args=(--train --model full --size 256x192 --batch 8 --iters 20 --warmup 5)
else
  java_main=(./wuton)
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
# torch.compile compiles again for each precision and batch (tens of seconds each): fp32 and bf16, one part each,
# so that a slow compile costs one part's limit, not all of them
common=(--batch "$batches" --iters "$iters" --warmup "$warmup")
parts=()

summarise() {  # every part so far into $out/gpu.json, through a temporary file
  "$python" - "$out" "$work" "$mode" "${parts[@]}" <<'EOF'
import json, os, sys
out, work, mode, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
report = {"mode": mode, "parts": {}}
for name in names:
    part = json.load(open(os.path.join(work, name + ".status")))
    path = os.path.join(work, name + ".json")
    if part["status"] == 0 and not os.path.exists(path):
        # a part that checks rather than times: its log lines say what it did (not its progress bar)
        with open(os.path.join(work, name + ".log"), errors="replace") as f:
            said = [line.split("\r")[-1] for line in f.read().splitlines()]
        part["log"] = [line for line in said if any(w in line for w in (" INFO ", " WARN ", " ERROR "))][-10:]
    elif part["status"] == 0:
        data = json.load(open(path))
        part.update({k: data.get(k) for k in ("device", "model", "size", "architecture", "parameters", "torch",
                                              "cuda_settings")})
        part["results"] = [{k: r.get(k) for k in ("precision", "channels_last", "cuda_graphs", "batch", "median_ms",
                                                  "images_per_s")} for r in data["results"]]
        if "agreement" in data:
            part["agreement"] = data["agreement"]
    else:
        with open(os.path.join(work, name + ".log"), errors="replace") as f:
            lines = f.read().strip().splitlines()
        said = [line for line in lines if not line.lstrip().startswith(("at ", "... "))]
        part["error"] = said[-1] if said else "no output"
        # the first lines of a stack trace say where, the last what the summary's error line says
        traced = [i for i, line in enumerate(lines) if "Exception" in line or "Error" in line]
        part["log_tail"] = (lines[traced[0]:traced[0] + 25] if traced else []) + lines[-15:]
    report["parts"][name] = part
with open(os.path.join(out, "gpu.json.tmp"), "w") as f:
    json.dump(report, f, indent=1)
    f.write("\n")
os.replace(os.path.join(out, "gpu.json.tmp"), os.path.join(out, "gpu.json"))
EOF
}

step() {  # name, then the command; records its exit status and time, keeps going when it fails
  local name=$1
  shift
  local start=$SECONDS
  echo "gpu.sh: $name: $*" >&2
  if timeout "$limit" "$@" > "$work/$name.log" 2>&1; then status=0; else status=$?; fi
  [ "$status" = 124 ] && echo "gpu.sh: $name: stopped after its limit of $limit s" >> "$work/$name.log"
  echo "{\"status\": $status, \"seconds\": $((SECONDS - start))}" > "$work/$name.status"
  [ "$status" = 0 ] || { echo "gpu.sh: $name failed ($status), see $work/$name.log" >&2; tail -3 "$work/$name.log" >&2; }
  parts+=("$name")
  summarise
}

step java "${java_bench[@]}" "${model_args[@]}" "${common[@]}" --precision "$precisions" --channels-last off,on \
  --cuda-graphs off --agreement "$agreement" --json "$work/java.json" --force
# CUDA graphs exist on CUDA only: the dry run checks that the CPU refuses them in one line
# --verbose: where the capture fails, its stack trace goes into the summary's log tail
step java-graphs "${java_bench[@]}" "${model_args[@]}" "${common[@]}" --precision "$precisions" --channels-last off,on \
  --cuda-graphs on --agreement "$agreement" --json "$work/java-graphs.json" --force --verbose
step eager "$python" bench/reference.py --device "$device" "${model_args[@]}" "${common[@]}" \
  --precision "$precisions" --channels-last off,on --json "$work/eager.json"
for precision in fp32 bf16; do
  step "compile-reduce-overhead-$precision" "$python" bench/reference.py --device "$device" "${model_args[@]}" \
    "${common[@]}" --precision "$precision" --channels-last off --compile reduce-overhead \
    --json "$work/compile-reduce-overhead-$precision.json"
done
step java-train "${java_bench[@]}" "${train_args[@]}" --json "$work/java-train.json" --force
# NCCL (Gloo on the CPU) in a data-parallel run of one rank: the group, the gradient buckets, the broadcast and the
# weight check on the GPU; two ranks would need two GPUs
step nccl bash -c "${java_main[*]} synth --out $work/world --count 16 --size 64x48 && ${java_main[*]} train \
  --stage teacher --data $work/world --out $work/one-rank --model tiny --size 64x48 --batch 2 --steps 3 \
  --checkpoint-every 1 --device $device --rank 0 --world-size 1 --master 127.0.0.1:29511"
step compile-default-fp32 "$python" bench/reference.py --device "$device" "${model_args[@]}" "${common[@]}" \
  --precision fp32 --channels-last off --compile default --json "$work/compile-default-fp32.json"

"$python" - "$out/gpu.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
for name, part in report["parts"].items():
    for r in part.get("results", []):
        setting = f"{r['precision'] or 'fp32'} {'cl ' if r['channels_last'] else '   '}{'graphs ' if r['cuda_graphs'] else ''}"
        print(f"{name:28} {setting:16}batch {r['batch']:3}: {r['median_ms']:8.2f} ms, {r['images_per_s']:8.1f} images/s")
    for a in part.get("agreement", []):
        setting = f"{a['precision']} {'cl ' if a['channels_last'] else '   '}{'graphs ' if a.get('cuda_graphs') else ''}"
        print(f"{name:28} {setting:16}SSIM vs fp32 {a['ssim_vs_fp32_mean']:.4f} (lowest {a['ssim_vs_fp32_min']:.4f})")
    if part.get("log"):
        print(f"{name:28} {part['log'][-1]}")
    if "error" in part:
        print(f"{name:28} failed: {part['error']}")
print(f"gpu.sh: {sys.argv[1]}")
EOF
