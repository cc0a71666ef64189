// The list of headless subcommands. Add a new one here.
#include "app/cli/commands/Commands.h"
#include "app/cli/Command.h"

namespace modescape::cli {

std::vector<std::unique_ptr<Command>> makeCommands() {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(makeDemoCommand());
    commands.push_back(makeMakeSetCommand());
    commands.push_back(makeEvalCommand());
    commands.push_back(makeCalibrateCommand());
    commands.push_back(makeUncertaintyCommand());
    commands.push_back(makeInfoCommand());
    commands.push_back(makeSymmetryCommand());
    commands.push_back(makeSymmetrySpecCommand());
    commands.push_back(makeProjectCommand());
    commands.push_back(makeMmdCommand());
    commands.push_back(makeLandscapeCommand());
    commands.push_back(makeConnectCommand());
    commands.push_back(makeAnalysesCommand());
    commands.push_back(makeHelpCommand());
    commands.push_back(makePanelsCommand());
    commands.push_back(makeBarrierMatrixCommand());
    commands.push_back(makeCurvePlaneCommand());
    commands.push_back(makeSessionCommand());
    commands.push_back(makeRenderCommand());
    commands.push_back(makeHessianCommand());
    commands.push_back(makeTrajectoryCommand());
    return commands;
}

}  // namespace modescape::cli
