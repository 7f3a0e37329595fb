#!/usr/bin/env bash
# Rebuilds the WASI test programs in this folder from their C sources.
#
# Needs Debian's clang, lld and wasi-libc (apt-get install clang lld wasi-libc): the sysroot is /usr, where
# wasi-libc puts its headers (include/wasm32-wasi) and libraries (lib/wasm32-wasi). The .wasm outputs are
# checked in, so running the tests needs none of this.
#
# Usage: bash build.sh            (from anywhere)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

CC="${CC:-clang}"
SYSROOT="${WASI_SYSROOT:-/usr}"
CFLAGS=(--target=wasm32-wasi "--sysroot=$SYSROOT" -O2 -Wall -Werror -Wl,--strip-all)

command -v "$CC" >/dev/null || { echo "build.sh: $CC not found (apt-get install clang lld wasi-libc)" >&2; exit 1; }

for source in *.c; do
  name="${source%.c}"
  "$CC" "${CFLAGS[@]}" -o "$name.wasm" "$source"
  echo "built $name.wasm ($(wc -c < "$name.wasm") bytes)"
done
