#pragma once
// The command line that runs an analysis with given values: the subcommand
// (info().name), its positional arguments and one `--flag [TEXT]` per value
// that is not the default, each TEXT what valuesFromText() reads back to the
// same value (ParameterText.h). The GUI's "Run elsewhere..." shows it for the
// current page, to be run under mpirun / srun on a cluster (docs/mpi.md).

#include <string>
#include <vector>

#include "core/analysis/Parameter.h"

namespace modescape::analysis {

class Analysis;

// The text a value is given as: numbers as the shortest text that reads back
// to them, member lists and several words comma-separated, words and paths as
// they are. Flags have none (true is the flag alone).
std::string argumentText(const ParameterSpec& spec, const nlohmann::json& value);

// The arguments after `modescape`, for complete()d values: the subcommand,
// the positional values in table order (SET first), then every enabled
// flagged parameter whose value is not its default, in table order. Values
// the subcommand would otherwise infer are given explicitly (the landscape's
// --range once --grid is given).
std::vector<std::string> commandLineArguments(const Analysis& analysis,
                                              const ParameterValues& values);

// A word as a POSIX shell reads it back: as it is when it holds only safe
// characters, else in single quotes.
std::string shellQuoted(const std::string& word);
// The words quoted and joined by spaces.
std::string shellCommand(const std::vector<std::string>& words);

}  // namespace modescape::analysis
