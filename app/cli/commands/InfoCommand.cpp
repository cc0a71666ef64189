// `modescape info SET [--json] [--check-finite]`: what a checkpoint set holds.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/Command.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/TerminalText.h"
#include "core/io/set/NonFiniteScan.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/SetOverrides.h"
#include "core/symmetry/SpecCheckCache.h"

namespace modescape::cli {
namespace {

using nlohmann::json;

// The archives an archive set was read from; empty for a folder of files.
json archivesJson(const io::CheckpointSet& set) {
    json archives = json::array();
    for (const io::SetArchive& a : set.archives) {
        json rejected = json::array();
        for (const auto& [entry, reason] : a.rejected)
            rejected.push_back({{"entry", entry}, {"reason", reason}});
        archives.push_back({{"path", a.path},
                            {"kind", a.kind},
                            {"entries", a.entries},
                            {"indexFromCache", a.indexFromCache},
                            {"rejected", rejected}});
    }
    return archives;
}

// The function check of the TorchScript model's inferred symmetry spec, when
// `symmetry-spec` cached one for this exact file content (info never runs the model).
json cachedSpecCheckJson(const io::CheckpointSet& set) {
    if (set.model.kind != io::ModelSpec::Kind::TorchScript)
        return nullptr;
    try {
        if (auto report = symmetry::cachedSpecCheck(set.model.path))
            return (*report)["check"];
    } catch (const std::exception&) {
    }
    return nullptr;
}

json toJson(const io::CheckpointSet& set, const io::NonFiniteScan* scan) {
    json out;
    out["folder"] = set.folder;
    out["manifest"] = set.manifestPath.empty() ? json() : json(set.manifestPath);
    out["archives"] = archivesJson(set);
    out["model"] = set.model.describe();
    out["modelSource"] = set.modelSource;
    out["recognition"] = set.recognition;
    out["defaultNormalization"] = set.defaultNormalization;
    out["task"] = set.task;
    json datasets = json::object();
    for (const auto& d : set.datasets)
        datasets[d.role] = d.spec;
    out["datasets"] = datasets;
    out["checkpoints"] = set.members.size();
    out["parameters"] = set.parametersPerMember();
    out["reference"] = set.referenceMember;
    json groups = json::object();
    for (const auto& [group, count] : set.groupCounts())
        groups[group] = count;
    out["groups"] = groups;
    json members = json::array();
    for (const auto& m : set.members)
        members.push_back({{"name", m.name},
                           {"group", m.group},
                           {"format", m.format},
                           {"bytes", m.fileBytes},
                           {"metadata", m.metadata}});
    out["members"] = members;
    json excluded = json::array();
    for (const auto& e : set.excluded)
        excluded.push_back({{"name", e.name}, {"reason", e.reason}});
    out["excluded"] = excluded;
    json tensors = json::array();
    for (const auto& t : set.tensors)
        tensors.push_back(
            {{"name", t.name}, {"shape", t.shape}, {"dtype", io::dtypeName(t.dtype)}});
    out["tensors"] = tensors;
    std::vector<std::string> warnings = set.warnings;
    if (scan) {
        json nonFinite = json::array();
        for (const io::NonFiniteReport* r : scan->affected()) {
            json perTensor = json::object();
            for (const auto& t : r->tensors)
                perTensor[t.tensor] = t.count;
            nonFinite.push_back(
                {{"member", r->member}, {"total", r->total()}, {"tensors", perTensor}});
        }
        out["nonFinite"] = nonFinite;
        warnings.insert(warnings.end(), scan->warnings.begin(), scan->warnings.end());
    }
    out["warnings"] = warnings;
    out["symmetrySpecCheck"] = cachedSpecCheckJson(set);
    return out;
}

// Names, metadata, tensor names and messages come from the files: made safe
// for the terminal (TerminalText.h) wherever they are printed.
std::string safe(const std::string& text) {
    return terminalSafe(text);
}

std::string metadataText(const io::SetMember& m) {
    std::string s;
    for (const auto& [key, value] : m.metadata)
        s += (s.empty() ? "" : " ") + safe(key) + "=" + safe(value);
    return s;
}

void printArchives(const io::CheckpointSet& set) {
    for (const io::SetArchive& a : set.archives) {
        std::printf("Archive: %s (%s, %zu checkpoint entries, index %s)\n", safe(a.path).c_str(),
                    a.kind.c_str(), a.entries,
                    a.indexFromCache ? "from the cache" : "made by reading the archive");
        for (const auto& [entry, reason] : a.rejected)
            std::printf("  rejected %s: %s\n", safe(entry).c_str(), safe(reason).c_str());
    }
}

void printText(const io::CheckpointSet& set, const io::NonFiniteScan* scan) {
    std::printf("Set: %s\n", safe(set.folder).c_str());
    const char* noManifest = set.archives.empty() ? "none (folder scanned)" : "none";
    std::printf("Manifest: %s\n",
                set.manifestPath.empty() ? noManifest : safe(set.manifestPath).c_str());
    printArchives(set);
    std::printf("Model: %s\nTask: %s\n", safe(io::describeModelAndSource(set)).c_str(),
                safe(set.task).c_str());
    if (const json check = cachedSpecCheckJson(set); check.is_object())
        std::printf("Symmetry spec check (cached for this model file): %s\n",
                    safe(check.value("message", std::string())).c_str());
    std::printf("Default normalisation: %s\n", set.defaultNormalization.empty()
                                                   ? "none (inputs as loaded)"
                                                   : (safe(set.defaultNormalization) +
                                                      " (for every dataset whose spec names none)")
                                                         .c_str());
    for (const auto& d : set.datasets)
        std::printf("Dataset (%s): %s\n", safe(d.role).c_str(), safe(d.spec).c_str());
    std::printf("Checkpoints: %zu (%zu left out)\n", set.members.size(), set.excluded.size());
    std::printf("Parameters per checkpoint: %lld (%zu tensors, reference %s)\n",
                static_cast<long long>(set.parametersPerMember()), set.tensors.size(),
                safe(set.referenceMember).c_str());
    std::printf("\nGroups:\n");
    for (const auto& [group, count] : set.groupCounts())
        std::printf("  %-30s %zu\n", safe(group).c_str(), count);
    std::printf("\nMembers:\n");
    for (const auto& m : set.members)
        std::printf("  %-40s %-16s %-12s %s\n", safe(m.name).c_str(), safe(m.group).c_str(),
                    m.format.c_str(), metadataText(m).c_str());
    std::printf("\nTensors:\n");
    for (const auto& t : set.tensors)
        std::printf("  %-40s %-20s %s\n", safe(t.name).c_str(), io::shapeToString(t.shape).c_str(),
                    io::dtypeName(t.dtype));
    if (scan) {
        const auto affected = scan->affected();
        std::printf("\nNon-finite values: %zu of %zu checkpoints affected\n", affected.size(),
                    scan->reports.size());
        for (const io::NonFiniteReport* r : affected)
            for (const auto& t : r->tensors)
                std::printf("  %-40s %-30s %lld\n", safe(r->member).c_str(), safe(t.tensor).c_str(),
                            static_cast<long long>(t.count));
    }
    std::vector<std::string> warnings = set.warnings;
    if (scan)
        warnings.insert(warnings.end(), scan->warnings.begin(), scan->warnings.end());
    std::printf("\nWarnings: %zu\n", warnings.size());
    for (const auto& w : warnings)
        std::printf("  %s\n", safe(w).c_str());
}

class InfoCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "info", "Describe a checkpoint set: members, groups, parameters, tensors, warnings");
        set_.define(*app,
                    "Checkpoint set: a folder (with or without modescape.json), an archive "
                    "(.tar, .tgz, .tar.zst, .zip) or a folder of archives");
        app->add_flag("--json", json_, "Print one JSON object instead of text");
        app->add_flag("--check-finite", checkFinite_,
                      "Also read every tensor and count NaN/Inf values per checkpoint (slower)");
        return app;
    }

    int run(const JobContext& context) override {
        const io::CheckpointSet set = set_.open(context);
        io::NonFiniteScan scan;
        if (checkFinite_)
            scan = io::scanNonFinite(set, context);
        finishTerminalProgress();
        if (json_)
            // ASCII only, invalid UTF-8 replaced: control characters in names arrive as
            // \u escapes, never raw, and a bad byte cannot make the dump throw.
            std::cout << toJson(set, checkFinite_ ? &scan : nullptr)
                             .dump(2, ' ', true, json::error_handler_t::replace)
                      << '\n';
        else
            printText(set, checkFinite_ ? &scan : nullptr);
        std::fflush(stdout);
        return 0;
    }

  private:
    SetArgument set_;
    bool json_ = false;
    bool checkFinite_ = false;
};

}  // namespace

std::unique_ptr<Command> makeInfoCommand() {
    return std::make_unique<InfoCommand>();
}

}  // namespace modescape::cli
