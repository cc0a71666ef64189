#include "app/cli/commands/SymmetryOptions.h"

#include <CLI/CLI.hpp>

#include "core/common/Error.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/WeightSpace.h"

namespace modescape::cli {

namespace {

using symmetry::kSymmetryRemovedWords;
using symmetry::kWeightSpaceWords;

bool isWeightSpaceWord(const std::string& text) {
    for (const auto& entry : kWeightSpaceWords)
        if (text == entry.word)
            return true;
    return false;
}

// "scaling" -> "scale": the same space in the words of --symmetry.
std::string symmetryWordOf(const std::string& weightSpaceWord) {
    return wordOf(parseWord(weightSpaceWord, kWeightSpaceWords, "weight space"),
                  kSymmetryRemovedWords);
}

}  // namespace

void SpaceSpellings::bind(AnalysisOptions& options) {
    const std::string older = wordList(kWeightSpaceWords);
    CLI::Option* symmetry = options.option("symmetry");
    symmetry->transform(CLI::Validator(
        [](std::string& text) {
            if (isWeightSpaceWord(text))
                text = symmetryWordOf(text);
            return std::string();
        },
        "", ""));
    symmetry->description(symmetry->get_description() + "; also " + older);
    CLI::Option* space = options.option("space");
    space->transform(CLI::Validator(
        [this](std::string& text) {
            if (isWeightSpaceWord(text)) {
                spaceWord_ = text;
                text = wordOf(symmetry::MemberSpace::Weights, symmetry::kMemberSpaceWords);
            }
            return std::string();
        },
        "", ""));
    space->description(space->get_description() + "; " + older + " are accepted for --symmetry " +
                       wordList(kSymmetryRemovedWords));
    requireExistingSpec(options);
}

analysis::ParameterValues SpaceSpellings::meaning(const AnalysisOptions& options) const {
    if (spaceWord_.empty())
        return analysis::ParameterValues::object();
    const CLI::Option* symmetry = options.option("symmetry");
    if (symmetry->count() > 0)
        throw InvalidArgument("--space " + spaceWord_ + " and --symmetry " +
                              symmetry->as<std::string>() +
                              " both name the symmetries: use --symmetry alone");
    return {{"symmetry", symmetryWordOf(spaceWord_)}};
}

void requireExistingSpec(AnalysisOptions& options) {
    options.option("spec")->check(CLI::ExistingFile);
}

}  // namespace modescape::cli
