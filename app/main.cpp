// modescape: the graphical explorer, or a headless subcommand.

#include "app/cli/CommandLine.h"
#include "core/common/Log.h"
#include "core/jobs/Device.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/GuiApplication.h"
#endif

#include <iostream>

int main(int argc, char** argv) {
    modescape::log::addSink(modescape::log::stderrSink());
    modescape::useAllCpuCores();
    modescape::useExactFloat32();

    modescape::cli::GuiRequest gui;
    const int code = modescape::cli::runCommandLine(argc, argv, gui);
    if (!gui.wanted)
        return code;

#ifdef MODESCAPE_WITH_GUI
    modescape::ui::GuiStart start;
    start.set = QString::fromStdString(gui.setDirectory);
    start.overrides = gui.overrides;
    start.allowOutside = gui.allowOutside;
    start.present = gui.present;
    return modescape::ui::runGui(argc, argv, start);
#else
    std::cerr << "error: this modescape was built without the GUI (MODESCAPE_GUI=OFF); "
                 "run 'modescape --help' for the headless subcommands\n";
    return modescape::cli::kExitUsage;
#endif
}
