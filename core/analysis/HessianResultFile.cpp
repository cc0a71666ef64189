#include "core/analysis/HessianResultFile.h"

#include <ATen/ATen.h>

#include "core/analysis/JsonResultFile.h"
#include "core/analysis/TensorResultFile.h"
#include "core/common/Error.h"
#include "core/common/WordTable.h"

namespace modescape::analysis {

namespace {

std::string eigenvectorName(std::size_t k) {
    return "eigenvector" + std::to_string(k);
}

nlohmann::json exactPart(const hessian::HessianSpectrum& s) {
    nlohmann::json blocks = nlohmann::json::array();
    for (const auto& b : s.blocks)
        blocks.push_back({{"name", b.name}, {"offset", b.offset}, {"size", b.size}});
    nlohmann::json exact{{"blocks", blocks}, {"diagonal", !s.trace.diagonal.empty()}};
    if (s.density) {
        nlohmann::json runs = nlohmann::json::array();
        for (const auto& run : s.density->runs)
            runs.push_back({{"nodes", run.nodes}, {"weights", run.weights}});
        exact["density_runs"] = runs;
    }
    return exact;
}

hessian::HessianSpectrum spectrumOf(const TensorResult& file) {
    const nlohmann::json& j = file.result;
    hessian::HessianSpectrum s;
    s.parameters = j.at("parameters").get<std::int64_t>();
    s.samples = j.at("samples").get<std::int64_t>();
    s.loss = numberOrNan(j.at("loss"));
    s.top.values = numbersOrNan(j.at("eigenvalues"));
    s.top.residuals = numbersOrNan(j.at("residuals"));
    s.top.steps = j.at("lanczos_steps").get<int>();
    s.top.converged = j.at("converged").get<bool>();
    s.tolerance = numberOrNan(j.at("tolerance"));
    s.trace.value = numberOrNan(j.at("trace"));
    s.trace.standardError = numberOrNan(j.at("trace_stderr"));
    s.traceMethod = parseWord(j.at("trace_method").get<std::string>(), hessian::kTraceMethodWords,
                              "trace method");
    s.trace.products = j.at("trace_products").get<std::int64_t>();
    for (const auto& l : j.at("layers")) {
        hessian::LayerTrace layer{l.at("name").get<std::string>(),
                                  l.at("parameters").get<std::int64_t>(),
                                  numberOrNan(l.at("trace"))};
        if (l.contains("lambda_max")) {
            layer.lambdaMax = numberOrNan(l.at("lambda_max"));
            layer.residual = numberOrNan(l.at("residual"));
            layer.steps = l.at("lanczos_steps").get<int>();
            layer.converged = l.at("converged").get<bool>();
        }
        s.layers.push_back(std::move(layer));
    }
    const nlohmann::json& exact = j.at("exact");
    if (j.contains("density")) {
        hessian::SpectralDensity d;
        d.grid = numbersOrNan(j["density"].at("grid"));
        d.values = numbersOrNan(j["density"].at("values"));
        d.sigma = numberOrNan(j["density"].at("sigma"));
        for (const auto& run : exact.at("density_runs"))
            d.runs.push_back({numbersOrNan(run.at("nodes")), numbersOrNan(run.at("weights"))});
        s.density = std::move(d);
    }
    s.products = j.at("products").get<std::int64_t>();
    for (const auto& b : exact.at("blocks"))
        s.blocks.push_back({b.at("name").get<std::string>(), b.at("offset").get<std::int64_t>(),
                            b.at("size").get<std::int64_t>()});
    for (std::size_t k = 0; k < s.top.values.size(); ++k)
        s.top.vectors.push_back(file.tensor(eigenvectorName(k)));
    if (exact.at("diagonal").get<bool>()) {
        const at::Tensor diagonal = file.tensor("diagonal").to(at::kDouble).contiguous();
        const double* begin = diagonal.data_ptr<double>();
        s.trace.diagonal.assign(begin, begin + diagonal.numel());
    }
    return s;
}

}  // namespace

void writeHessianResultFile(const std::string& path, const Analysis& analysis,
                            const HessianResult& result, const nlohmann::json& printed) {
    nlohmann::json json = printed;
    json["exact"] = exactPart(result.spectrum);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    const auto& vectors = result.spectrum.top.vectors;
    for (std::size_t k = 0; k < vectors.size(); ++k)
        tensors.emplace_back(eigenvectorName(k), vectors[k]);
    const auto& diagonal = result.spectrum.trace.diagonal;
    if (!diagonal.empty())
        tensors.emplace_back("diagonal", at::tensor(at::ArrayRef<double>(diagonal), at::kDouble));
    writeTensorResultFile(path, analysis, json, tensors);
}

HessianResult readHessianResultFile(const std::string& path, const Analysis& analysis) {
    const TensorResult file = readTensorResultFile(path, analysis);
    try {
        HessianResult result;
        result.member = file.result.at("member").get<std::string>();
        result.split = file.result.at("split").get<std::string>();
        result.data = file.result.at("data").get<std::string>();
        result.spectrum = spectrumOf(file);
        return result;
    } catch (const FormatError&) {
        throw;  // a missing tensor names the file already
    } catch (const std::exception& error) {
        throwJsonResultError(path, error);
    }
}

}  // namespace modescape::analysis
