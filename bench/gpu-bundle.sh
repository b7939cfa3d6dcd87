#!/bin/bash
# Packs .gpu/ for bench/gpu.sh: the GPU bundle of ../shared/gpu/bundle.sh (a slim JRE, the classes, the runtime jars,
# libtorch's CUDA JNI libraries) with the cuda profile's dependencies (JavaCPP's CUDA runtime bindings, which the
# CUDA graphs call), then slimmed to what a Linux x86-64 GPU machine loads, so that it fits the 64 MiB a device run
# carries (71 MiB before, 51 after).
#
#     mvn -q -DskipTests package && bash bench/gpu-bundle.sh
#
# Slimmed: OpenBLAS's full build (libtorch loads the plain one), sqlite-jdbc's natives for other
# systems, and the CUDA presets' natives other than the runtime's.
#
# Where the copy sent to the GPU machine is limited to 64 MiB with the checkout itself: the checkout's tracked
# files are about 40 MB, 35 of them the shipped models, which bench/gpu.sh does not read (it times a fresh model).
# Send it without them: `git rm -r -q --cached models && echo /models/ >> .git/info/exclude` before, and
# `git reset -q && sed -i '\|^/models/$|d' .git/info/exclude` after.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools=${WUTON_GPU_TOOLS:-$root/../shared/gpu}
[ -x "$tools/bundle.sh" ] || { echo "gpu-bundle: no $tools/bundle.sh (set WUTON_GPU_TOOLS)" >&2; exit 2; }
WUTON_PROFILES=cuda "$tools/bundle.sh"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tar -xJf .gpu/bundle.tar.xz -C "$stage"
drop() {  # jar, then the entries (zip patterns) to leave out of it
  local jar=$1
  shift
  [ -f "$jar" ] || { echo "gpu-bundle: no $jar in the bundle" >&2; exit 1; }
  zip -q -d "$jar" "$@"
}
lib=$stage/lib
drop "$(ls "$lib"/openblas-*-linux-x86_64.jar)" '*/libjniopenblas_full.so' '*/include/*'
drop "$(ls "$lib"/sqlite-jdbc-*.jar)" 'org/sqlite/native/*' -x 'org/sqlite/native/Linux/x86_64/*'
cuda=$(ls "$lib"/cuda-*-linux-x86_64.jar)
drop "$cuda" 'org/bytedeco/cuda/linux-x86_64/*.so*' -x 'org/bytedeco/cuda/linux-x86_64/libjnicudart.so'
tar -cJf .gpu/bundle.tar.xz -C "$stage" .
echo "gpu-bundle: .gpu/bundle.tar.xz ($(du -m .gpu/bundle.tar.xz | cut -f1) MiB)"
