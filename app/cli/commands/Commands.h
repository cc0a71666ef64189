#pragma once
// Factories of the subcommands, one per file in this folder.

#include <memory>

#include "app/cli/Command.h"

namespace modescape::cli {
}  // namespace modescape::cli
