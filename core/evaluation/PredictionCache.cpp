#include "core/evaluation/PredictionCache.h"

#include <ATen/ATen.h>

#include <filesystem>

#include "core/common/Log.h"
#include "core/common/UserFolders.h"
#include "core/data/Dataset.h"
#include "core/data/Normalization.h"
#include "core/evaluation/ContentHash.h"
#include "core/evaluation/Evaluator.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::evaluation {
namespace fs = std::filesystem;

std::string defaultPredictionCacheFolder() {
    return (fs::path(userCacheFolder()) / "predictions").string();
}

PredictionCache::PredictionCache(std::string folder) : folder_(std::move(folder)) {}

std::string PredictionCache::key(const std::string& modelDescription,
                                 const model::ParameterSet& weights,
                                 const data::Dataset& dataset) const {
    ContentHash hash;
    hash.add(modelDescription);
    for (const auto& e : weights.entries())
        hash.add(e.name).add(e.tensor);
    hash.add(dataset.inputs).add(dataset.labels);
    // The inputs already differ between normalisations; naming the constants
    // too keeps that explicit (and leaves keys of unnormalised data as before).
    if (!dataset.normalization.mean.empty())
        hash.add("normalization mean=" + data::joinChannelValues(dataset.normalization.mean) +
                 ",std=" + data::joinChannelValues(dataset.normalization.std));
    return hash.hex();
}

std::string PredictionCache::path(const std::string& key) const {
    return (fs::path(folder_) / (key + ".safetensors")).string();
}

std::optional<at::Tensor> PredictionCache::load(const std::string& key) const {
    const std::string file = path(key);
    if (!fs::exists(file))
        return std::nullopt;
    try {
        return io::openSafetensors(file)->read("probabilities");
    } catch (const std::exception& e) {
        evict(key, e.what());
        return std::nullopt;
    }
}

void PredictionCache::evict(const std::string& key, const std::string& problem) const {
    // A bad entry is recomputed, never trusted, and removed so it cannot fail again.
    std::error_code ec;
    fs::remove(path(key), ec);
    log::warning("prediction cache: " + path(key) + ": " + problem +
                 (ec ? "; could not remove it (" + ec.message() + "), recomputing"
                     : "; removed it, recomputing"));
}

std::string problemWithCachedProbabilities(const at::Tensor& p, const data::Dataset& dataset) {
    const auto shape = [](const at::Tensor& t) {
        std::string s;
        for (auto d : t.sizes())
            s += (s.empty() ? "" : ", ") + std::to_string(d);
        return "[" + s + "]";
    };
    if (!p.defined())
        return "no probabilities";
    if (!p.is_floating_point())
        return "probabilities of type " + std::string(c10::toString(p.scalar_type())) +
               ", not floating point";
    if (p.dim() != 2 || p.size(0) != dataset.size() || p.size(1) < 1)
        return "probabilities of shape " + shape(p) + ", expected [" +
               std::to_string(dataset.size()) + ", classes]";
    if (dataset.labels.numel() > 0 && dataset.labels.max().item<std::int64_t>() >= p.size(1))
        return std::to_string(p.size(1)) + " classes, fewer than the labels need";
    // Rows with NaN are a member's true (non-finite) predictions; the others must be
    // distributions.
    const at::Tensor q = p.to(at::kDouble);
    const at::Tensor finiteRows = at::isfinite(q).all(1);
    if (finiteRows.any().item<bool>()) {
        const at::Tensor rows = q.index_select(0, finiteRows.nonzero().squeeze(1));
        if (rows.min().item<double>() < -1e-6 || rows.max().item<double>() > 1 + 1e-6 ||
            (rows.sum(1) - 1).abs().max().item<double>() > 1e-3)
            return "rows that are not probability distributions";
    }
    return {};
}

void PredictionCache::store(const std::string& key, const at::Tensor& probabilities) const {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    try {
        io::writeSafetensors(path(key), {{"probabilities", probabilities.contiguous()}});
    } catch (const std::exception& e) {
        // The cache is an optimisation: a read-only or full disk must not fail the job.
        log::warning(std::string("could not store predictions in the cache: ") + e.what());
    }
}

at::Tensor PredictionCache::probabilities(const model::Model& model,
                                          const std::string& modelDescription,
                                          const model::ParameterSet& weights,
                                          const data::Dataset& dataset, const JobContext& context,
                                          bool* hit) const {
    const std::string k = key(modelDescription, weights, dataset);
    if (auto cached = load(k)) {
        if (const std::string problem = problemWithCachedProbabilities(*cached, dataset);
            problem.empty()) {
            if (hit)
                *hit = true;
            return cached->to(at::kFloat);
        } else {
            evict(k, "holds " + problem);
        }
    }
    if (hit)
        *hit = false;
    at::Tensor p = predictProbabilities(model, weights, dataset, context);
    store(k, p);
    return p;
}

}  // namespace modescape::evaluation
