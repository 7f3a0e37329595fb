#!/usr/bin/env bash
# Rebuilds every benchmark module in this folder from its source.
#
# Needs: clang and wasm-ld with the wasm32 target (Debian: clang lld), node,
# and the npm package wabt (a dependency of @edgedancer/bench) for the WAT
# programs. The .wasm outputs are checked in, so running the benchmarks needs
# none of this.
#
# Usage: bash build.sh            (from anywhere)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

CC="${CC:-clang}"
CFLAGS=(--target=wasm32 -O2 -ffreestanding -fno-builtin -fwrapv -nostdlib
        -Wl,--no-entry -Wl,--strip-debug)

command -v "$CC" >/dev/null || { echo "build.sh: $CC not found (apt-get install clang lld)" >&2; exit 1; }
wat2wasm="$(node -p "require('path').join(require('path').dirname(require.resolve('wabt/package.json')), 'bin', 'wat2wasm')")"

for source in fib sieve matmul sha256 i64-arith i64-hash mandelbrot dispatch mixed; do
  "$CC" "${CFLAGS[@]}" -o "$source.wasm" "$source.c"
  echo "built $source.wasm ($(wc -c < "$source.wasm") bytes)"
done

# bulk-memory is an MVP extension: only the module that uses it enables it.
for source in sieve-wat bulk-memory; do
  node "$wat2wasm" "$source.wat" -o "$source.wasm"
  echo "built $source.wasm ($(wc -c < "$source.wasm") bytes)"
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node gen-large.mjs 2600 > "$tmp/large.c"
cp bench.h "$tmp/"
"$CC" "${CFLAGS[@]}" -o large.wasm "$tmp/large.c"
echo "built large.wasm ($(wc -c < large.wasm) bytes)"
