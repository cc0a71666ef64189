#pragma once
// What a surface was computed from, as content hashes, so that resuming it
// after a member, the direction file, the data or the model changed is
// refused instead of mixing two surfaces in one grid. Plain data (the hashes
// are made in LandscapeCompute.cpp).

#include <map>
#include <string>
#include <vector>

#include "core/common/Error.h"

namespace modescape::landscape {

struct LandscapeInputs {
    // Every member the centre and the directions were made of: name -> hash
    // of its tensors (names, dtypes, shapes and bytes as read).
    std::map<std::string, std::string> members;
    std::string directionFile;  // hash of the direction file's bytes (File directions)
    std::string data;           // the evaluated inputs and labels (after the subset)
    std::string model;          // the model description

    // Older files hold none: they resume unchecked, as before.
    bool recorded() const { return !data.empty(); }
};

// What differs between the inputs a surface was started with and those of
// now, in words ("member a.safetensors changed"); empty when nothing does.
std::vector<std::string> describeChanges(const LandscapeInputs& before, const LandscapeInputs& now);

// A resume whose inputs differ from those the surface was started with.
class InputsChanged : public InvalidArgument {
  public:
    explicit InputsChanged(std::vector<std::string> changes);
    const std::vector<std::string>& changes() const { return changes_; }

  private:
    std::vector<std::string> changes_;
};

}  // namespace modescape::landscape
