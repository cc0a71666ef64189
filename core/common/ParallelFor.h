#pragma once
// at::parallel_for, only in files that really run it in parallel. LibTorch's
// template spreads the body over its OpenMP threads only where the including
// file is compiled with OpenMP; without it the body runs inline on one core and
// nothing says so. A module that includes this must call
// modescape_parallel_for(<target>) in its CMakeLists.txt.

#include <ATen/Parallel.h>

#ifndef _OPENMP
#error "at::parallel_for would run on one core here: call modescape_parallel_for() on this target"
#endif
