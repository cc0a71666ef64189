#include "core/hessian/HessianSpectrum.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>

#include "core/data/Transforms.h"

namespace modescape::hessian {

// Products one block's own trace costs under perLayer with a Hutch++ trace.
static std::int64_t blockTraceProducts(std::int64_t size, int traceProducts) {
    return size <= traceProducts ? size : std::max(traceProducts, 4);
}

TraceMethod resolvedTraceMethod(TraceMethod method, std::int64_t parameters) {
    if (method != TraceMethod::Auto)
        return method;
    return parameters <= kExactTraceLimit ? TraceMethod::Exact : TraceMethod::HutchPlusPlus;
}

HessianSpectrum computeHessianSpectrum(const HessianOperator& op, const HessianSettings& settings,
                                       const JobContext& context) {
    HessianSpectrum out;
    out.parameters = op.dimension();
    out.samples = op.samples();
    out.blocks = op.blocks();
    out.tolerance = settings.tolerance;
    out.traceMethod = resolvedTraceMethod(settings.trace, op.dimension());
    const auto options = op.vectorOptions();
    const LinearOperator product = [&op](const at::Tensor& v) { return op.apply(v); };

    // The plan in products, for the progress fraction: Lanczos may stop early.
    const std::int64_t lanczosSteps =
        std::min<std::int64_t>(settings.maxIterations, op.dimension());
    const std::int64_t traceProducts = out.traceMethod == TraceMethod::Exact
                                           ? op.dimension()
                                           : std::max(settings.traceProducts, 4);
    const std::int64_t densityProducts =
        settings.density ? std::int64_t(settings.densityRuns) *
                               std::min<std::int64_t>(settings.densitySteps, op.dimension())
                         : 0;
    std::int64_t layerProducts = 0;
    if (settings.perLayer)
        for (const auto& b : op.blocks())
            layerProducts += std::min<std::int64_t>(settings.maxIterations, b.size) +
                             (out.traceMethod == TraceMethod::Exact
                                  ? 0
                                  : blockTraceProducts(b.size, settings.traceProducts));
    const double planned = double(lanczosSteps + traceProducts + layerProducts + densityProducts);
    std::int64_t before = 0;  // products of the finished stages (as planned)
    auto stage = [&](const std::string& what) {
        return [&, what](int steps) {
            context.checkCancelled();
            context.report(std::min(1.0, double(before + steps) / planned), what);
        };
    };

    out.loss = op.loss();
    LanczosOptions lanczos;
    lanczos.wanted = settings.top;
    lanczos.maxSteps = settings.maxIterations;
    lanczos.tolerance = settings.tolerance;
    lanczos.seed = settings.seed;
    out.top =
        topEigenpairs(product, op.dimension(), options, lanczos, stage("Lanczos: top eigenvalues"));
    for (auto& v : out.top.vectors)
        v = v.cpu();
    before += lanczosSteps;

    if (out.traceMethod == TraceMethod::Exact) {
        out.trace = exactTrace(product, op.dimension(), options, stage("trace: exact"));
        for (const auto& b : out.blocks) {
            double sum = 0.0;
            for (std::int64_t i = 0; i < b.size; ++i)
                sum += out.trace.diagonal[static_cast<std::size_t>(b.offset + i)];
            out.layers.push_back({b.name, b.size, sum});
        }
    } else {
        out.trace = hutchPlusPlusTrace(product, op.dimension(), options, settings.traceProducts,
                                       settings.seed + 1000003, stage("trace: Hutch++"));
    }
    before += traceProducts;

    if (settings.perLayer) {
        const bool blockTraces = out.layers.empty();  // the trace was not exact
        for (std::size_t i = 0; i < out.blocks.size(); ++i) {
            const ParameterBlock& b = out.blocks[i];
            // H restricted to the tensor: its own entries in, its own entries out.
            const LinearOperator block = [&op, &b, &options](const at::Tensor& v) {
                at::Tensor full = at::zeros({op.dimension()}, options);
                full.narrow(0, b.offset, b.size).copy_(v);
                return op.apply(full).narrow(0, b.offset, b.size).clone();
            };
            if (blockTraces) {
                const std::string what = "per layer: trace of " + b.name;
                const TraceEstimate t =
                    b.size <= settings.traceProducts
                        ? exactTrace(block, b.size, options, stage(what))
                        : hutchPlusPlusTrace(block, b.size, options, settings.traceProducts,
                                             settings.seed + 1000003 + 7 * (i + 1), stage(what));
                out.layers.push_back({b.name, b.size, t.value, t.standardError});
                before += blockTraceProducts(b.size, settings.traceProducts);
            }
            LanczosOptions one = lanczos;
            one.wanted = 1;
            one.seed = settings.seed + 104729 * (i + 1);
            const Eigenpairs top =
                topEigenpairs(block, b.size, options, one, stage("per layer: " + b.name));
            LayerTrace& layer = out.layers[i];
            layer.lambdaMax = top.values.front();
            layer.residual = top.residuals.front();
            layer.steps = top.steps;
            layer.converged = top.converged;
            before += std::min<std::int64_t>(settings.maxIterations, b.size);
        }
    }

    if (settings.density) {
        std::vector<Quadrature> runs;
        for (int r = 0; r < settings.densityRuns; ++r) {
            const at::Tensor start =
                seededSigns(op.dimension(), settings.seed + 7919 * (r + 1), options);
            runs.push_back(lanczosQuadrature(product, start, settings.densitySteps,
                                             stage("density: run " + std::to_string(r + 1))));
            before += std::min<std::int64_t>(settings.densitySteps, op.dimension());
        }
        out.density =
            densityFromQuadratures(std::move(runs), settings.densityPoints, settings.densityWidth);
    }
    out.products = op.products();
    context.report(1.0, "done");
    return out;
}

data::Dataset lossData(const data::Dataset& data, std::int64_t count, std::uint64_t seed) {
    return count > 0 ? data::seededSubset(data, count, seed) : data;
}

}  // namespace modescape::hessian
