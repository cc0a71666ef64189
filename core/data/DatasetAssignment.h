#pragma once
// "ROLE=SPEC": a dataset given to a set for one role, as the command line's
// --dataset and the GUI's "Model and data" dialog write it, e.g.
// "test=cifar10:DIR,split=test". ROLE is one of kDatasetRoleWords
// (DatasetRoleWords.h).

#include <string>

#include "core/io/set/CheckpointSet.h"

namespace modescape::data {

// Checks the role and the spec's syntax (parseDatasetSpec). Throws
// InvalidArgument starting with what (e.g. "--dataset 'x'") that says what is
// wrong and lists the accepted forms.
io::DatasetSpec parseDatasetAssignment(const std::string& text, const std::string& what);

}  // namespace modescape::data
