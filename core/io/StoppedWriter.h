#pragma once
// Files and folders that a writer names "<prefix><pid>-<n>" while it works
// (atomic-write temporaries, staging folders of folder outputs): telling the
// ones left by a run that was killed from the ones of a run still going on.

#include <string>

namespace modescape::io {

// True when name is "<prefix><pid>-<n>" and no process pid exists any more,
// so nothing will ever finish or remove it.
bool leftByStoppedWriter(const std::string& name, const std::string& prefix);

}  // namespace modescape::io
