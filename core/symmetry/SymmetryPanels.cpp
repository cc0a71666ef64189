#include "core/symmetry/SymmetryPanels.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <span>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/model/TensorSpec.h"
#include "core/symmetry/PanelBinning.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::symmetry {
namespace {

const io::TensorInfo& tensorInfo(const evaluation::LoadedSet& set, const std::string& name) {
    for (const auto& t : set.model().parameterSpec())
        if (t.info.name == name)
            return t.info;
    throw InvalidArgument(set.set().folder + ": the model has no tensor named '" + name + "'");
}

int maxUnit(const at::Tensor& tensor) {
    const at::Tensor values = tensor.to(at::kFloat).contiguous();
    return rowOfMaximum(
        std::span<const float>(values.data_ptr<float>(), std::size_t(values.numel())),
        values.dim() == 0 ? 1 : values.size(0));
}

double element(const at::Tensor& tensor, std::int64_t index) {
    return tensor.reshape({-1})[index].item<double>();
}

}  // namespace

std::string defaultPanelTensor(const evaluation::LoadedSet& set) {
    const auto& tensors = set.model().parameterSpec();
    if (tensors.empty())
        throw InvalidArgument(set.set().folder + ": the model has no tensors");
    for (const auto& t : tensors)
        if (t.role == model::TensorRole::Parameter && t.info.shape.size() >= 2)
            return t.info.name;
    return tensors.front().info.name;
}

SymmetryPanelData computeSymmetryPanels(evaluation::LoadedSet& set,
                                        const SymmetryPanelOptions& options,
                                        const JobContext& context) {
    SymmetryPanelData data;
    data.pairTensor = options.pairTensor.empty() ? defaultPanelTensor(set) : options.pairTensor;
    data.indexTensor = options.indexTensor.empty() ? data.pairTensor : options.indexTensor;
    const io::TensorInfo& pair = tensorInfo(set, data.pairTensor);
    const io::TensorInfo& layer = tensorInfo(set, data.indexTensor);
    for (std::int64_t e : {options.elementA, options.elementB})
        if (e < 0 || e >= pair.numel())
            throw InvalidArgument("weight " + std::to_string(e) + " is outside " + pair.name +
                                  " (" + std::to_string(pair.numel()) + " weights)");
    data.elementA = options.elementA;
    data.elementB = options.elementB;
    data.units = layer.shape.empty() ? 1 : int(layer.shape.front());
    data.removedSpace = describeSpace(options.removed);

    const SymmetrySpec spec = symmetrySpecForSet(set, options.removed.specPath);
    data.spec = spec;
    RemovalOptions removal = removalFor(options.removed);
    removal.computeMinimalMass = true;  // the mass panel needs it whatever the space
    const auto& members = set.set().members;
    model::ParameterSet reference;
    if (removal.permutation == PermutationMethod::Match) {
        if (removal.reference.empty())
            removal.reference = members.front().name;
        RemovalOptions scalingOnly = removal;
        scalingOnly.permutation = PermutationMethod::None;
        reference = removeSymmetries(set.weights(removal.reference), spec, scalingOnly).weights;
    }

    for (std::size_t i = 0; i < members.size(); ++i) {
        context.checkCancelled();
        context.report(double(i) / members.size(), "symmetry panels: " + members[i].name);
        const model::ParameterSet raw = set.weights(members[i].name);
        const RemovalResult removed =
            removeSymmetries(raw, spec, removal, reference.empty() ? nullptr : &reference);
        data.members.push_back(members[i].name);
        data.groups.push_back(members[i].group);
        data.rawA.push_back(element(raw.at(data.pairTensor), data.elementA));
        data.rawB.push_back(element(raw.at(data.pairTensor), data.elementB));
        data.removedA.push_back(element(removed.weights.at(data.pairTensor), data.elementA));
        data.removedB.push_back(element(removed.weights.at(data.pairTensor), data.elementB));
        data.rawMaxUnit.push_back(maxUnit(raw.at(data.indexTensor)));
        data.removedMaxUnit.push_back(maxUnit(removed.weights.at(data.indexTensor)));
        data.mass.push_back(removed.report.mass);
        data.minimalMass.push_back(removed.report.minimalMass);
        data.excessMass.push_back(removed.report.excessMass);
    }
    return data;
}

}  // namespace modescape::symmetry
