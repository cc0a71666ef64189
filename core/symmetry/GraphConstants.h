#pragma once
// Reading the constant arguments of TorchScript graph nodes (an int, a bool,
// a number, a list of ints) for spec inference. Internal to core/symmetry.

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

namespace modescape::symmetry {

inline std::optional<std::int64_t> constantInt(const torch::jit::Value* v) {
    auto iv = torch::jit::toIValue(v);
    if (iv && iv->isInt())
        return iv->toInt();
    return std::nullopt;
}

inline std::optional<bool> constantBool(const torch::jit::Value* v) {
    auto iv = torch::jit::toIValue(v);
    if (iv && iv->isBool())
        return iv->toBool();
    return std::nullopt;
}

inline std::optional<double> constantNumber(const torch::jit::Value* v) {
    auto iv = torch::jit::toIValue(v);
    if (iv && iv->isInt())
        return static_cast<double>(iv->toInt());
    if (iv && iv->isDouble())
        return iv->toDouble();
    return std::nullopt;
}

// A list of ints, constant or built by prim::ListConstruct; an element that is
// not constant (x.size(0)) comes back as kUnknownInt.
constexpr std::int64_t kUnknownInt = std::numeric_limits<std::int64_t>::min();
inline std::optional<std::vector<std::int64_t>> intList(const torch::jit::Value* v) {
    auto iv = torch::jit::toIValue(v);
    if (iv && iv->isIntList())
        return iv->toIntVector();
    if (iv && iv->isInt())
        return std::vector<std::int64_t>{iv->toInt()};
    if (v->node()->kind() != c10::Symbol::fromQualString("prim::ListConstruct"))
        return std::nullopt;
    std::vector<std::int64_t> out;
    for (const torch::jit::Value* e : v->node()->inputs())
        out.push_back(constantInt(e).value_or(kUnknownInt));
    return out;
}

}  // namespace modescape::symmetry
