#include "core/hessian/HessianJson.h"

#include <cmath>

namespace modescape::hessian {

nlohmann::json toJson(const HessianSpectrum& s) {
    nlohmann::json out;
    out["parameters"] = s.parameters;
    out["samples"] = s.samples;
    out["loss"] = s.loss;
    out["eigenvalues"] = s.top.values;
    out["residuals"] = s.top.residuals;
    out["lanczos_steps"] = s.top.steps;
    out["converged"] = s.top.converged;
    out["tolerance"] = s.tolerance;
    out["trace"] = s.trace.value;
    out["trace_stderr"] = s.trace.standardError;
    out["trace_method"] = traceMethodName(s.traceMethod);
    out["trace_products"] = s.trace.products;
    nlohmann::json layers = nlohmann::json::array();
    const auto numberOrNull = [](double v) {
        return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    };
    for (const auto& l : s.layers) {
        nlohmann::json layer{
            {"name", l.name},
            {"parameters", l.size},
            {"trace", numberOrNull(l.trace)},
            {"trace_stderr", l.traceStandardError}};  // 0: the block's trace is exact
        if (l.steps > 0) {  // per layer: its own block's largest eigenvalue
            layer["lambda_max"] = numberOrNull(l.lambdaMax);
            layer["residual"] = numberOrNull(l.residual);
            layer["lanczos_steps"] = l.steps;
            layer["converged"] = l.converged;
        }
        layers.push_back(std::move(layer));
    }
    out["layers"] = layers;
    if (s.density) {
        out["density"] = {{"grid", s.density->grid},
                          {"values", s.density->values},
                          {"sigma", s.density->sigma},
                          {"runs", s.density->runs.size()}};
    }
    out["products"] = s.products;
    return out;
}

}  // namespace modescape::hessian
