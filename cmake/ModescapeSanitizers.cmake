# Included by the top-level CMakeLists when MODESCAPE_SANITIZE is ON, before
# any target is made: every target of the build (libraries, tests, the CLI)
# is compiled and linked with AddressSanitizer and UndefinedBehaviorSanitizer.
# Undefined behaviour aborts (-fno-sanitize-recover), so a test that triggers
# it fails instead of printing a warning nobody reads. The run-time options
# (ASAN_OPTIONS, UBSAN_OPTIONS, the leak suppressions for LibTorch and Qt,
# which are not built with sanitizers) are set by the `asan` test preset.
if(MODESCAPE_FUZZ)
  message(FATAL_ERROR "MODESCAPE_SANITIZE and MODESCAPE_FUZZ are separate builds; choose one")
endif()
set(MODESCAPE_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
add_compile_options(${MODESCAPE_SANITIZER_FLAGS})
add_link_options(-fsanitize=address,undefined)
