#!/usr/bin/env bash
# Compile the reader's char loop and object walk (src/budgetlens/read/native/pdfchars.c,
# pdfobjects.c) into _pdfchars.so beside them, where budgetlens.read.pdf_native looks for it. Called by scripts/setup.sh on every run (it
# takes a fraction of a second) so that the library always matches its source.
# Why these flags: -ffp-contract=off keeps every multiply and add separate (no fused multiply-add),
# so the C loop's double arithmetic is the Python loop's, operation for operation; no -march, so
# the library runs on any machine of the architecture; no -g and no build id, so the same compiler
# writes the same bytes. The file links against nothing: PDFium's functions are handed over at run
# time from pypdfium2's loaded library.
# No C compiler: says so and exits 0 (the reader then runs its Python loop, with identical results).
#   OUT=FILE bash scripts/build_native.sh    # write the library elsewhere (the tests do)
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=(src/budgetlens/read/native/pdfchars.c src/budgetlens/read/native/pdfobjects.c
     src/budgetlens/read/native/pdfrows.c)
OUT=${OUT:-src/budgetlens/read/native/_pdfchars.so}
CC=${BUDGETLENS_CC:-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build_native: no C compiler ($CC): budgetlens reads PDFs with its Python loop (identical results, slower)" >&2
  exit 0
fi
FLAGS=(-O2 -std=c99 -fPIC -shared -ffp-contract=off -fno-fast-math -Wall -Wextra -Werror
       -Wl,--build-id=none)
tmp=$(mktemp "${OUT}.XXXXXX")
trap 'rm -f "$tmp"' EXIT
"$CC" "${FLAGS[@]}" -o "$tmp" "${SRC[@]}"
chmod 0755 "$tmp"
mv -f "$tmp" "$OUT"
