#include "app/cli/commands/SetArgument.h"

#include <CLI/CLI.hpp>

#include <filesystem>

#include "core/common/Error.h"
#include "core/data/DatasetAssignment.h"
#include "core/data/DatasetSpec.h"
#include "core/evaluation/SetCompletion.h"
#include "core/model/ModelSpecText.h"

namespace modescape::cli {
namespace {

namespace fs = std::filesystem;

std::string roleList() {
    std::string list;
    for (const std::string& role : io::datasetRoles())
        list += (list.empty() ? "" : "|") + role;
    return list;
}

// Kinds whose positional arguments are files or folders (docs/datasets.md).
bool takesPaths(const std::string& kind) {
    for (const char* k : {"idx", "cifar10", "cifar100", "npz", "npy", "csv"})
        if (kind == k)
            return true;
    return false;
}

// Relative paths of a command-line spec mean the current directory, not the set's folder.
std::string withAbsolutePaths(const std::string& text) {
    const data::DatasetSpec spec = data::parseDatasetSpec(text);
    if (!takesPaths(spec.kind))
        return text;
    bool changed = false;
    std::string rebuilt = spec.kind + ":";
    std::string args;
    for (const std::string& p : spec.positional) {
        std::string path = p;
        if (!fs::path(p).is_absolute()) {
            path = (fs::current_path() / p).lexically_normal().string();
            changed = true;
        }
        args += (args.empty() ? "" : ",") + path;
    }
    for (const auto& [key, value] : spec.options)
        args += (args.empty() ? "" : ",") + key + "=" + value;
    return changed ? rebuilt + args : text;
}

// CLI11 validators: "" when text is fine, else the message CLI11 prints with the option's name.
std::string checkModel(const std::string& text) {
    try {
        model::parseModelSpecText(text);
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    return "";
}

std::string checkDataset(const std::string& text) {
    try {
        parseDatasetOption(text);
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

io::DatasetSpec parseDatasetOption(const std::string& text) {
    const std::string what = "--dataset '" + text + "'";
    io::DatasetSpec d = data::parseDatasetAssignment(text, what);
    d.spec = withAbsolutePaths(d.spec);
    return d;
}

void SetArgument::define(CLI::App& app, const std::string& description) {
    app.add_option("SET", folder_, description)->required();
    defineOptions(app);
}

void SetArgument::defineOptional(CLI::App& app, const std::string& description) {
    app.add_option("SET", folder_, description)->check(CLI::ExistingPath);
    defineOptions(app);
}

void SetArgument::defineOptions(CLI::App& app) {
    app.add_flag("--allow-outside", allowOutside_,
                 "Also read members that lie outside the set folder (symlinks, '../' or absolute "
                 "paths in modescape.json); refused otherwise");
    app.add_option("--model", model_,
                   "The set's model, overriding its manifest and recognition: a built-in "
                   "(resnet18, resnet18:num_classes=100,norm=frn,activation=silu, "
                   "mlp:widths=2:32:32:2, lenet5, resnet20) or a TorchScript file (model.ts)")
        ->check(CLI::Validator(checkModel, "SPEC"));
    app.add_option("--dataset", datasets_,
                   "A dataset of the set, overriding its manifest's for that role (repeatable): "
                   "ROLE=SPEC with ROLE " +
                       roleList() + ", e.g. test=cifar10:DIR,split=test (docs/datasets.md)")
        ->check(CLI::Validator(checkDataset, "ROLE=SPEC"));
}

io::OpenSetOptions SetArgument::openOptions() const {
    io::OpenSetOptions options;
    options.allowOutside = allowOutside_;
    return options;
}

io::SetOverrides SetArgument::overrides() const {
    io::SetOverrides o;
    o.source = "command line";
    if (!model_.empty())
        o.model = model::parseModelSpecText(model_);
    for (const std::string& d : datasets_)
        o.datasets.push_back(parseDatasetOption(d));
    return o;
}

void SetArgument::complete(io::CheckpointSet& set) const {
    evaluation::completeSet(set, folder_, {overrides()});
}

io::CheckpointSet SetArgument::open(const JobContext& context) const {
    io::CheckpointSet set = io::openCheckpointSet(folder_, context, openOptions());
    complete(set);
    return set;
}

}  // namespace modescape::cli
