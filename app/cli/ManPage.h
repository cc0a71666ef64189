#pragma once
// The manual page modescape(1), written from the CLI11 tree itself like the
// option reference (app/cli/OptionReference.h): the global options, one
// subsection per subcommand with its usage line and options, where Modescape
// keeps its files, and its exit codes. `modescape help --man` prints it; the
// build writes it once per build and installs it (packaging/Install.cmake).

#include <string>

namespace CLI {
class App;
}

namespace modescape::cli {

// roff with the man(7) macros; ASCII only (other characters as \[uXXXX]).
std::string manPage(const CLI::App& root, const std::string& version);

}  // namespace modescape::cli
