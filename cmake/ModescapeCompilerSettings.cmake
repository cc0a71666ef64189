# Per-target warning and Qt settings, plus ccache when present.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

# Warnings for our own targets only; third-party headers are included as SYSTEM.
function(modescape_target_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
  # Debian's LibTorch loads OpenCV's highgui, hence Qt 5, into every process.
  # Qt 5 and Qt 6 share mangled names, and by default an executable exports
  # its out-of-line copies of Qt 6 inline functions that a loaded library
  # references, so Qt 5's own static initialisers could bind to Qt 6 code and
  # crash before main (seen in a Debug test). Executables export nothing --
  # except under a sanitizer, whose malloc/free interceptors must stay
  # exported from the executable to take the place of libc's.
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE" AND NOT MODESCAPE_SANITIZE AND NOT MODESCAPE_FUZZ)
    target_link_options(${target} PRIVATE
      "LINKER:--version-script=${CMAKE_CURRENT_FUNCTION_LIST_DIR}/executable-exports.map")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
      "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/executable-exports.map")
  endif()
endfunction()

# For a module whose code calls at::parallel_for: LibTorch's header template
# spreads the body over the OpenMP team only where _OPENMP is defined, and runs
# it inline on one core everywhere else (so for sessions our t-SNE, landscape
# forward and calibration sums ran on one core). core/common/ParallelFor.h
# refuses to compile without it. We write no OpenMP pragmas of our own.
function(modescape_parallel_for target)
  target_link_libraries(${target} PRIVATE OpenMP::OpenMP_CXX)
endfunction()
