#pragma once
// The bash completion of modescape, written from the CLI11 tree itself: the
// subcommands (nested ones too), each one's options, the choices of options
// with a fixed set of values, and file names where a value or a set is due.
// `modescape help --bash-completion` prints it; the build installs it as
// share/bash-completion/completions/modescape (packaging/Install.cmake).

#include <string>

namespace CLI {
class App;
}

namespace modescape::cli {

// A bash script that defines _modescape and registers it with `complete`.
std::string bashCompletion(const CLI::App& root);

}  // namespace modescape::cli
