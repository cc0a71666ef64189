#pragma once
// Permutation-symmetry removal (docs/definitions.md, "Symmetries"):
//   sort:  in forward order, sort each group's units descending by a key of
//          their key-tensor slice (taken after the earlier groups moved its
//          columns): the first incoming weight (the paper's default), the mean
//          or the L2 norm; stable, so ties keep their order;
//   match: weight matching to a reference (Ainsworth et al. 2022): coordinate
//          ascent over the groups in a seeded random order, each step a linear
//          assignment maximising sum over the group's parameter axes of
//          <W_ref, P W_other> with the other groups' current permutations applied.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/WordTable.h"
#include "core/model/ParameterSet.h"
#include "core/symmetry/SymmetrySpec.h"
#include "core/symmetry/SymmetryTransforms.h"

namespace modescape::symmetry {

enum class PermutationMethod { None, Sort, Match };
// Match may be followed by ":MEMBER", the reference (parsePermutationOption).
inline constexpr WordTable<PermutationMethod, 3> kPermutationMethodWords{
    {{"none", PermutationMethod::None},
     {"sort", PermutationMethod::Sort},
     {"match", PermutationMethod::Match}}};
enum class SortKey { FirstWeight, Mean, L2Norm };
inline constexpr WordTable<SortKey, 3> kSortKeyWords{
    {{"first", SortKey::FirstWeight}, {"mean", SortKey::Mean}, {"l2", SortKey::L2Norm}}};
// A word of kSortKeyWords; throws InvalidArgument for anything else.
SortKey parseSortKey(const std::string& text);
const char* sortKeyName(SortKey key);
const char* permutationMethodName(PermutationMethod method);

// Sorts in place; returns the permutation applied to each group.
std::vector<Permutation> sortUnits(model::ParameterSet& weights, const SymmetrySpec& spec,
                                   SortKey key = SortKey::FirstWeight);

struct MatchingOptions {
    std::uint64_t seed = 0;  // order in which groups are visited each sweep
    int maxSweeps = 100;
    double tolerance = 1e-12;  // a step must improve <A, P> by more than this
};

struct MatchingResult {
    std::vector<Permutation> permutations;  // applied to each group
    int sweeps = 0;
    bool converged = false;
    // sum over groups of <W_ref, W_other> on the permuted axes, before and after.
    double similarityBefore = 0;
    double similarityAfter = 0;
};

// Permutes weights in place to match reference (same names and shapes).
// Throws ShapeMismatch when the two sets differ.
MatchingResult matchWeights(model::ParameterSet& weights, const model::ParameterSet& reference,
                            const SymmetrySpec& spec, const MatchingOptions& options = {});

}  // namespace modescape::symmetry
