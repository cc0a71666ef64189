#include "core/symmetry/SetMemberRows.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::symmetry {

SetMemberRows::SetMemberRows(const evaluation::LoadedSet& set, const SpaceOptions& options)
    : set_(set), removal_(removalFor(options)), layers_(options.layers) {
    if (set.set().members.empty())
        throw InvalidArgument(set.set().folder + ": the set has no members");
    if (options.space != WeightSpace::Raw) {
        if (!set.namesModel())
            throw InvalidArgument(set.set().folder + ": removing symmetries (" +
                                  describeSpace(options) +
                                  ") needs the set's model, and the set names none; add a "
                                  "\"model\" to modescape.json, or map the raw weights "
                                  "(--symmetry none)");
        spec_ = symmetrySpecForSet(set, options.specPath);
    }
    if (spec_ && removal_.permutation == PermutationMethod::Match)
        reference_ = matchingReference(set, *spec_, removal_);
    for (const at::Tensor& p : pieces(0))
        parameters_ += p.numel();
}

int64_t SetMemberRows::memberCount() const {
    return static_cast<int64_t>(set_.set().members.size());
}

std::vector<at::Tensor> SetMemberRows::pieces(std::size_t member) const {
    model::ParameterSet w = set_.weights(set_.set().members[member].name);
    if (spec_)
        w = removeSymmetries(w, *spec_, removal_, reference_.empty() ? nullptr : &reference_)
                .weights;
    if (kept_.empty())
        kept_ = selectTensors(w, layers_);
    std::vector<at::Tensor> out;
    out.reserve(kept_.size());
    for (const auto& name : kept_)  // flattenSelected's parts, views where they can be
        out.push_back(w.at(name).detach().reshape({-1}).to(at::kFloat).contiguous());
    return out;
}

at::Tensor SetMemberRows::row(std::size_t member) const {
    const std::vector<at::Tensor> parts = pieces(member);
    return parts.size() == 1 ? parts[0] : at::cat(parts).contiguous();
}

void SetMemberRows::checkLength(std::size_t member, int64_t parameters) const {
    if (parameters != parameters_)
        throw ShapeMismatch(set_.set().members[member].name + ": " + std::to_string(parameters) +
                            " parameters in the map, " + set_.set().members.front().name + " has " +
                            std::to_string(parameters_));
}

void SetMemberRows::read(int64_t first, const projection::MemberVisitor& visit,
                         const JobContext& context) const {
    for (int64_t i = first; i < memberCount(); ++i) {
        context.checkCancelled();
        const at::Tensor flat = row(std::size_t(i));
        checkLength(std::size_t(i), flat.numel());
        visit(i, flat);
    }
}

void SetMemberRows::readPieces(int64_t first, const projection::MemberPiecesVisitor& visit,
                               const JobContext& context) const {
    for (int64_t i = first; i < memberCount(); ++i) {
        context.checkCancelled();
        const std::vector<at::Tensor> parts = pieces(std::size_t(i));
        int64_t parameters = 0;
        for (const at::Tensor& p : parts)
            parameters += p.numel();
        checkLength(std::size_t(i), parameters);
        visit(i, parts);
    }
}

}  // namespace modescape::symmetry
