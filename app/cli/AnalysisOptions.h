#pragma once
// The options of an analysis's subcommand, bound from its parameter table:
// one CLI11 option per parameter with a flag, whose --help text (default,
// choices, unit, range) comes from the table. After parsing, values() gives
// the parameters that were given plus the defaults, checked by the analysis
// (so the CLI and the GUI reject the same values with the same message).
//
// Positional parameters and the SET are left to the command (SetArgument
// binds SET with its --model / --dataset / --allow-outside options).

#include <map>
#include <string>
#include <vector>

#include "core/analysis/Analysis.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::cli {

class AnalysisOptions {
  public:
    explicit AnalysisOptions(const analysis::Analysis& analysis) : analysis_(analysis) {}

    // Adds one option per flagged parameter, in table order. `skip` names
    // parameters the command binds itself.
    void define(CLI::App& app, const std::vector<std::string>& skip = {});

    // The options given on the command line, as JSON values (no defaults).
    // Throws InvalidArgument naming the flag for text that is not a number.
    analysis::ParameterValues given() const;
    // given() plus `extra` (e.g. positional members), complete()d by the
    // analysis: defaults, checks, rules, with `set` when it is open.
    analysis::ParameterValues values(const analysis::ParameterValues& extra = {},
                                     const io::CheckpointSet* set = nullptr) const;

    // The CLI11 option of a parameter (nullptr when it has none), e.g. for ->needs().
    CLI::Option* option(const std::string& name) const;

    const analysis::Analysis& analysis() const { return analysis_; }

  private:
    const analysis::Analysis& analysis_;
    std::map<std::string, CLI::Option*> options_;
    // Where CLI11 writes the raw text (std::map: stable addresses).
    std::map<std::string, std::vector<std::string>> texts_;
    std::map<std::string, bool> flags_;
};

}  // namespace modescape::cli
