#include "core/symmetry/GraphWalker.h"

#include <torch/csrc/jit/ir/constants.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/symmetry/GraphConstants.h"

namespace modescape::symmetry {

namespace {

bool oneOf(const std::string& op, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (op == name)
            return true;
    return false;
}

std::string shortName(const std::string& op) {
    std::string s = op.substr(op.find("::") == std::string::npos ? 0 : op.find("::") + 2);
    if (!s.empty() && s.back() == '_')
        s.pop_back();
    return s;
}

}  // namespace

GraphWalker::GraphWalker(std::map<std::string, std::vector<std::int64_t>> tensorShapes,
                         std::set<const torch::jit::Node*> demoted, int inputRank)
    : shapes_(std::move(tensorShapes)), demoted_(std::move(demoted)), inputRank_(inputRank) {}

void GraphWalker::walk(const torch::jit::Graph& graph) {
    const auto inputs = graph.inputs();
    if (!inputs.empty())
        paths_[inputs[0]] = "";
    for (std::size_t i = 1; i < inputs.size(); ++i)
        if (inputRank_ >= 0)
            ranks_[inputs[i]] = inputRank_;
    walkBlock(graph.block());
    // The model's outputs: never permuted (the last layer's units belong to no group).
    for (const Value* out : graph.outputs()) {
        std::vector<const Value*> values{out};
        if (auto it = lists_.find(out); it != lists_.end())
            values = it->second;
        for (const Value* v : values)
            if (const auto* u = units(v))
                for (const UnitPart& p : u->parts)
                    groups_.root(p.group).fixed = true;
    }
}

void GraphWalker::walkBlock(const torch::jit::Block* block) {
    for (const Node* n : block->nodes())
        visit(n);
}

void GraphWalker::visit(const Node* n) {
    const std::string op = n->kind().toQualString();
    if (op == "prim::Constant")
        return;
    if (op == "prim::GetAttr")
        return getAttr(n);
    if (op == "prim::If" || op == "prim::Loop")
        return branch(n);
    if (op == "prim::ListConstruct" || op == "prim::TupleConstruct") {
        std::vector<const Value*> elements(n->inputs().begin(), n->inputs().end());
        lists_[n->output()] = elements;
        return;
    }
    if (op == "prim::ListUnpack" || op == "prim::TupleUnpack") {
        auto it = lists_.find(n->input(0));
        if (it != lists_.end() && it->second.size() == n->outputs().size()) {
            for (std::size_t i = 0; i < n->outputs().size(); ++i)
                if (const auto* u = units(it->second[i]))
                    setUnits(n->output(i), *u);
            return;
        }
    }
    const auto in = n->inputs();
    // Layers start groups whatever their input carries.
    if (op == "aten::linear")
        return producer(n, in[0], in[1], in.size() > 2 ? in[2] : nullptr, 1);
    if (op == "aten::_convolution") {
        if (constantBool(in[6]).value_or(true))
            return unknown(n, "(a transposed convolution) reads them; no inference rule covers it");
        return producer(n, in[0], in[1], in[2], static_cast<int>(constantInt(in[8]).value_or(0)));
    }
    if (oneOf(op, {"aten::conv1d", "aten::conv2d", "aten::conv3d"}))
        return producer(n, in[0], in[1], in[2], static_cast<int>(constantInt(in[6]).value_or(0)));
    if (op == "aten::batch_norm" || op == "aten::instance_norm")
        return channelNorm(n, in[1], in[2], in[3], in[4]);
    if (op == "aten::layer_norm")
        return layerNorm(n);
    if (op == "aten::group_norm")
        return groupNorm(n);

    bool carries = false;
    for (const Value* v : in) {
        carries = carries || units(v) != nullptr;
        if (auto it = lists_.find(v); it != lists_.end())
            for (const Value* e : it->second)
                carries = carries || units(e) != nullptr;
    }
    const bool passes =
        oneOf(op, {"aten::relu", "aten::relu_", "aten::leaky_relu", "aten::leaky_relu_",
                   "aten::dropout", "aten::dropout_", "aten::feature_dropout",
                   "aten::feature_dropout_", "aten::alpha_dropout", "aten::feature_alpha_dropout",
                   "aten::contiguous", "aten::clone", "aten::detach", "aten::to", "aten::type_as"});
    const bool nonHomogeneousOp =
        oneOf(op, {"aten::gelu",        "aten::silu",       "aten::silu_",     "aten::tanh",
                   "aten::tanh_",       "aten::sigmoid",    "aten::sigmoid_",  "aten::elu",
                   "aten::elu_",        "aten::selu",       "aten::selu_",     "aten::celu",
                   "aten::softplus",    "aten::mish",       "aten::hardswish", "aten::hardswish_",
                   "aten::hardsigmoid", "aten::hardtanh",   "aten::hardtanh_", "aten::relu6",
                   "aten::softsign",    "aten::log_sigmoid"});
    int spatial = 0;
    for (int k = 1; k <= 3; ++k) {
        const std::string d = std::to_string(k) + "d";
        if (op == "aten::max_pool" + d || op == "aten::avg_pool" + d ||
            op == "aten::adaptive_avg_pool" + d || op == "aten::adaptive_max_pool" + d ||
            op == "aten::max_pool" + d + "_with_indices")
            spatial = k;
    }
    if (!carries) {
        // Only ranks travel through what carries no units (they tell a later
        // linear layer which axis its output units are on).
        const int r = in.empty() ? -1 : rankOf(in[0]);
        if (oneOf(op, {"aten::view", "aten::reshape"}) && in.size() == 2) {
            if (auto sizes = intList(in[1]))
                ranks_[n->output(0)] = static_cast<int>(sizes->size());
        } else if (!n->outputs().empty() && r >= 0 && (passes || nonHomogeneousOp || spatial)) {
            ranks_[n->output(0)] = r;
        } else if (op == "aten::flatten" && in.size() == 3 && r > 0) {
            auto s = constantInt(in[1]), e = constantInt(in[2]);
            if (s && e)
                ranks_[n->output(0)] = r - static_cast<int>(((*e + r) % r) - ((*s + r) % r));
        }
        return;
    }
    // Shapes, ranks and types (x.size(0), x.dim()) read no unit's values.
    bool tensorOut = false;
    for (const Value* o : n->outputs()) {
        const auto kind = o->type()->kind();
        tensorOut =
            tensorOut || (kind != c10::TypeKind::IntType && kind != c10::TypeKind::BoolType &&
                          kind != c10::TypeKind::ListType);
    }
    if (!tensorOut &&
        oneOf(op, {"aten::size", "aten::dim", "aten::len", "aten::numel", "prim::device",
                   "prim::dtype", "prim::shape", "prim::layout", "aten::is_floating_point"}))
        return;

    if (passes)
        return passThrough(n);
    if (nonHomogeneousOp)
        return nonHomogeneous(n, shortName(op));
    if (spatial)
        return pool(n, spatial);
    if (op == "aten::flatten" && in.size() == 3) {
        auto s = constantInt(in[1]), e = constantInt(in[2]);
        if (s && e)
            return flatten(n, static_cast<int>(*s), static_cast<int>(*e));
    }
    if (oneOf(op, {"aten::view", "aten::reshape"}))
        return reshape(n);
    if (oneOf(op, {"aten::add", "aten::add_", "aten::sub", "aten::sub_", "aten::maximum",
                   "aten::minimum"}))
        return addLike(n);
    if (oneOf(op, {"aten::max", "aten::min"}) && in.size() == 2 &&
        in[1]->type()->kind() == c10::TypeKind::TensorType)
        return addLike(n);
    if (oneOf(op, {"aten::mul", "aten::mul_"}))
        return mulLike(n, 1);
    if (oneOf(op, {"aten::div", "aten::div_"}) && in.size() == 2)
        return mulLike(n, -1);
    if (op == "aten::pow" && in.size() == 2) {
        if (auto k = constantNumber(in[1]))
            return power(n, *k);
    }
    if (op == "aten::rsqrt")
        return power(n, -0.5);
    if (op == "aten::sqrt")
        return power(n, 0.5);
    if (op == "aten::reciprocal")
        return power(n, -1);
    if (oneOf(op, {"aten::mean", "aten::sum"}) && in.size() >= 3)
        return reduce(n);
    if (op == "aten::cat")
        return cat(n);
    if (oneOf(op, {"aten::softmax", "aten::log_softmax"}))
        return softmax(n);
    unknown(n);
}

const UnitsOnValue* GraphWalker::units(const Value* v) const {
    auto it = units_.find(v);
    return it == units_.end() ? nullptr : &it->second;
}

const std::string* GraphWalker::parameter(const Value* v) const {
    auto it = parameters_.find(v);
    return it == parameters_.end() ? nullptr : &it->second;
}

bool GraphWalker::isScalar(const Value* v) const {
    const auto kind = v->type()->kind();
    if (kind == c10::TypeKind::IntType || kind == c10::TypeKind::FloatType ||
        kind == c10::TypeKind::NumberType || kind == c10::TypeKind::BoolType)
        return true;
    if (auto iv = torch::jit::toIValue(v); iv && iv->isTensor())
        return iv->toTensor().numel() == 1;
    if (const auto* p = parameter(v)) {
        std::int64_t numel = 1;
        for (auto d : shapes_.at(*p))
            numel *= d;
        return numel == 1;
    }
    return false;
}

int GraphWalker::rankOf(const Value* v) const {
    if (const auto* u = units(v))
        return u->rank;
    auto it = ranks_.find(v);
    return it == ranks_.end() ? -1 : it->second;
}

void GraphWalker::setUnits(const Value* v, UnitsOnValue u) {
    for (UnitPart& p : u.parts)
        p.group = groups_.find(p.group);
    ranks_[v] = u.rank;
    units_[v] = std::move(u);
}

void GraphWalker::readInput(const UnitsOnValue& u, const std::string& tensor, int axis,
                            std::int64_t entries, const Node* by) {
    std::int64_t block = u.block;
    if (block == 0 && entries % u.size == 0)
        block = entries / u.size;
    if (block == 0 || u.size * block != entries)
        return fix(u, by->kind().toQualString(),
                   "reads them as " + std::to_string(entries) + " inputs of '" + tensor +
                       "', which is not a whole number of entries per unit");
    for (const UnitPart& p : u.parts) {
        UnitGroup& group = groups_.root(p.group);
        group.axes.push_back({tensor, axis, block, AxisRole::In, p.offset * block});
        if (std::abs(u.degree - 1) > 1e-9 && !group.scalingBroken) {
            note("'" + tensor + "' reads the units of '" + group.name +
                 "' unscaled (no affine normalisation before it): no scaling symmetry for them");
            group.scalingBroken = true;
        }
    }
}

void GraphWalker::addAxis(const UnitsOnValue& u, const std::string& tensor, int axis,
                          AxisRole role) {
    for (const UnitPart& p : u.parts)
        groups_.root(p.group).axes.push_back({tensor, axis, 1, role, p.offset});
}

void GraphWalker::demote(const UnitsOnValue& u) {
    for (const Node* s : u.sources)
        if (!demoted_.count(s))
            newDemotions_.insert(s);
}

void GraphWalker::fix(int group, const std::string& op, const std::string& why) {
    UnitGroup& g = groups_.root(group);
    if (!g.fixed)
        note("units of '" + g.name + "' (" + std::to_string(g.size) + ") stay fixed: " + op + " " +
             why);
    g.fixed = true;
    if (std::find(stoppedBy_.begin(), stoppedBy_.end(), op) == stoppedBy_.end())
        stoppedBy_.push_back(op);
}

void GraphWalker::fix(const UnitsOnValue& u, const std::string& op, const std::string& why) {
    for (const UnitPart& p : u.parts)
        fix(p.group, op, why);
}

void GraphWalker::breakScaling(const UnitsOnValue& u, const std::string& text) {
    for (const UnitPart& p : u.parts) {
        UnitGroup& g = groups_.root(p.group);
        if (!g.scalingBroken)
            note(text);
        g.scalingBroken = true;
    }
}

bool GraphWalker::sameLayout(const UnitsOnValue& a, const UnitsOnValue& b) {
    return a.axis == b.axis && a.rank == b.rank && a.block == b.block && a.size == b.size;
}

bool GraphWalker::unite(UnitsOnValue& a, const UnitsOnValue& b) {
    if (a.parts.size() != b.parts.size())
        return false;
    for (std::size_t i = 0; i < a.parts.size(); ++i)
        if (a.parts[i].offset != b.parts[i].offset ||
            groups_.root(a.parts[i].group).size != groups_.root(b.parts[i].group).size)
            return false;
    for (std::size_t i = 0; i < a.parts.size(); ++i)
        a.parts[i].group = groups_.unite(a.parts[i].group, b.parts[i].group);
    a.sources.insert(b.sources.begin(), b.sources.end());
    return true;
}

void GraphWalker::note(const std::string& text) {
    if (std::find(notes_.begin(), notes_.end(), text) == notes_.end())
        notes_.push_back(text);
}

int GraphWalker::parameterAxis(const UnitsOnValue& u, const std::string& tensor) const {
    const auto& shape = shapes_.at(tensor);
    if (std::all_of(shape.begin(), shape.end(), [](std::int64_t d) { return d == 1; }))
        return -2;
    if (u.rank < 0 || u.block != 1)
        return -1;
    const int axis = u.axis - (u.rank - static_cast<int>(shape.size()));
    if (axis < 0 || axis >= static_cast<int>(shape.size()))
        return -1;
    for (int i = 0; i < static_cast<int>(shape.size()); ++i)
        if (shape[i] != (i == axis ? u.size : 1))
            return -1;
    return axis;
}

}  // namespace modescape::symmetry
