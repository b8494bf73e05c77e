#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: compiles the fuzz targets with $CXX $CXXFLAGS, links
# them with $LIB_FUZZING_ENGINE, and puts each binary, its seed corpus and its dictionary
# into $OUT.

# Dependencies, uninstrumented: libcrypto (static) and the nlohmann-json headers.
deps="$WORK/deps"
(
  cd "$SRC/openssl"
  CFLAGS="" CXXFLAGS="" ./config no-shared no-tests no-module --prefix="$deps" --libdir=lib
  make -j"$(nproc)" build_libs >/dev/null
  make install_dev >/dev/null
)
cmake -S "$SRC/json" -B "$WORK/json" -DJSON_BuildTests=OFF -DCMAKE_INSTALL_PREFIX="$deps"
cmake --install "$WORK/json"

# The fuzz targets only: no tests, no network shell (Asio), warnings not fatal for a
# compiler newer than the project's.
cmake -S "$SRC/schannel-emu" -B "$WORK/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DSCHANNEL_EMU_FUZZ=ON -DSCHANNEL_EMU_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DSCHANNEL_EMU_TESTS=OFF -DSCHANNEL_EMU_SHELL=OFF -DSCHANNEL_EMU_WERROR=OFF \
  -DOPENSSL_ROOT_DIR="$deps" -DOPENSSL_USE_STATIC_LIBS=ON -DCMAKE_PREFIX_PATH="$deps"
cmake --build "$WORK/build" --target fuzz_all

for corpus in "$SRC"/schannel-emu/fuzz/fuzz_*_corpus; do
  target="$(basename "$corpus" _corpus)"
  [[ -x "$WORK/build/fuzz/$target" ]] || continue
  cp "$WORK/build/fuzz/$target" "$OUT/"
  (cd "$corpus" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  case "$target" in
    fuzz_smtp_engine|fuzz_session) cp "$SRC/schannel-emu/fuzz/smtp.dict" "$OUT/$target.dict" ;;
    fuzz_client_hello|fuzz_verdict|fuzz_tls_engine)
      cp "$SRC/schannel-emu/fuzz/tls.dict" "$OUT/$target.dict" ;;
  esac
done
