#include "app/cli/CommandLine.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/Command.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/TorchScriptNotice.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/Error.h"
#include "core/common/FailureText.h"
#include "core/common/Log.h"
#include "core/common/MemoryBudget.h"
#include "core/common/TerminalText.h"
#include "core/common/Version.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/jobs/Device.h"
#include "core/parallel/Mpi.h"

namespace modescape::cli {
namespace {

std::string versionText() {
    return "modescape " + modescapeVersion() + " (LibTorch " + libtorchVersion() + ", Eigen " +
           eigenVersion() + ", device: " + describeDevice(bestAvailableDevice()) + ")";
}

// "error: MESSAGE" on stderr in one write: under mpirun each write of a rank
// is forwarded on its own, and the launcher's abort banner could otherwise
// land between "error: " and the message.
void printError(const std::string& message) {
    const std::string line = "error: " + message + "\n";
    std::cerr.write(line.data(), static_cast<std::streamsize>(line.size()));
    std::cerr.flush();
}

}  // namespace

struct CommandLine::Parts {
    CLI::App app{
        "Modescape: explore the posterior of Bayesian neural networks.\n"
        "Without a subcommand the graphical window opens."};
    bool verbose = false;
    std::string memory;
    std::string progress = "auto";
    std::string cacheSize;
    CLI::App* guiCommand = nullptr;
    SetArgument guiSet;
    bool guiPresent = false;
    std::vector<std::unique_ptr<Command>> commands;
    std::vector<CLI::App*> subcommands;
};

CommandLine::CommandLine() : parts_(std::make_unique<Parts>()) {
    CLI::App& app = parts_->app;
    app.name("modescape");
    app.set_version_flag("--version", versionText(), "Print the version and exit");
    app.require_subcommand(0, 1);
    // Global options (-v, --memory, --cache-size) are accepted after the subcommand too.
    app.fallthrough(true);

    app.add_flag("-v,--verbose", parts_->verbose, "Print debug messages");
    app.add_option("--memory", parts_->memory,
                   "Most memory one request may take, e.g. 8G or 512M (binary units); bigger "
                   "requests are refused before any work (default: the memory available)");

    app.add_option("--progress", parts_->progress,
                   "How to show progress on stderr: auto (a bar on a terminal, nothing "
                   "otherwise), bar, lines (one line per percent or step, for logs) or none")
        ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));

    app.add_option("--cache-size", parts_->cacheSize,
                   "Most disk space the cache of entries extracted from .tar.zst archives may "
                   "take, e.g. 20G (binary units; default 10G)");

    parts_->guiCommand =
        app.add_subcommand("gui", "Open the graphical window (optionally on a set)");
    parts_->guiSet.defineOptional(
        *parts_->guiCommand,
        "Checkpoint set to open: a folder, an archive or a folder of archives; or a session "
        "file (*.modescape, `modescape session init`)");
    parts_->guiCommand->add_flag(
        "--present", parts_->guiPresent,
        "Open the session full screen in presentation mode: PageDown / PageUp step through its "
        "bookmarks, Esc leaves (needs a session file, *.modescape)");

    parts_->commands = makeCommands();
    for (auto& command : parts_->commands)
        parts_->subcommands.push_back(command->define(app));
}

CommandLine::~CommandLine() = default;

CLI::App& CommandLine::app() {
    return parts_->app;
}

int CommandLine::run(int argc, char** argv, GuiRequest& gui) {
    CLI::App& app = parts_->app;
    const bool& verbose = parts_->verbose;
    const std::string& memory = parts_->memory;
    const std::string& progress = parts_->progress;
    const std::string& cacheSize = parts_->cacheSize;
    CLI::App* guiCommand = parts_->guiCommand;
    const SetArgument& guiSet = parts_->guiSet;
    auto& commands = parts_->commands;
    auto& subcommands = parts_->subcommands;

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << e.what() << "\nRun 'modescape --help' for usage.\n";
        return kExitUsage;
    }
    if (verbose)
        log::setMinimumLevel(log::Level::Debug);
    if (!memory.empty()) {
        try {
            setMemoryBudget(parseByteSize(memory));
        } catch (const InvalidArgument& e) {
            std::cerr << "error: --memory: " << e.what() << '\n';
            return kExitUsage;
        }
    }

    if (!cacheSize.empty()) {
        try {
            io::archive::ArchiveOptions options = io::archive::defaultArchiveOptions();
            options.extractCacheBytes = parseByteSize(cacheSize);
            io::archive::setDefaultArchiveOptions(options);
        } catch (const InvalidArgument& e) {
            std::cerr << "error: --cache-size: " << e.what() << '\n';
            return kExitUsage;
        }
    }

    std::string running = "modescape";  // the subcommand, for messages
    try {
        if (app.get_subcommands().empty() || guiCommand->parsed()) {
            gui.wanted = true;
            gui.setDirectory = guiSet.folder();
            gui.overrides = guiSet.overrides();
            gui.allowOutside = guiSet.allowOutside();
            gui.present = parts_->guiPresent;
            if (gui.present && !gui.setDirectory.ends_with(".modescape")) {
                std::cerr << "error: --present: needs a session file (*.modescape), got '"
                          << gui.setDirectory << "'\nRun 'modescape gui --help' for usage.\n";
                gui.wanted = false;
                return kExitUsage;
            }
            return kExitOk;
        }
        installTorchScriptNotice();
        for (std::size_t i = 0; i < commands.size(); ++i) {
            if (!subcommands[i]->parsed())
                continue;
            running = subcommands[i]->get_name();
            if (parallel::distributed() && !commands[i]->distributes()) {
                if (parallel::rank() != 0)
                    return kExitOk;  // rank 0 runs it alone
                log::warning(running +
                             " does not share its work over MPI ranks: rank 0 runs it "
                             "alone (docs/mpi.md)");
            }
            // Ranks other than 0 show no progress: rank 0 shows the whole job's.
            const JobContext context = makeTerminalContext(
                parallel::rank() == 0 ? parseProgressStyle(progress) : ProgressStyle::None);
            const int code = commands[i]->run(context);
            finishTerminalProgress();
            gui.setDirectory = commands[i]->guiSetDirectory();
            gui.wanted = code == kExitOk && !gui.setDirectory.empty();
            return code;
        }
    } catch (const Cancelled&) {
        finishTerminalProgress();
        std::cerr << "cancelled\n";
        return kExitFailure;
    } catch (const InvalidArgument& e) {
        finishTerminalProgress();
        printError(parallel::whereTag() + terminalSafe(e.what(), Newlines::Keep));
        return kExitUsage;
    } catch (const Error& e) {
        finishTerminalProgress();
        printError(parallel::whereTag() + terminalSafe(e.what(), Newlines::Keep));
        return kExitFailure;
    } catch (const std::exception& e) {
        // Not one of ours (LibTorch, the standard library, out of memory): one
        // line, never a backtrace.
        finishTerminalProgress();
        printError(parallel::whereTag() + running + ": " +
                   terminalSafe(describeFailure(e), Newlines::Keep));
        return kExitFailure;
    }
    return kExitOk;
}

int runCommandLine(int argc, char** argv, GuiRequest& gui) {
    CommandLine commandLine;
    return commandLine.run(argc, argv, gui);
}

}  // namespace modescape::cli
