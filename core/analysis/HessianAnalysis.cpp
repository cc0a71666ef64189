#include "core/analysis/HessianAnalysis.h"

#include <ATen/ATen.h>

#include "core/analysis/EnsembleChoice.h"
#include "core/analysis/HessianResultFile.h"
#include "core/analysis/SetWorkspace.h"
#include "core/hessian/HessianJson.h"

namespace modescape::analysis {
namespace {

using K = ParameterKind;

class HessianAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "hessian", "Hessian",
            "Top Hessian eigenvalues, trace and eigenvalue density of a member's mean NLL"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list{
            setParameter(),
            parameter("member", K::Member, "Member", "The member whose loss is differentiated")
                .byDefault("")
                .defaultReads("the first member"),
            parameter("top", K::Integer, "Top eigenvalues",
                      "How many of the largest (algebraic) eigenvalues and eigenvectors")
                .byDefault(5)
                .range(1, 100),
            splitParameter(),
            parameter("subset", K::Integer, "Subset",
                      "Average the loss over N samples of the split drawn with --seed (0 = the "
                      "whole split)")
                .byDefault(0)
                .in("samples")
                .range(0),
            parameter("trace", K::Choice, "Trace",
                      "Trace method: exact (one product per parameter), Hutch++ (random "
                      "probes, with a standard error), or auto (exact up to 20,000 parameters)")
                .byDefault(hessian::traceMethodName(hessian::TraceMethod::Auto))
                .oneOf(wordsOf(hessian::kTraceMethodWords)),
            parameter("trace-products", K::Integer, "Hutch++ products",
                      "Hessian-vector products Hutch++ spends (a third each on the sketch, "
                      "its basis and the residual probes)")
                .byDefault(150)
                .range(6, 100000)
                .when("trace", {"auto", "hutch++"})
                .isAdvanced(),
            parameter("per-layer", K::Flag, "Per layer",
                      "Also the largest eigenvalue of each parameter tensor's own Hessian "
                      "(its diagonal block: the loss's curvature in that tensor alone), by "
                      "Lanczos; its trace comes with the exact trace"),
            parameter("density", K::Flag, "Eigenvalue density",
                      "Also estimate the eigenvalue density (stochastic Lanczos quadrature)"),
            parameter("density-runs", K::Integer, "Density runs",
                      "Random start vectors the density averages")
                .byDefault(4)
                .range(1, 1000)
                .when("density", {true})
                .isAdvanced(),
            parameter("density-steps", K::Integer, "Density steps",
                      "Lanczos steps (quadrature nodes) per start vector")
                .byDefault(60)
                .range(2, 10000)
                .when("density", {true})
                .isAdvanced(),
            parameter("density-points", K::Integer, "Density points",
                      "Grid points the density is given at")
                .byDefault(400)
                .range(2, 100000)
                .when("density", {true})
                .isAdvanced(),
            parameter("density-width", K::Real, "Density width",
                      "Gaussian width of each node as a fraction of the spectrum's range")
                .byDefault(0.01)
                .range(1e-6, 1)
                .when("density", {true})
                .isAdvanced(),
            parameter("tolerance", K::Real, "Tolerance",
                      "Lanczos stops when every residual |Hv - lv| is below this times the "
                      "largest |eigenvalue|")
                .byDefault(1e-6)
                .range(1e-14, 1)
                .isAdvanced(),
            parameter("max-iterations", K::Integer, "Lanczos steps",
                      "Lanczos steps at most (each one Hessian-vector product)")
                .byDefault(100)
                .range(1, 100000)
                .isAdvanced(),
            parameter("seed", K::Integer, "Seed",
                      "Seed of the start vectors, the probes and the data subset")
                .byDefault(0)
                .range(0)
                .isAdvanced(),
            parameter("batch-size", K::Integer, "Batch size", "Samples per forward")
                .byDefault(1024)
                .range(1)
                .in("samples")
                .tuningOnly()
                .isAdvanced(),
        };
        return list;
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        HessianResult result;
        result.member = hessianMember(values, workspace.set());
        result.split = values.at("split").get<std::string>();
        const hessian::HessianSettings settings = hessianSettingsFrom(values);
        const data::Dataset& data = workspace.loaded().dataset(result.split);
        result.data = data.spec;
        const data::Dataset used = hessian::lossData(data, settings.subset, settings.seed);
        context.report(0.0, "reading " + result.member);
        const hessian::HessianOperator op(workspace.model(),
                                          workspace.loaded().weights(result.member), used.inputs,
                                          used.labels, settings.batchSize, context.device);
        result.spectrum = hessian::computeHessianSpectrum(op, settings, context);
        return result;
    }

    nlohmann::json resultJson(const std::any& any) const override {
        const auto& result = std::any_cast<const HessianResult&>(any);
        nlohmann::json out = hessian::toJson(result.spectrum);
        out["member"] = result.member;
        out["split"] = result.split;
        out["data"] = result.data;
        return out;
    }

    // The printed JSON plus the eigenvectors and what else it leaves out
    // (HessianResultFile.h).
    std::string resultFileSuffix() const override { return "safetensors"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeHessianResultFile(path, *this, std::any_cast<const HessianResult&>(result),
                               resultJson(result));
    }
    std::any readResultFile(const std::string& path) const override {
        return readHessianResultFile(path, *this);
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        checkEnsembleChoice(values, set);  // the split
        if (set)
            hessianMember(values, *set);
    }
};

}  // namespace

hessian::HessianSettings hessianSettingsFrom(const ParameterValues& values) {
    hessian::HessianSettings s;
    s.top = values.at("top").get<int>();
    s.subset = values.at("subset").get<std::int64_t>();
    s.trace = parseWord(values.at("trace").get<std::string>(), hessian::kTraceMethodWords,
                        "trace method");
    s.traceProducts = values.at("trace-products").get<int>();
    s.perLayer = values.at("per-layer").get<bool>();
    s.density = values.at("density").get<bool>();
    s.densityRuns = values.at("density-runs").get<int>();
    s.densitySteps = values.at("density-steps").get<int>();
    s.densityPoints = values.at("density-points").get<int>();
    s.densityWidth = values.at("density-width").get<double>();
    s.tolerance = values.at("tolerance").get<double>();
    s.maxIterations = values.at("max-iterations").get<int>();
    s.seed = values.at("seed").get<std::uint64_t>();
    s.batchSize = values.at("batch-size").get<std::int64_t>();
    return s;
}

std::string hessianMember(const ParameterValues& values, const io::CheckpointSet& set) {
    const auto it = values.find("member");
    const std::string name = it != values.end() && it->is_string() ? it->get<std::string>() : "";
    if (name.empty()) {
        if (set.members.empty())
            throw InvalidArgument(set.folder + ": no member to differentiate");
        return set.members.front().name;
    }
    if (!set.findMember(name))
        throw InvalidArgument("--member: " + set.folder + " has no member named '" + name + "'");
    return name;
}

const Analysis& hessianAnalysis() {
    static const HessianAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis
