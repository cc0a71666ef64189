#pragma once
// Factories of the subcommands, one per file in this folder.

#include <memory>

#include "app/cli/Command.h"

namespace modescape::cli {

std::unique_ptr<Command> makeDemoCommand();
std::unique_ptr<Command> makeMakeSetCommand();
std::unique_ptr<Command> makeEvalCommand();
std::unique_ptr<Command> makeCalibrateCommand();
std::unique_ptr<Command> makeInfoCommand();

}  // namespace modescape::cli
