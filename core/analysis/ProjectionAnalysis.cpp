#include "core/analysis/ProjectionAnalysis.h"

#include <nlohmann/json.hpp>

#include "core/analysis/AnalysisCost.h"
#include "core/analysis/ForwardJobEstimate.h"
#include "core/analysis/JsonResultFile.h"
#include "core/analysis/ResultFileJson.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SpaceParameters.h"
#include "core/common/Error.h"

namespace modescape::analysis {

namespace {

using K = ParameterKind;
using symmetry::DistanceKind;
using symmetry::ProjectionMethod;

const std::vector<nlohmann::json> kMapsOfDistances{"tsne", "mds"};

ParameterList projectionParameters() {
    ParameterList list{
        setParameter(),
        parameter("method", K::Choice, "Method",
                  "PCA of the weights, or t-SNE or classical MDS of the members' distances")
            .oneOf(wordsOf(symmetry::kProjectionMethodWords))
            .byDefault(wordOf(ProjectionMethod::Pca, symmetry::kProjectionMethodWords)),
    };
    list += spaceParameters();
    // PCA works on the weights only: the space and the distance are t-SNE's and MDS's.
    for (ParameterSpec& spec : list)
        if (spec.name == "space")
            spec.when("method", kMapsOfDistances);
    list += {
        parameter("distance", K::Choice, "Distance",
                  "Between members: euclidean or cosine for weights, disagreement (share of "
                  "differing argmax) or js (mean Jensen-Shannon divergence) for functions")
            .oneOf(wordsOf(symmetry::kDistanceKindWords))
            .defaultReads("euclidean for weights, js for functions")
            .when("method", kMapsOfDistances),
        parameter("components", K::Integer, "Dimensions", "Dimensions of the map (t-SNE: 2)")
            .byDefault(2)
            .range(2, 3),
        parameter("seed", K::Integer, "Seed", "Seed of t-SNE and of the randomized PCA's sketch")
            .byDefault(0)
            .range(0),
        parameter("pca", K::Choice, "PCA algorithm",
                  "exact (streamed Gram matrix), randomized (a few passes, top components "
                  "only) or auto (randomized past the exact Gram's reach); docs/large-sets.md")
            .oneOf(wordsOf(projection::kPcaAlgorithmWords))
            .byDefault(wordOf(projection::PcaAlgorithm::Auto, projection::kPcaAlgorithmWords))
            .when("method", {"pca"})
            .isAdvanced(),
        parameter("map-input", K::Choice, "Map input",
                  "Weight-space t-SNE and MDS from the full N x N distances (full), from the top "
                  "--map-components principal coordinates (pca), or pca past the exact Gram's "
                  "reach (auto); docs/large-sets.md")
            .oneOf(wordsOf(projection::kMapInputWords))
            .byDefault(wordOf(projection::MapInput::Auto, projection::kMapInputWords))
            .when("method", kMapsOfDistances)
            .isAdvanced(),
        parameter("map-components", K::Integer, "Map components",
                  "Principal coordinates for --map-input pca (fewer where the working memory "
                  "cannot hold the sketch)")
            .byDefault(projection::kMapPcaComponents)
            .range(2, 10000)
            .when("method", kMapsOfDistances)
            .when("map-input", {"auto", "pca"})
            .isAdvanced(),
        parameter("tsne-gradient", K::Choice, "t-SNE gradient",
                  "exact (all pairs), bh (Barnes-Hut tree), fft (FFT-accelerated interpolation) "
                  "or auto (exact up to 2,000 members, bh above); docs/definitions.md")
            .oneOf(wordsOf(projection::kTsneMethodWords))
            .byDefault(wordOf(projection::TsneMethod::Auto, projection::kTsneMethodWords))
            .when("method", {"tsne"})
            .isAdvanced(),
    };
    list += removalParameters(RemovalUse::WeightSpace);
    return list;
}

bool functionSpace(const ParameterValues& values) {
    return functionSampleFrom(values).has_value();
}

class ProjectionAnalysis : public Analysis, public EstimatesCost {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{"project", "Map",
                                       "PCA, t-SNE or MDS map of the members (weights or "
                                       "functions)"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list = projectionParameters();
        return list;
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        return symmetry::projectSet(workspace.loaded(), projectionSettingsFrom(values), context);
    }

    // Function space: every member on the first --samples samples of --split.
    std::optional<evaluation::ForwardCost> estimateCost(
        SetWorkspace& workspace, const ParameterValues& values) const override {
        return functionSpaceEstimate(workspace, values);
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return symmetry::toJson(std::any_cast<const symmetry::SetProjection&>(result));
    }

    // What `--json` prints, plus the ratios of the axes not shown.
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeJsonResultFile(
            path, *this, projectionFileJson(std::any_cast<const symmetry::SetProjection&>(result)));
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(path, *this, [](const nlohmann::json& j) {
            return std::any(projectionFromFileJson(j));
        });
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        checkSpaceRules(parameters(), values);
        const nlohmann::json& distance = values.at("distance");
        if (functionSpace(values) && !distance.is_null() &&
            !symmetry::isFunctionSpace(symmetry::parseDistanceKind(distance.get<std::string>())))
            throw InvalidArgument(userName(specNamed(parameters(), "distance")) + " " +
                                  distance.get<std::string>() + " compares weights; with " +
                                  userName(specNamed(parameters(), "space")) +
                                  " function use disagreement or js");
        symmetry::checkProjectionOptions(
            projectionSettingsFrom(values),
            set ? std::optional<std::size_t>(set->members.size()) : std::nullopt);
    }
};

}  // namespace

const Analysis& projectionAnalysis() {
    static const ProjectionAnalysis analysis;
    return analysis;
}

symmetry::SetProjectionOptions projectionSettingsFrom(const ParameterValues& values) {
    symmetry::SetProjectionOptions o;
    o.method = symmetry::parseProjectionMethod(values.at("method").get<std::string>());
    const nlohmann::json& distance = values.at("distance");
    o.distance = !distance.is_null()     ? symmetry::parseDistanceKind(distance.get<std::string>())
                 : functionSpace(values) ? DistanceKind::JensenShannon
                                         : DistanceKind::Euclidean;
    o.components = values.at("components").get<int>();
    o.seed = values.at("seed").get<std::uint64_t>();
    o.pca = projection::parsePcaAlgorithm(values.at("pca").get<std::string>());
    o.mapInput = projection::parseMapInput(values.at("map-input").get<std::string>());
    o.mapComponents = values.at("map-components").get<int>();
    o.tsneGradient = projection::parseTsneMethod(values.at("tsne-gradient").get<std::string>());
    o.space = spaceOptionsFrom(values);
    const symmetry::FunctionSample sample =
        functionSampleFrom(values).value_or(symmetry::FunctionSample{});
    o.split = sample.split;
    o.functionSamples = sample.samples;
    return o;
}

ParameterValues projectionValuesFrom(const symmetry::SetProjectionOptions& o) {
    const bool functions = symmetry::isFunctionSpace(o.distance);
    ParameterValues values = spaceValuesFrom(
        o.space, functions ? std::optional(symmetry::FunctionSample{o.split, o.functionSamples})
                           : std::nullopt);
    if (!functions) {  // the split and samples are kept even where they do not apply
        values["split"] = o.split;
        values["samples"] = o.functionSamples;
    }
    values["method"] = symmetry::projectionMethodName(o.method);
    values["distance"] = symmetry::distanceKindName(o.distance);
    values["components"] = o.components;
    values["seed"] = o.seed;
    values["pca"] = wordOf(o.pca, projection::kPcaAlgorithmWords);
    values["map-input"] = wordOf(o.mapInput, projection::kMapInputWords);
    values["map-components"] = o.mapComponents;
    values["tsne-gradient"] = wordOf(o.tsneGradient, projection::kTsneMethodWords);
    return values;
}

}  // namespace modescape::analysis
