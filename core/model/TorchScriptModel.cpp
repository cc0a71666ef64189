#include "core/model/TorchScriptModel.h"

#include <torch/script.h>

#include <filesystem>
#include <mutex>

#include "core/common/Error.h"
#include "core/io/TorchDType.h"
#include "core/model/TorchScriptApproval.h"

namespace modescape::model {

struct TorchScriptModel::Impl {
    torch::jit::Module module;
    std::mutex mutex;
};

namespace {

// State-dict order: a module's own parameters, then its own buffers, then its
// children depth-first (what nn.Module.state_dict() does).
void collect(const torch::jit::Module& m, const std::string& prefix, ParameterSet& out) {
    for (const auto& p : m.named_parameters(/*recurse=*/false))
        out.add(prefix + p.name, p.value, TensorRole::Parameter);
    for (const auto& b : m.named_buffers(/*recurse=*/false))
        out.add(prefix + b.name, b.value, TensorRole::Buffer);
    for (const auto& c : m.named_children())
        collect(c.value, prefix + c.name + ".", out);
}

// The submodule owning a dotted name, and the attribute's own name.
std::pair<torch::jit::Module, std::string> owner(const torch::jit::Module& root,
                                                 const std::string& dotted) {
    torch::jit::Module m = root;
    std::size_t start = 0;
    for (auto dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', start)) {
        auto part = dotted.substr(start, dot - start);
        if (!m.hasattr(part) || !m.attr(part).isModule())
            throw InvalidArgument("torchscript model: no submodule '" + dotted.substr(0, dot) +
                                  "' for weight '" + dotted + "'");
        m = m.attr(part).toModule();
        start = dot + 1;
    }
    auto leaf = dotted.substr(start);
    if (!m.hasattr(leaf) || !m.attr(leaf).isTensor())
        throw InvalidArgument("torchscript model: the module has no tensor named '" + dotted + "'");
    return {m, leaf};
}

std::string lastLine(const std::string& text) {
    auto end = text.find_last_not_of("\n ");
    if (end == std::string::npos)
        return text;
    auto newline = text.rfind('\n', end);
    auto start = newline == std::string::npos ? 0 : newline + 1;
    return text.substr(start, end + 1 - start);
}

// Puts the archive's tensors back when the forward ends, normally or not.
class SubstitutionGuard {
  public:
    explicit SubstitutionGuard(torch::jit::Module& root) : root_(root) {}
    void substitute(const std::string& name, const at::Tensor& t) {
        auto [m, leaf] = owner(root_, name);
        saved_.push_back({m, leaf, m.attr(leaf).toTensor()});
        m.setattr(leaf, t);
    }
    ~SubstitutionGuard() {
        for (auto it = saved_.rbegin(); it != saved_.rend(); ++it)
            it->m.setattr(it->leaf, it->t);
        root_.eval();
    }

  private:
    struct Saved {
        torch::jit::Module m;
        std::string leaf;
        at::Tensor t;
    };
    torch::jit::Module& root_;
    std::vector<Saved> saved_;
};

}  // namespace

TorchScriptModel::TorchScriptModel(const std::string& path)
    : impl_(std::make_unique<Impl>()), path_(path) {
    if (!std::filesystem::is_regular_file(path))
        throw IoError(path, "no such TorchScript file");
    // Loading runs code (__setstate__): only with the front end's approval.
    requireTorchScriptApproval(path);
    try {
        impl_->module = torch::jit::load(path, c10::Device(c10::kCPU));
    } catch (const c10::Error& e) {
        throw FormatError(path, std::string("not a TorchScript archive that LibTorch can load (") +
                                    e.what_without_backtrace() + ")");
    }
    impl_->module.eval();
    ParameterSet stored;
    collect(impl_->module, "", stored);
    for (const auto& e : stored.entries()) {
        TensorSpec s;
        s.info.name = e.name;
        s.info.dtype = io::fromScalarType(e.tensor.scalar_type());
        s.info.shape = e.tensor.sizes().vec();
        s.role = e.role;
        spec_.push_back(std::move(s));
    }
}

TorchScriptModel::~TorchScriptModel() = default;

std::string TorchScriptModel::describe() const {
    return "torchscript (" + path_ + ")";
}

ParameterSet TorchScriptModel::storedParameters() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    ParameterSet stored;
    collect(impl_->module, "", stored);
    return stored.clone();
}

at::Tensor TorchScriptModel::forward(const ParameterSet& params, const at::Tensor& x,
                                     const ForwardOptions& options) const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    at::AutoGradMode gradMode(options.grad);
    SubstitutionGuard guard(impl_->module);
    for (const auto& e : params.entries())
        guard.substitute(e.name, e.tensor);
    if (options.trainBatchNorm || options.dropout)
        impl_->module.train(true);
    try {
        auto out = impl_->module.forward({x});
        if (!out.isTensor())
            throw ShapeMismatch(describe() + ": forward returned " + out.tagKind() +
                                ", not a tensor of logits");
        return options.grad ? out.toTensor() : out.toTensor().detach();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // The interpreter's message ends with the Python-side error; keep that line.
        throw ShapeMismatch(describe() + ": forward failed (" + lastLine(e.what()) +
                            "); do the input and the weights fit this model?");
    }
}

}  // namespace modescape::model
