#pragma once
// Any architecture saved with torch.jit.save, evaluated with substituted
// weights: before each forward, every tensor of the given parameter set
// replaces the module attribute of the same dotted name ("layer1.0.conv1.weight"
// -> submodule layer1.0.conv1, attribute weight); afterwards the archive's own
// tensors are put back. Names the set does not mention keep the archive's
// values. Substitution keeps the caller's tensor objects, so gradients flow to
// them (ForwardOptions::grad) and train-mode BatchNorm updates them in place.
// One forward at a time per instance (a mutex serialises callers).

#include <memory>
#include <string>
#include <vector>

#include "core/model/Model.h"

namespace modescape::model {

class TorchScriptModel : public Model {
  public:
    // Loads the archive, which runs code: only after
    // requireTorchScriptApproval(path) (TorchScriptApproval.h). Throws IoError
    // when the file cannot be read, TorchScriptDeclined when it may not run,
    // FormatError when it is not a TorchScript archive.
    explicit TorchScriptModel(const std::string& path);
    ~TorchScriptModel() override;

    std::string name() const override { return "torchscript"; }
    std::string describe() const override;
    const std::string& path() const { return path_; }

    // The archive's parameters and buffers, in state-dict order.
    const std::vector<TensorSpec>& parameterSpec() const override { return spec_; }
    // A copy of the weights stored in the archive.
    ParameterSet storedParameters() const;

    // Eval mode unless options ask for train-mode BatchNorm or dropout, which
    // switch the whole module to train mode (TorchScript cannot separate them).
    // Throws InvalidArgument for a name the module does not have, ShapeMismatch
    // when the module's forward rejects the input or the weights.
    at::Tensor forward(const ParameterSet& params, const at::Tensor& x,
                       const ForwardOptions& options = {}) const override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    std::vector<TensorSpec> spec_;
};

}  // namespace modescape::model
