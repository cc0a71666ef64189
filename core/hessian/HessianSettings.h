#pragma once
// What the "hessian" analysis computes and how (docs/hessian.md): the top
// eigenpairs, the trace by one method, and on request the eigenvalue density.

#include <cstdint>
#include <string>

#include "core/common/WordTable.h"

namespace modescape::hessian {

// Auto: exact up to kExactTraceLimit parameters, Hutch++ above.
enum class TraceMethod { Auto, Exact, HutchPlusPlus };
inline constexpr WordTable<TraceMethod, 3> kTraceMethodWords{
    {{"auto", TraceMethod::Auto},
     {"exact", TraceMethod::Exact},
     {"hutch++", TraceMethod::HutchPlusPlus}}};
const char* traceMethodName(TraceMethod method);

// One Hessian-vector product per parameter is affordable up to here.
inline constexpr std::int64_t kExactTraceLimit = 20000;

struct HessianSettings {
    int top = 5;              // eigenpairs wanted (largest algebraic)
    double tolerance = 1e-6;  // residual |Hv - lv| / |l_max| that counts as converged
    int maxIterations = 300;  // Lanczos steps at most (capped by the dimension)
    TraceMethod trace = TraceMethod::Auto;
    int traceProducts = 150;  // Hutch++: Hessian-vector products in all (3 blocks)
    // Also each parameter tensor's own block of H (the Hessian of the loss in
    // that tensor alone): its largest eigenvalue by Lanczos.
    bool perLayer = false;
    bool density = false;
    int densityRuns = 4;            // SLQ: random start vectors
    int densitySteps = 60;          // SLQ: Lanczos steps per run
    int densityPoints = 400;        // grid points of the density
    double densityWidth = 0.01;     // Gaussian sigma as a fraction of the spectrum's range
    std::uint64_t seed = 0;         // start vectors, probes and the data subset
    std::int64_t subset = 0;        // samples of the split used; 0 = all of them
    std::int64_t batchSize = 1024;  // samples per forward (speed and memory only)
};

}  // namespace modescape::hessian
