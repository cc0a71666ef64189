#include "core/analysis/SpaceParameters.h"

#include <algorithm>

#include "core/common/Error.h"
#include "core/io/set/SetOverrides.h"

namespace modescape::analysis {

namespace {

using K = ParameterKind;
using symmetry::MemberSpace;
using symmetry::WeightSpace;

// The table's words without "none": a weight space names its removal methods.
template <typename E, std::size_t N>
std::vector<std::string> wordsButNone(const WordTable<E, N>& table) {
    std::vector<std::string> words = wordsOf(table);
    words.erase(std::remove(words.begin(), words.end(), "none"), words.end());
    return words;
}

const char* symmetryWord(WeightSpace space) {
    return wordOf(space, symmetry::kSymmetryRemovedWords);
}

bool functionSpace(const ParameterValues& values) {
    return parseWord(values.at("space").get<std::string>(), symmetry::kMemberSpaceWords, "space") ==
           MemberSpace::Function;
}

symmetry::LayerSelection layersFrom(const ParameterValues& values) {
    symmetry::LayerSelection layers;
    layers.pattern = values.at("layers").get<std::string>();
    layers.excludeNormalization = values.at("exclude-norm").get<bool>();
    layers.lastLayerOnly = values.at("last-layer").get<bool>();
    layers.includeBuffers = values.at("include-buffers").get<bool>();
    return layers;
}

// Permutation and reference: match:MEMBER's member, else none.
void permutationFrom(const ParameterValues& values, symmetry::RemovalOptions& removal) {
    removal.permutation = parseWord(values.at("permutation").get<std::string>(),
                                    symmetry::kPermutationMethodWords, "permutation removal");
    if (removal.permutation == symmetry::PermutationMethod::Match)
        removal.reference = values.at("reference").get<std::string>();
}

}  // namespace

ParameterList& operator+=(ParameterList& list, const ParameterList& more) {
    list.insert(list.end(), more.begin(), more.end());
    return list;
}

ParameterList spaceParameters() {
    const std::vector<nlohmann::json> weights{"weights"};
    return {
        parameter("symmetry", K::Choice, "Symmetries removed",
                  "Symmetries removed from the weights before they are compared: scaling, or "
                  "scaling then permutation (docs/symmetry.md)")
            .oneOf(wordsOf(symmetry::kSymmetryRemovedWords))
            .byDefault(symmetryWord(WeightSpace::Raw))
            .when("space", weights),
        parameter("space", K::Choice, "Space",
                  "Compare the members' weights, or their functions: their predictions on the "
                  "first --samples samples of --split")
            .oneOf(wordsOf(symmetry::kMemberSpaceWords))
            .byDefault(wordOf(MemberSpace::Weights, symmetry::kMemberSpaceWords)),
        parameter("layers", K::Text, "Layers (regex)",
                  "Flatten only the tensors whose name matches this regular expression")
            .byDefault("")
            .defaultReads("every parameter")
            .when("space", weights)
            .isAdvanced(),
        parameter("exclude-norm", K::Flag, "Leave out normalisation",
                  "Leave out BatchNorm and FRN tensors")
            .when("space", weights)
            .isAdvanced(),
        parameter("last-layer", K::Flag, "Last layer only", "Only the last layer's weight and bias")
            .when("space", weights)
            .isAdvanced(),
        parameter("include-buffers", K::Flag, "Include buffers",
                  "Also flatten float buffers (BatchNorm running statistics)")
            .when("space", weights)
            .isAdvanced(),
        parameter("split", K::Role, "Split",
                  "Dataset role whose samples the functions are compared on")
            .byDefault(symmetry::kFunctionSplit)
            .oneOf(io::datasetRoles())
            .when("space", {"function"}),
        parameter("samples", K::Integer, "Samples",
                  "Samples of --split the functions are compared on (the first ones)")
            .byDefault(symmetry::kFunctionSamples)
            .in("samples")
            .range(1, 1000000)
            .when("space", {"function"}),
    };
}

ParameterList removalParameters(RemovalUse use) {
    const bool space = use == RemovalUse::WeightSpace;
    ParameterSpec scaling =
        parameter("scaling", K::Choice, "Scaling removal",
                  space ? "Scaling removal of the space (--symmetry scale or scale+perm)"
                        : "Scaling removal: unit norms, or the scaling of least L2 mass")
            .oneOf(space ? wordsButNone(symmetry::kScalingMethodWords)
                         : wordsOf(symmetry::kScalingMethodWords))
            .byDefault(
                wordOf(space ? symmetry::ScalingMethod::Optimal : symmetry::ScalingMethod::None,
                       symmetry::kScalingMethodWords));
    ParameterSpec permutation =
        parameter("permutation", K::Choice, "Permutation removal",
                  std::string(space ? "Permutation removal of the space (--symmetry scale+perm): "
                                    : "Permutation removal: ") +
                      "canonical sorting, or weight matching to a member (match:MEMBER; "
                      "default: the first member)")
            .oneOf(space ? wordsButNone(symmetry::kPermutationMethodWords)
                         : wordsOf(symmetry::kPermutationMethodWords))
            .withSuffix("reference")
            .byDefault(wordOf(
                space ? symmetry::PermutationMethod::Sort : symmetry::PermutationMethod::None,
                symmetry::kPermutationMethodWords));
    ParameterSpec reference =
        parameter("reference", K::Member, "Match to",
                  "The member weight matching aligns the others to (also --permutation "
                  "match:MEMBER)")
            .byDefault("")
            .defaultReads("the first member")
            .when("permutation", {"match"});
    ParameterSpec sortKey =
        parameter("sort-key", K::Choice, "Sort key",
                  "What canonical sorting orders a layer's units by: their first incoming "
                  "weight, the mean or the L2 norm of their incoming weights")
            .oneOf(wordsOf(symmetry::kSortKeyWords))
            .byDefault(wordOf(symmetry::SortKey::FirstWeight, symmetry::kSortKeyWords))
            .when("permutation", {"sort"});
    ParameterSpec spec = parameter("spec", K::Path, "Symmetry spec",
                                   "Symmetry spec (JSON, docs/symmetry.md) for a TorchScript model")
                             .byDefault("")
                             .defaultReads("built-in, else SET/symmetry.json");
    if (space) {
        scaling.when("symmetry", {"scale", "scale+perm"});
        for (ParameterSpec* removal : {&permutation, &reference, &sortKey})
            removal->when("symmetry", {"scale+perm"});
        spec.when("symmetry", {"scale", "scale+perm"});
        for (ParameterSpec* detail : {&scaling, &permutation, &reference, &sortKey, &spec})
            detail->isAdvanced();
    }
    return {scaling, permutation, reference, sortKey, spec};
}

symmetry::SpaceOptions spaceOptionsFrom(const ParameterValues& values) {
    symmetry::SpaceOptions o;
    o.space = parseWord(values.at("symmetry").get<std::string>(), symmetry::kSymmetryRemovedWords,
                        "symmetry removal");
    symmetry::RemovalOptions removal;
    permutationFrom(values, removal);
    o.scaling = symmetry::parseScalingMethod(values.at("scaling").get<std::string>());
    o.permutation = removal.permutation;
    o.reference = removal.reference;
    o.sortKey = symmetry::parseSortKey(values.at("sort-key").get<std::string>());
    o.specPath = values.at("spec").get<std::string>();
    o.layers = layersFrom(values);
    return o;
}

std::optional<symmetry::FunctionSample> functionSampleFrom(const ParameterValues& values) {
    if (!functionSpace(values))
        return std::nullopt;
    return symmetry::FunctionSample{values.at("split").get<std::string>(),
                                    values.at("samples").get<std::int64_t>()};
}

ParameterValues spaceValuesFrom(const symmetry::SpaceOptions& space,
                                const std::optional<symmetry::FunctionSample>& functions) {
    const symmetry::FunctionSample sample = functions.value_or(symmetry::FunctionSample{});
    return {
        {"symmetry", symmetryWord(space.space)},
        {"space", wordOf(functions ? MemberSpace::Function : MemberSpace::Weights,
                         symmetry::kMemberSpaceWords)},
        {"layers", space.layers.pattern},
        {"exclude-norm", space.layers.excludeNormalization},
        {"last-layer", space.layers.lastLayerOnly},
        {"include-buffers", space.layers.includeBuffers},
        {"split", sample.split},
        {"samples", sample.samples},
        {"scaling", symmetry::scalingMethodName(space.scaling)},
        {"permutation", symmetry::permutationMethodName(space.permutation)},
        {"reference", space.reference},
        {"sort-key", symmetry::sortKeyName(space.sortKey)},
        {"spec", space.specPath},
    };
}

symmetry::RemovalOptions removalOptionsFrom(const ParameterValues& values) {
    symmetry::RemovalOptions removal;
    removal.scaling = symmetry::parseScalingMethod(values.at("scaling").get<std::string>());
    permutationFrom(values, removal);
    removal.sortKey = symmetry::parseSortKey(values.at("sort-key").get<std::string>());
    return removal;
}

ParameterValues removalValuesFrom(const symmetry::RemovalOptions& removal) {
    return {
        {"scaling", symmetry::scalingMethodName(removal.scaling)},
        {"permutation", symmetry::permutationMethodName(removal.permutation)},
        {"reference", removal.reference},
        {"sort-key", symmetry::sortKeyName(removal.sortKey)},
    };
}

void checkSpaceRules(const ParameterList& list, const ParameterValues& values) {
    if (!functionSpace(values))
        return;
    const std::string space = userName(specNamed(list, "space"));
    const std::string removed = values.at("symmetry").get<std::string>();
    if (removed != symmetryWord(WeightSpace::Raw))
        throw InvalidArgument(userName(specNamed(list, "symmetry")) + " " + removed + " with " +
                              space + " function: symmetries never change the function");
    if (!layersFrom(values).selectsEverything() || values.at("include-buffers").get<bool>())
        throw InvalidArgument(userName(specNamed(list, "layers")) + ", " +
                              userName(specNamed(list, "exclude-norm")) + ", " +
                              userName(specNamed(list, "last-layer")) + " and " +
                              userName(specNamed(list, "include-buffers")) + " select weights; " +
                              space + " function compares predictions");
}

}  // namespace modescape::analysis
