#include "core/model/TensorSpec.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/common/Error.h"

namespace modescape::model {

void SpecBuilder::add(const std::string& name, std::vector<std::int64_t> shape, TensorRole role,
                      InitRule init, double bound, io::DType dtype) {
    TensorSpec s;
    s.info.name = name;
    s.info.dtype = dtype;
    s.info.shape = std::move(shape);
    s.role = role;
    s.init = init;
    s.bound = bound;
    specs_.push_back(std::move(s));
}

void SpecBuilder::linear(const std::string& prefix, std::int64_t in, std::int64_t out, bool bias) {
    double bound = 1.0 / std::sqrt(static_cast<double>(in));
    add(prefix + ".weight", {out, in}, TensorRole::Parameter, InitRule::Uniform, bound);
    if (bias)
        add(prefix + ".bias", {out}, TensorRole::Parameter, InitRule::Uniform, bound);
}

void SpecBuilder::conv2d(const std::string& prefix, std::int64_t in, std::int64_t out,
                         std::int64_t kernel, bool bias) {
    double bound = 1.0 / std::sqrt(static_cast<double>(in * kernel * kernel));
    add(prefix + ".weight", {out, in, kernel, kernel}, TensorRole::Parameter, InitRule::Uniform,
        bound);
    if (bias)
        add(prefix + ".bias", {out}, TensorRole::Parameter, InitRule::Uniform, bound);
}

void SpecBuilder::batchNorm(const std::string& prefix, std::int64_t channels) {
    add(prefix + ".weight", {channels}, TensorRole::Parameter, InitRule::Ones);
    add(prefix + ".bias", {channels}, TensorRole::Parameter, InitRule::Zeros);
    add(prefix + ".running_mean", {channels}, TensorRole::Buffer, InitRule::Zeros);
    add(prefix + ".running_var", {channels}, TensorRole::Buffer, InitRule::Ones);
    add(prefix + ".num_batches_tracked", {}, TensorRole::Buffer, InitRule::Zeros, 0.0,
        io::DType::I64);
}

void SpecBuilder::filterResponseNorm(const std::string& prefix, std::int64_t channels) {
    add(prefix + ".gamma", {1, channels, 1, 1}, TensorRole::Parameter, InitRule::Ones);
    add(prefix + ".beta", {1, channels, 1, 1}, TensorRole::Parameter, InitRule::Zeros);
    add(prefix + ".tau", {1, channels, 1, 1}, TensorRole::Parameter, InitRule::Zeros);
}

std::string SpecMatch::describe() const {
    auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (std::size_t i = 0; i < v.size() && i < 4; ++i)
            s += (i ? ", " : "") + v[i];
        if (v.size() > 4)
            s += ", ... (" + std::to_string(v.size()) + " in all)";
        return s;
    };
    std::string out;
    if (!missing.empty())
        out += "missing: " + list(missing) + "; ";
    if (!unexpected.empty())
        out += "unexpected: " + list(unexpected) + "; ";
    if (!wrongShape.empty())
        out += "wrong shape: " + list(wrongShape) + "; ";
    if (out.empty())
        return "matches";
    return out.substr(0, out.size() - 2);
}

namespace {

// shapeOf(name) gives the tensor's shape, or nullopt when it is absent.
template <class ShapeOf, class Names>
SpecMatch matchShapes(const std::vector<TensorSpec>& spec, const ShapeOf& shapeOf,
                      const Names& names, std::int64_t batchedK) {
    SpecMatch m;
    std::set<std::string> known;
    for (const auto& s : spec) {
        known.insert(s.info.name);
        const std::optional<std::vector<std::int64_t>> got = shapeOf(s.info.name);
        if (!got) {
            m.missing.push_back(s.info.name);
            continue;
        }
        std::vector<std::int64_t> want = s.info.shape;
        if (batchedK > 0)
            want.insert(want.begin(), batchedK);
        bool same = *got == want;
        // FRN parameters saved as [C] are accepted for [1, C, 1, 1] (the forward reshapes).
        std::int64_t wantNumel = 1, gotNumel = 1;
        for (auto d : want)
            wantNumel *= d;
        for (auto d : *got)
            gotNumel *= d;
        if (!same && gotNumel == wantNumel)
            same = s.info.name.ends_with(".gamma") || s.info.name.ends_with(".beta") ||
                   s.info.name.ends_with(".tau");
        if (!same)
            m.wrongShape.push_back(s.info.name + ": expected " + io::shapeToString(want) +
                                   ", got " + io::shapeToString(*got));
    }
    for (const auto& name : names)
        if (!known.count(name))
            m.unexpected.push_back(name);
    return m;
}

}  // namespace

SpecMatch matchSpec(const std::vector<TensorSpec>& spec, const ParameterSet& set,
                    std::int64_t batchedK) {
    const auto shapeOf = [&](const std::string& name) -> std::optional<std::vector<std::int64_t>> {
        const auto t = set.find(name);
        if (!t.defined())
            return std::nullopt;
        return t.sizes().vec();
    };
    return matchShapes(spec, shapeOf, set.names(), batchedK);
}

SpecMatch matchSpec(const std::vector<TensorSpec>& spec,
                    const std::vector<io::TensorInfo>& tensors) {
    std::map<std::string, std::vector<std::int64_t>> shapes;
    std::vector<std::string> names;
    for (const auto& t : tensors) {
        shapes.emplace(t.name, t.shape);
        names.push_back(t.name);
    }
    const auto shapeOf = [&](const std::string& name) -> std::optional<std::vector<std::int64_t>> {
        const auto it = shapes.find(name);
        if (it == shapes.end())
            return std::nullopt;
        return it->second;
    };
    return matchShapes(spec, shapeOf, names, 0);
}

void requireMatch(const std::vector<TensorSpec>& spec, const ParameterSet& set,
                  const std::string& what, std::int64_t batchedK) {
    auto m = matchSpec(spec, set, batchedK);
    if (!m.ok())
        throw ShapeMismatch(what + ": the weights do not fit the architecture (" + m.describe() +
                            "); check the model's arguments in the manifest");
}

ParameterSet initializeParameters(const std::vector<TensorSpec>& spec, std::uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    ParameterSet out;
    for (const auto& s : spec) {
        at::Tensor t;
        if (s.info.dtype == io::DType::I64) {
            t = at::zeros(s.info.shape, at::kLong);
        } else if (s.init == InitRule::Ones) {
            t = at::ones(s.info.shape, at::kFloat);
        } else if (s.init == InitRule::Zeros) {
            t = at::zeros(s.info.shape, at::kFloat);
        } else {
            t = at::empty(s.info.shape, at::kFloat);
            t.uniform_(-s.bound, s.bound, gen);
        }
        out.add(s.info.name, t, s.role);
    }
    return out;
}

}  // namespace modescape::model
