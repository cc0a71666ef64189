#pragma once
// Factories of the subcommands, one per file in this folder.

#include <memory>

#include "app/cli/Command.h"

namespace modescape::cli {

std::unique_ptr<Command> makeDemoCommand();
std::unique_ptr<Command> makeMakeSetCommand();
std::unique_ptr<Command> makeEvalCommand();
std::unique_ptr<Command> makeCalibrateCommand();
std::unique_ptr<Command> makeUncertaintyCommand();
std::unique_ptr<Command> makeInfoCommand();
std::unique_ptr<Command> makeSymmetryCommand();
std::unique_ptr<Command> makeSymmetrySpecCommand();
std::unique_ptr<Command> makeProjectCommand();
std::unique_ptr<Command> makeMmdCommand();
std::unique_ptr<Command> makeLandscapeCommand();
std::unique_ptr<Command> makeConnectCommand();
std::unique_ptr<Command> makeAnalysesCommand();
std::unique_ptr<Command> makeHelpCommand();
std::unique_ptr<Command> makePanelsCommand();
std::unique_ptr<Command> makeBarrierMatrixCommand();
std::unique_ptr<Command> makeCurvePlaneCommand();
std::unique_ptr<Command> makeSessionCommand();
std::unique_ptr<Command> makeRenderCommand();
std::unique_ptr<Command> makeHessianCommand();
std::unique_ptr<Command> makeTrajectoryCommand();

}  // namespace modescape::cli
