#include "app/cli/commands/SetArgument.h"

#include <CLI/CLI.hpp>

namespace modescape::cli {

void SetArgument::define(CLI::App& app, const std::string& description) {
    app.add_option("SET", folder_, description)->required();
    app.add_flag("--allow-outside", allowOutside_,
                 "Also read members that lie outside the set folder (symlinks, '../' or absolute "
                 "paths in modescape.json); refused otherwise");
}

io::OpenSetOptions SetArgument::openOptions() const {
    io::OpenSetOptions options;
    options.allowOutside = allowOutside_;
    return options;
}

io::CheckpointSet SetArgument::open(const JobContext& context) const {
    return io::openCheckpointSet(folder_, context, openOptions());
}

}  // namespace modescape::cli
