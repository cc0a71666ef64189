#pragma once
// Probabilities per (model, weights, data), stored on disk so calibration,
// diversity and function-space views never run a network twice. Keyed by a
// content hash of the model description, every weight tensor and the data
// (inputs and labels), so a changed file or dataset can never serve stale
// predictions. Files: <folder>/<hash>.safetensors, written atomically.

#include <optional>
#include <string>

#include "core/jobs/Progress.h"
#include "core/model/ParameterSet.h"

namespace modescape::data {
struct Dataset;
}
namespace modescape::model {
class Model;
}

namespace modescape::evaluation {

// Why cached probabilities cannot be predictions for dataset (an empty string
// when they can): not [N, C] floating point with N = dataset.size(), fewer
// classes than the labels need, or finite rows that are not distributions.
std::string problemWithCachedProbabilities(const at::Tensor& probabilities,
                                           const data::Dataset& dataset);

// $XDG_CACHE_HOME/modescape/predictions, else ~/.cache/modescape/predictions.
std::string defaultPredictionCacheFolder();

class PredictionCache {
  public:
    explicit PredictionCache(std::string folder = defaultPredictionCacheFolder());

    std::string key(const std::string& modelDescription, const model::ParameterSet& weights,
                    const data::Dataset& dataset) const;
    // The entry's file: <folder>/<key>.safetensors.
    std::string path(const std::string& key) const;
    // The stored tensor; nullopt when absent, or unreadable (then evicted).
    std::optional<at::Tensor> load(const std::string& key) const;
    void store(const std::string& key, const at::Tensor& probabilities) const;
    // Removes a bad entry, with a warning naming its file and the problem.
    void evict(const std::string& key, const std::string& problem) const;

    // Cached probabilities, or evaluate and store them. hit (when given) says
    // which. An entry that does not fit the data (shape, classes, rows that
    // are not distributions) is evicted with a warning and recomputed.
    at::Tensor probabilities(const model::Model& model, const std::string& modelDescription,
                             const model::ParameterSet& weights, const data::Dataset& dataset,
                             const JobContext& context, bool* hit = nullptr) const;

    const std::string& folder() const { return folder_; }

  private:
    std::string folder_;
};

}  // namespace modescape::evaluation
