#pragma once
// Everything the "hessian" analysis reports about the curvature of the mean
// NLL at one member: the top eigenpairs, the trace (exact or Hutch++, with
// each layer's share when exact or asked for) and on request the eigenvalue density. One
// function runs the stages in order, reporting progress by products made and
// stopping between products when the job is cancelled.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/hessian/HessianOperator.h"
#include "core/hessian/HessianSettings.h"
#include "core/hessian/Lanczos.h"
#include "core/hessian/SpectralDensity.h"
#include "core/hessian/TraceEstimate.h"

namespace modescape::hessian {

// A parameter tensor's share of the trace (the trace of its diagonal block
// of H) and, with perLayer, the largest eigenvalue of that block with its
// Lanczos residual. With the exact trace the block traces are sums of its
// diagonal; with Hutch++ and perLayer each block's trace is its own: exact
// for a block of at most traceProducts parameters (no dearer than Hutch++),
// else Hutch++ on the block with its standard error.
struct LayerTrace {
    std::string name;  // the parameter tensor
    std::int64_t size = 0;
    double trace = 0.0;
    double traceStandardError = 0.0;  // 0 when the block's trace is exact
    double lambdaMax = std::numeric_limits<double>::quiet_NaN();
    double residual = std::numeric_limits<double>::quiet_NaN();
    int steps = 0;  // Lanczos steps on the block (0: not computed)
    bool converged = false;
};

struct HessianSpectrum {
    std::int64_t parameters = 0;
    std::int64_t samples = 0;
    double loss = 0.0;  // mean NLL at the member on the data used
    Eigenpairs top;     // vectors on the CPU
    double tolerance = 0.0;
    TraceMethod traceMethod = TraceMethod::Exact;  // the one used (never Auto)
    TraceEstimate trace;
    std::vector<LayerTrace> layers;  // exact trace or perLayer: one per tensor
    std::optional<SpectralDensity> density;
    std::vector<ParameterBlock> blocks;
    std::int64_t products = 0;  // Hessian-vector products in all
};

// The trace method `settings.trace` comes to for this many parameters.
TraceMethod resolvedTraceMethod(TraceMethod method, std::int64_t parameters);

HessianSpectrum computeHessianSpectrum(const HessianOperator& op, const HessianSettings& settings,
                                       const JobContext& context);

// The samples the loss is taken over: all of `data` when count is 0, else
// data::seededSubset's `count` samples chosen by the seed.
data::Dataset lossData(const data::Dataset& data, std::int64_t count, std::uint64_t seed);

}  // namespace modescape::hessian
