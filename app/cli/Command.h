#pragma once
// One headless subcommand. Each lives in app/cli/commands/ and is listed in
// Commands.cpp; CommandLine.cpp parses, then runs the one the user chose.

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace modescape {
struct JobContext;
}

namespace modescape::cli {

class Command {
  public:
    virtual ~Command() = default;
    // Adds the subcommand and its options to the parent; returns it.
    virtual CLI::App* define(CLI::App& parent) = 0;
    // Runs after a successful parse. Throws modescape::Error on failure;
    // returns the exit code otherwise.
    virtual int run(const JobContext& context) = 0;
    // After a successful run: the window this command wants opened, if any
    // (e.g. `demo` opens its set). Empty = none.
    virtual std::string guiSetDirectory() const { return {}; }
    // Whether run() shares its work over MPI ranks (docs/mpi.md). Under
    // mpirun, a command that does not runs on rank 0 alone.
    virtual bool distributes() const { return false; }
};

std::vector<std::unique_ptr<Command>> makeCommands();

}  // namespace modescape::cli
