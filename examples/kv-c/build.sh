#!/usr/bin/env bash
# Rebuilds kv.wasm from kv.c. Needs clang and wasm-ld with the wasm32 target
# (Debian: apt-get install -y clang lld). kv.wasm is checked in, so running
# the agent and its tests needs none of this.
#
# Usage: bash examples/kv-c/build.sh     (from anywhere)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

CC="${CC:-clang}"
command -v "$CC" >/dev/null || { echo "build.sh: $CC not found (apt-get install -y clang lld)" >&2; exit 1; }

# No C library: the agent's only imports are the edgedancer ABI functions.
"$CC" --target=wasm32 -O2 -ffreestanding -fno-builtin -nostdlib \
  -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--strip-debug \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=1048576 -Wl,--max-memory=16777216 \
  -o kv.wasm kv.c
echo "built kv.wasm ($(wc -c < kv.wasm) bytes)"
