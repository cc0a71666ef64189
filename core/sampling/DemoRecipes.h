#pragma once
// The posterior sets Modescape makes by itself (`modescape make-set NAME`):
//  two-moons     MLP 2-16-16-2 on 200 noisy two-moons points (TwoMoonsRecipe.h):
//                deep ensemble 10, SWAG 20, MC dropout 20, HMC 20, cyclical SG-MCMC
//                20, last-layer Laplace 20 and the training trajectory of ensemble
//                member 0 (one checkpoint per epoch); test and OOD splits. The
//                built-in demo set.
//  fashion-lenet LeNet-5 on Fashion-MNIST (Debian's dataset-fashion-mnist): deep
//                ensemble 5, SWAG 10 and a trajectory.
// Every run is seeded and reproducible.

#include <map>
#include <string>
#include <vector>

#include "core/io/OutputFolder.h"
#include "core/jobs/Progress.h"

namespace modescape::sampling {

struct RecipeReport {
    std::string folder;
    double seconds = 0;
    std::map<std::string, double> testAccuracyByGroup;  // mean over the group's members
    std::map<std::string, double> minTestAccuracyByGroup;
    std::map<std::string, double> statistics;  // HMC acceptance rate, ...
    std::size_t members = 0;
};

const std::vector<std::string>& recipeNames();  // "two-moons", "fashion-lenet"

// Throws InvalidArgument for an unknown recipe name; checks folder before
// training and throws as writeCheckpointSet does (an existing folder that is
// not an earlier checkpoint-set output is refused unless replace is Anything).
RecipeReport makeRecipeSet(const std::string& recipe, const std::string& folder, std::uint64_t seed,
                           const JobContext& context,
                           io::ReplacePolicy replace = io::ReplacePolicy::OwnOutputOnly);

}  // namespace modescape::sampling
