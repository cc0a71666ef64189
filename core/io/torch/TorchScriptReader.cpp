#include "core/io/torch/TorchScriptReader.h"

#include <torch/script.h>

#include "core/common/Error.h"
#include "core/io/TorchDType.h"
#include "core/io/torch/TorchCheckpoint.h"

namespace modescape::io {

std::unique_ptr<torch::jit::Module> loadTorchScriptModule(const std::string& path) {
    try {
        return std::make_unique<torch::jit::Module>(torch::jit::load(path, c10::Device(c10::kCPU)));
    } catch (const c10::Error& e) {
        std::string m = e.what_without_backtrace();
        throw FormatError(path, "cannot load the TorchScript archive (" +
                                    m.substr(0, m.find('\n')) +
                                    "); the file is damaged or was not written by torch.jit.save");
    }
}

namespace torchfile {

namespace {

class TorchScriptCheckpoint final : public CheckpointFile {
  public:
    explicit TorchScriptCheckpoint(const std::string& path) : path_(path) {
        auto module = loadTorchScriptModule(path);
        for (const auto& p : module->named_parameters(/*recurse=*/true))
            add(p.name, p.value);
        for (const auto& b : module->named_buffers(/*recurse=*/true))
            add(b.name, b.value);
    }

    const std::string& path() const override { return path_; }
    std::string format() const override { return "torchscript"; }
    const std::vector<TensorInfo>& tensors() const override { return infos_; }

    at::Tensor read(const std::string& name) const override {
        for (std::size_t i = 0; i < infos_.size(); ++i)
            if (infos_[i].name == name)
                return values_[i].detach().contiguous().clone();
        throw InvalidArgument(path_ + ": no tensor named '" + name + "'");
    }

  private:
    void add(const std::string& name, const at::Tensor& value) {
        try {
            infos_.push_back({name, fromScalarType(value.scalar_type()), value.sizes().vec()});
            values_.push_back(value);
        } catch (const InvalidArgument& e) {
            throw FormatError(path_, "tensor '" + name + "': " + e.what());
        }
    }

    std::string path_;
    std::vector<TensorInfo> infos_;
    std::vector<at::Tensor> values_;  // share storage with the loaded module
};

}  // namespace

std::unique_ptr<CheckpointFile> openTorchScript(const std::string& path) {
    return std::make_unique<TorchScriptCheckpoint>(path);
}

}  // namespace torchfile
}  // namespace modescape::io
