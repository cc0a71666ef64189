// `modescape session init SET --out FILE [--view ANALYSIS[:param=value,...]]...`:
// writes a session file (docs/session.md) from a script, which the window
// opens with `modescape gui FILE`. Every view's parameters are checked
// against its analysis's table and rules, as the window and the analysis's
// own subcommand check them; a wrong name or value exits with 2.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/model/ModelSpecText.h"
#include "core/session/Session.h"
#include "core/session/ViewSpec.h"

namespace modescape::cli {
namespace {

class SessionCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "session", "Write session files (*.modescape), which the window opens again");
        app->require_subcommand(1);
        init_ = app->add_subcommand(
            "init",
            "Write a session of SET: the views --view names, or else the set's overview, a "
            "loss landscape, a map of the members and a reliability diagram");
        set_.define(*init_);
        init_->add_option("--out", out_, "The session file to write (written atomically)")
            ->required()
            ->type_name("FILE");
        init_
            ->add_option("--view", views_,
                         "A view to show (repeatable), in order: ANALYSIS[:PARAMETER=VALUE,...] "
                         "with the names of `modescape analyses` (or overview), e.g. "
                         "landscape:grid=-1:1:21,-1:1:21,points-per-forward=64")
            ->type_name("ANALYSIS[:PARAMETER=VALUE,...]")
            ->expected(1)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        return app;
    }

    int run(const JobContext& context) override {
        // Checked before the set is opened (a big set takes a while), then
        // again against its members and roles.
        session::Session unchecked;
        for (const std::string& text : specs())
            unchecked.views.push_back(session::parseViewSpec(text, unchecked));

        const io::CheckpointSet set = set_.open(context);
        session::Session session;
        session.set.path = set.folder;
        const io::SetOverrides overrides = set_.overrides();
        if (overrides.model)
            session.set.model = model::modelSpecText(*overrides.model);
        for (const io::DatasetSpec& dataset : overrides.datasets)
            session.set.datasets.push_back(dataset.role + "=" + dataset.spec);
        session.set.allowOutside = set_.allowOutside();
        for (const std::string& text : specs())
            session.views.push_back(session::parseViewSpec(text, session, &set));
        session.layout.current = session.views.front().id;

        session::writeSession(out_, session);
        std::string ids;
        for (const session::View& view : session.views)
            ids += (ids.empty() ? "" : ", ") + view.id;
        std::cout << "wrote " << out_ << ": " << session.views.size() << " views (" << ids
                  << ") of " << set.folder << '\n';
        return 0;
    }

  private:
    std::vector<std::string> specs() const {
        return views_.empty() ? session::defaultViewSpecs() : views_;
    }

    CLI::App* init_ = nullptr;
    SetArgument set_;
    std::string out_;
    std::vector<std::string> views_;
};

}  // namespace

std::unique_ptr<Command> makeSessionCommand() {
    return std::make_unique<SessionCommand>();
}

}  // namespace modescape::cli
