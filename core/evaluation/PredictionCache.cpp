#include "core/evaluation/PredictionCache.h"

#include <ATen/ATen.h>

#include <cstdlib>
#include <filesystem>

#include "core/common/Log.h"
#include "core/data/Dataset.h"
#include "core/evaluation/ContentHash.h"
#include "core/evaluation/Evaluator.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::evaluation {
namespace fs = std::filesystem;

std::string defaultPredictionCacheFolder() {
    fs::path base;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".cache";
    else
        base = fs::temp_directory_path();
    return (base / "modescape" / "predictions").string();
}

PredictionCache::PredictionCache(std::string folder) : folder_(std::move(folder)) {}

std::string PredictionCache::key(const std::string& modelDescription, const model::ParameterSet& weights,
                                 const data::Dataset& dataset) const {
    ContentHash hash;
    hash.add(modelDescription);
    for (const auto& e : weights.entries()) hash.add(e.name).add(e.tensor);
    hash.add(dataset.inputs).add(dataset.labels);
    return hash.hex();
}

std::optional<at::Tensor> PredictionCache::load(const std::string& key) const {
    const fs::path path = fs::path(folder_) / (key + ".safetensors");
    if (!fs::exists(path)) return std::nullopt;
    try {
        return io::openSafetensors(path.string())->read("probabilities");
    } catch (const std::exception& e) {
        // A damaged cache entry is recomputed, never trusted.
        log::warning(std::string("ignoring a damaged prediction cache entry: ") + e.what());
        return std::nullopt;
    }
}

void PredictionCache::store(const std::string& key, const at::Tensor& probabilities) const {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    try {
        io::writeSafetensors((fs::path(folder_) / (key + ".safetensors")).string(),
                             {{"probabilities", probabilities.contiguous()}});
    } catch (const std::exception& e) {
        // The cache is an optimisation: a read-only or full disk must not fail the job.
        log::warning(std::string("could not store predictions in the cache: ") + e.what());
    }
}

at::Tensor PredictionCache::probabilities(const model::Model& model, const std::string& modelDescription,
                                          const model::ParameterSet& weights, const data::Dataset& dataset,
                                          const JobContext& context, bool* hit) const {
    const std::string k = key(modelDescription, weights, dataset);
    if (auto cached = load(k)) {
        if (hit) *hit = true;
        return *cached;
    }
    if (hit) *hit = false;
    at::Tensor p = predictProbabilities(model, weights, dataset, context);
    store(k, p);
    return p;
}

}  // namespace modescape::evaluation
