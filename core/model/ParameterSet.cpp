#include "core/model/ParameterSet.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/io/TorchDType.h"

namespace modescape::model {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool selected(const ParameterSet::Entry& e, bool includeBuffers, bool floatOnly) {
    if (!includeBuffers && e.role == TensorRole::Buffer)
        return false;
    if (floatOnly && !at::isFloatingType(e.tensor.scalar_type()))
        return false;
    return true;
}

}  // namespace

bool isBufferName(const std::string& name) {
    return endsWith(name, "running_mean") || endsWith(name, "running_var") ||
           endsWith(name, "num_batches_tracked");
}

void ParameterSet::add(const std::string& name, const at::Tensor& tensor) {
    add(name, tensor, isBufferName(name) ? TensorRole::Buffer : TensorRole::Parameter);
}

void ParameterSet::add(const std::string& name, const at::Tensor& tensor, TensorRole role) {
    if (index_.count(name))
        throw InvalidArgument("parameter set: tensor '" + name + "' added twice");
    if (!tensor.defined())
        throw InvalidArgument("parameter set: tensor '" + name + "' is undefined");
    index_[name] = entries_.size();
    entries_.push_back({name, tensor, role});
}

void ParameterSet::set(const std::string& name, const at::Tensor& tensor) {
    auto it = index_.find(name);
    if (it == index_.end())
        throw InvalidArgument("parameter set: no tensor named '" + name + "' to replace");
    entries_[it->second].tensor = tensor;
}

bool ParameterSet::contains(const std::string& name) const {
    return index_.count(name) != 0;
}

const at::Tensor& ParameterSet::at(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end())
        throw InvalidArgument("parameter set: the model needs a tensor named '" + name +
                              "' which the weights do not have (check the architecture and "
                              "its arguments)");
    return entries_[it->second].tensor;
}

at::Tensor ParameterSet::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? at::Tensor() : entries_[it->second].tensor;
}

std::vector<std::string> ParameterSet::names() const {
    std::vector<std::string> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_)
        out.push_back(e.name);
    return out;
}

ParameterSet ParameterSet::parameters() const {
    ParameterSet out;
    for (const auto& e : entries_)
        if (e.role == TensorRole::Parameter)
            out.add(e.name, e.tensor, e.role);
    return out;
}

ParameterSet ParameterSet::buffers() const {
    ParameterSet out;
    for (const auto& e : entries_)
        if (e.role == TensorRole::Buffer)
            out.add(e.name, e.tensor, e.role);
    return out;
}

std::int64_t ParameterSet::numel() const {
    std::int64_t n = 0;
    for (const auto& e : entries_)
        n += e.tensor.numel();
    return n;
}

ParameterSet ParameterSet::to(const at::TensorOptions& options) const {
    ParameterSet out;
    for (const auto& e : entries_) {
        // Integer buffers keep their dtype; only the device (and float dtype) change.
        auto opts = at::isFloatingType(e.tensor.scalar_type())
                        ? options
                        : options.dtype(e.tensor.scalar_type());
        out.add(e.name, e.tensor.to(opts), e.role);
    }
    return out;
}

ParameterSet ParameterSet::to(at::ScalarType floatType) const {
    ParameterSet out;
    for (const auto& e : entries_) {
        bool isFloat = at::isFloatingType(e.tensor.scalar_type());
        out.add(e.name, isFloat ? e.tensor.to(floatType) : e.tensor, e.role);
    }
    return out;
}

ParameterSet ParameterSet::clone() const {
    ParameterSet out;
    for (const auto& e : entries_)
        out.add(e.name, e.tensor.clone(), e.role);
    return out;
}

at::Tensor ParameterSet::flatten(bool includeBuffers, bool floatOnly) const {
    std::vector<at::Tensor> parts;
    for (const auto& e : entries_)
        if (selected(e, includeBuffers, floatOnly))
            parts.push_back(e.tensor.reshape({-1}).to(at::kFloat));
    if (parts.empty())
        return at::empty({0}, at::kFloat);
    return at::cat(parts);
}

ParameterSet ParameterSet::unflatten(const at::Tensor& flat, bool includeBuffers,
                                     bool floatOnly) const {
    std::int64_t expected = 0;
    for (const auto& e : entries_)
        if (selected(e, includeBuffers, floatOnly))
            expected += e.tensor.numel();
    if (flat.dim() != 1 || flat.numel() != expected)
        throw ShapeMismatch("unflatten: the flat vector has " + std::to_string(flat.numel()) +
                            " elements but the parameter set needs " + std::to_string(expected));
    ParameterSet out;
    std::int64_t offset = 0;
    for (const auto& e : entries_) {
        if (!selected(e, includeBuffers, floatOnly)) {
            out.add(e.name, e.tensor, e.role);
            continue;
        }
        auto n = e.tensor.numel();
        out.add(e.name, flat.narrow(0, offset, n).view(e.tensor.sizes()), e.role);
        offset += n;
    }
    return out;
}

ParameterSet ParameterSet::stack(const std::vector<ParameterSet>& sets) {
    if (sets.empty())
        throw InvalidArgument("stack: no parameter sets to stack");
    const auto& first = sets.front();
    ParameterSet out;
    for (std::size_t i = 0; i < first.entries_.size(); ++i) {
        const auto& e = first.entries_[i];
        std::vector<at::Tensor> parts;
        for (const auto& s : sets) {
            if (s.size() != first.size() || !s.contains(e.name))
                throw ShapeMismatch("stack: the weight sets do not have the same tensors ('" +
                                    e.name + "' differs)");
            const auto& t = s.at(e.name);
            if (t.sizes() != e.tensor.sizes())
                throw ShapeMismatch("stack: tensor '" + e.name + "' has shape " +
                                    io::shapeToString(t.sizes().vec()) + " in one set and " +
                                    io::shapeToString(e.tensor.sizes().vec()) + " in another");
            parts.push_back(t);
        }
        out.add(e.name, at::stack(parts), e.role);
    }
    return out;
}

ParameterSet ParameterSet::select(std::int64_t k) const {
    ParameterSet out;
    for (const auto& e : entries_)
        out.add(e.name, e.tensor.select(0, k), e.role);
    return out;
}

ParameterSet ParameterSet::fromCheckpoint(const io::CheckpointFile& file) {
    ParameterSet out;
    for (const auto& info : file.tensors())
        out.add(info.name, file.read(info.name));
    return out;
}

std::vector<io::TensorInfo> ParameterSet::infos() const {
    std::vector<io::TensorInfo> out;
    for (const auto& e : entries_) {
        io::TensorInfo info;
        info.name = e.name;
        info.dtype = io::fromScalarType(e.tensor.scalar_type());
        info.shape = e.tensor.sizes().vec();
        out.push_back(info);
    }
    return out;
}

}  // namespace modescape::model
