#pragma once
// Everything the analyses of one open set share: the set, the one LoadedSet
// (model built once, datasets loaded once, weights read on demand), the
// prediction cache and the current selection. The GUI keeps one per open set
// and hands it to every page; a CLI run makes one. Analyses run on one worker
// thread at a time; the selection may be read and written from any thread.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::analysis {

class SetWorkspace {
  public:
    explicit SetWorkspace(io::CheckpointSet set, std::string predictionCacheFolder =
                                                     evaluation::defaultPredictionCacheFolder());

    const io::CheckpointSet& set() const { return loaded_.set(); }
    // The one LoadedSet. Its model is built on first use (ModelNeed::WhenUsed),
    // so analyses of the raw weights work on sets that name no model.
    evaluation::LoadedSet& loaded() { return loaded_; }
    // loaded().model(): throws InvalidArgument when the set names no model and
    // ShapeMismatch when the members' weights do not fit it.
    const model::Model& model() { return loaded_.model(); }
    const evaluation::PredictionCache& predictions() const { return predictions_; }

    std::vector<std::string> selection() const;
    void setSelection(std::vector<std::string> members);

  private:
    evaluation::LoadedSet loaded_;
    evaluation::PredictionCache predictions_;
    mutable std::mutex selectionMutex_;
    std::vector<std::string> selection_;
};

}  // namespace modescape::analysis
