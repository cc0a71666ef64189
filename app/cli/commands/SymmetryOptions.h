#pragma once
// The command-line side of the shared space and symmetry-removal parameters
// (core/analysis/SpaceParameters.h): the older spellings `project` and `mmd`
// keep accepting, and --spec checked to exist while parsing (exit 2).
//   --symmetry raw | scaling | scaling+permutation = none | scale | scale+perm
//   --space    raw | scaling | scaling+permutation = --symmetry none | scale | scale+perm

#include <string>

#include "app/cli/AnalysisOptions.h"

namespace modescape::cli {

class SpaceSpellings {
  public:
    // Call after options.define(): adds the older words to --symmetry and
    // --space and the file check to --spec.
    void bind(AnalysisOptions& options);
    // What an older --space word meant, to add to the parsed values. Throws
    // InvalidArgument when --symmetry names the symmetries too.
    analysis::ParameterValues meaning(const AnalysisOptions& options) const;

  private:
    std::string spaceWord_;  // an older --space word, as given
};

// --spec must name an existing file (for `symmetry`, whose words are all current).
void requireExistingSpec(AnalysisOptions& options);

}  // namespace modescape::cli
