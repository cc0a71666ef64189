# Included by the top-level CMakeLists when MODESCAPE_FUZZ is ON, before any
# target is defined: every library of the fuzz build is instrumented for
# libFuzzer's coverage feedback and AddressSanitizer, so that a bug anywhere in
# a parser (not only in the fuzzer's own file) is found and reported.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "MODESCAPE_FUZZ needs clang (libFuzzer): configure with "
                      "CC=clang CXX=clang++ (see fuzz/run-fuzz.sh)")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address)
# LibTorch 1.13's ATen/core/List.h instantiates std::vector<IValue> before
# IValue is complete, which clang refuses in C++20 (g++ accepts it): every C++
# file of the fuzz build sees ivalue.h first, so <ATen/ATen.h> compiles.
add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-includeATen/core/ivalue.h>)
# The usual libFuzzer convention: checksums that a mutated input almost never
# satisfies (the zip CRC) are not enforced, so the fuzzer reaches the parsers
# behind them.
add_compile_definitions(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
