#include "core/symmetry/SetSymmetry.h"

#include <ATen/ATen.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputFolder.h"
#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/FunctionCheck.h"
#include "core/symmetry/SetSpecInference.h"
#include "core/symmetry/SymmetrySpecJson.h"

namespace modescape::symmetry {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// "group/seed3.pt" -> "group/seed3.safetensors"
// The member's file in the new set. A member the user allowed from outside
// its set ("../x.pt", "/abs/x.pt") is written under "outside/", never beside
// or above the output folder.
std::string safetensorsName(const std::string& member) {
    fs::path p;
    bool escapes = fs::path(member).has_root_path();
    for (const fs::path& part : fs::path(member).relative_path()) {
        escapes = escapes || part == "..";
        p /= part == ".." ? fs::path("up") : part;
    }
    if (escapes)
        p = fs::path("outside") / p;
    p.replace_extension(".safetensors");
    return p.generic_string();
}

json reportJson(const RemovalReport& r) {
    json out = {{"mass", r.mass},
                {"minimal_mass", r.minimalMass},
                {"excess_mass", r.excessMass},
                {"mass_after", r.massAfter},
                {"scaling_iterations", r.scalingIterations}};
    if (r.matchingSweeps > 0)
        out["matching"] = {{"sweeps", r.matchingSweeps},
                           {"converged", r.matchingConverged},
                           {"similarity_before", r.matchingSimilarityBefore},
                           {"similarity_after", r.matchingSimilarityAfter}};
    return out;
}

// The new set's model entry; a TorchScript archive is copied beside the manifest.
json modelEntry(const io::ModelSpec& model, const fs::path& folder) {
    if (model.kind == io::ModelSpec::Kind::Builtin)
        return {{"builtin", model.builtin},
                {"args", model.argsJson.empty() ? json::object() : json::parse(model.argsJson)}};
    const fs::path name = fs::path(model.path).filename();
    std::error_code ec;
    fs::copy_file(model.path, folder / name, fs::copy_options::overwrite_existing, ec);
    if (ec)
        throw IoError((folder / name).string(),
                      "cannot copy the TorchScript model: " + ec.message());
    return {{"torchscript", name.string()}};
}

}  // namespace

SymmetrySpec symmetrySpecForSet(const evaluation::LoadedSet& set, const std::string& specPath) {
    SymmetrySpec spec;
    const fs::path beside = fs::path(set.set().folder) / "symmetry.json";
    if (!specPath.empty())
        spec = readSymmetrySpec(specPath);
    else if (hasBuiltinSymmetry(set.model()))
        spec = builtinSymmetrySpec(set.model());
    else if (fs::exists(beside))
        spec = readSymmetrySpec(beside.string());
    else if (set.set().model.kind == io::ModelSpec::Kind::TorchScript)
        spec = inferredSpecForSet(set);  // checked before use; throws when it fails
    else
        throw InvalidArgument(set.set().folder + ": the model (" + set.model().describe() +
                              ") is not built in, so its symmetries must be described: pass a "
                              "JSON spec with --spec or put symmetry.json in the set folder "
                              "(docs/symmetry.md)");
    validateSymmetrySpec(spec, set.model().parameterSpec());
    return spec;
}

model::ParameterSet matchingReference(const evaluation::LoadedSet& set, const SymmetrySpec& spec,
                                      RemovalOptions& removal) {
    if (removal.reference.empty())
        removal.reference = set.set().members.front().name;
    if (!set.set().findMember(removal.reference))
        throw InvalidArgument(set.set().folder + ": no member named '" + removal.reference +
                              "' to match to");
    RemovalOptions scalingOnly = removal;
    scalingOnly.permutation = PermutationMethod::None;
    scalingOnly.computeMinimalMass = false;  // the reference's excess mass is not reported
    return removeSymmetries(set.weights(removal.reference), spec, scalingOnly).weights;
}

namespace {

void requireOtherFolder(const std::string& sourceFolder, const std::string& outFolder) {
    std::error_code ec;
    if (fs::absolute(outFolder).lexically_normal() ==
            fs::absolute(sourceFolder).lexically_normal() ||
        fs::equivalent(outFolder, sourceFolder, ec))
        throw InvalidArgument(outFolder + ": the output folder must differ from the set folder");
}

SetSymmetryReport symmetrizeInto(const evaluation::LoadedSet& set, io::OutputFolder& output,
                                 const SetSymmetryOptions& options, const JobContext& context);

}  // namespace

SetSymmetryReport symmetrizeSet(const std::string& sourceFolder, const std::string& outFolder,
                                const SetSymmetryOptions& options, const JobContext& context) {
    requireOtherFolder(sourceFolder, outFolder);
    // Checked and staged before the set is read: a bad --out costs no work.
    io::OutputFolder output(outFolder, io::kSymmetrySetOutput, options.replace);
    io::CheckpointSet opened = io::openCheckpointSet(sourceFolder, context, options.open);
    if (options.complete)
        options.complete(opened);
    const evaluation::LoadedSet set(std::move(opened));
    return symmetrizeInto(set, output, options, context);
}

SetSymmetryReport symmetrizeSet(const evaluation::LoadedSet& set, const std::string& outFolder,
                                const SetSymmetryOptions& options, const JobContext& context) {
    requireOtherFolder(set.set().folder, outFolder);
    io::OutputFolder output(outFolder, io::kSymmetrySetOutput, options.replace);
    return symmetrizeInto(set, output, options, context);
}

namespace {

SetSymmetryReport symmetrizeInto(const evaluation::LoadedSet& set, io::OutputFolder& output,
                                 const SetSymmetryOptions& options, const JobContext& context) {
    std::error_code ec;
    const fs::path& partial = output.staging();
    SetSymmetryReport report;
    report.source = set.set().folder;
    report.output = output.target().string();
    report.spec = symmetrySpecForSet(set, options.specPath);
    report.notes = report.spec.notes;
    RemovalOptions removal = options.removal;

    model::ParameterSet reference;
    if (removal.permutation == PermutationMethod::Match) {
        reference = matchingReference(set, report.spec, removal);
        report.reference = removal.reference;
    }
    report.settings = describeRemoval(removal);
    const bool check = options.checkFunction && !report.spec.sampleInputShape.empty();
    if (options.checkFunction && !check)
        report.notes.push_back("function not checked: the spec gives no input_shape");
    const at::Tensor inputs =
        check ? randomInputs(report.spec.sampleInputShape, 8, 0) : at::Tensor();

    json manifest;
    manifest["model"] = modelEntry(set.set().model, partial);
    manifest["datasets"] = json::object();
    for (const auto& d : set.set().datasets)
        manifest["datasets"][d.role] = d.spec;
    manifest["task"] = set.set().task.empty() ? "classification" : set.set().task;
    manifest["provenance"] = {{"symmetry_removal", report.settings}, {"source", report.source}};
    manifest["members"] = json::array();

    const auto& members = set.set().members;
    for (std::size_t i = 0; i < members.size(); ++i) {
        context.checkCancelled();
        context.report(double(i) / members.size(), "removing symmetries of " + members[i].name);
        const model::ParameterSet weights = set.weights(members[i].name);
        const RemovalResult result = removeSymmetries(weights, report.spec, removal,
                                                      reference.empty() ? nullptr : &reference);
        MemberSymmetryReport m;
        m.name = safetensorsName(members[i].name);
        m.group = members[i].group;
        m.removal = result.report;
        if (check)
            m.functionDifference =
                relativeOutputDifference(set.model(), weights, result.weights, inputs);

        const fs::path file = partial / m.name;
        fs::create_directories(file.parent_path(), ec);
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const auto& e : result.weights.entries())
            tensors.emplace_back(e.name, e.tensor.contiguous());
        std::map<std::string, std::string> metadata = members[i].metadata;
        metadata["group"] = m.group;
        io::writeSafetensors(file.string(), tensors, metadata);
        manifest["members"].push_back(
            {{"file", m.name}, {"group", m.group}, {"metadata", members[i].metadata}});
        report.members.push_back(std::move(m));
    }
    io::writeFileAtomically((partial / "symmetry.json").string(),
                            symmetrySpecToJson(report.spec).dump(2) + "\n");
    io::writeFileAtomically((partial / "symmetry-report.json").string(),
                            toJson(report).dump(2) + "\n");
    io::writeFileAtomically((partial / "modescape.json").string(), manifest.dump(2) + "\n");
    output.commit();
    context.report(1.0, "wrote " + report.output);
    return report;
}

}  // namespace

json toJson(const SetSymmetryReport& report) {
    json out;
    out["source"] = report.source;
    out["output"] = report.output;
    out["settings"] = report.settings;
    if (!report.reference.empty())
        out["reference"] = report.reference;
    out["architecture"] = report.spec.architecture;
    out["groups"] = report.spec.groups.size();
    out["notes"] = report.notes;
    out["members"] = json::array();
    for (const auto& m : report.members) {
        json item = {{"name", m.name}, {"group", m.group}};
        item.update(reportJson(m.removal));
        if (m.functionDifference >= 0)
            item["function_difference"] = m.functionDifference;
        out["members"].push_back(item);
    }
    return out;
}

}  // namespace modescape::symmetry
