// The operations spec inference knows (GraphWalker.h): how each one moves,
// keeps or stops a group's units, and what it does to their scale.
#include <algorithm>
#include <cmath>

#include "core/symmetry/GraphConstants.h"
#include "core/symmetry/GraphWalker.h"

namespace modescape::symmetry {

namespace {

bool near(double a, double b) {
    return std::abs(a - b) < 1e-9;
}

std::string layerName(const std::string& weight) {
    const std::string suffix = ".weight";
    if (weight.size() > suffix.size() &&
        weight.compare(weight.size() - suffix.size(), suffix.size(), suffix) == 0)
        return weight.substr(0, weight.size() - suffix.size());
    return weight;
}

}  // namespace

void GraphWalker::getAttr(const Node* n) {
    auto base = paths_.find(n->input(0));
    if (base == paths_.end())
        return;
    const std::string name = n->s(torch::jit::attr::name);
    const std::string path = base->second.empty() ? name : base->second + "." + name;
    if (shapes_.count(path))
        parameters_[n->output()] = path;
    else
        paths_[n->output()] = path;
}

void GraphWalker::producer(const Node* n, const Value* input, const Value* weight,
                           const Value* bias, int groupsCount) {
    const std::string op = n->kind().toQualString();
    const bool linear = op == "aten::linear";
    const UnitsOnValue* in = units(input);
    const std::string* w = parameter(weight);
    if (!w || shapes_.at(*w).size() < 2) {
        if (in)
            unknown(n, "reads them with a weight that is not one of the module's parameters");
        return;
    }
    const auto& shape = shapes_.at(*w);
    int rank = linear ? rankOf(input) : static_cast<int>(shape.size());
    if (rank < 0)
        rank = 2;
    if (groupsCount < 1 || shape[0] % groupsCount != 0)
        return unknown(n, "has a group count inference cannot read");
    int inputGroup = -1;
    if (in) {
        const int expected = linear ? in->rank - 1 : 1;
        if (groupsCount != 1)
            fix(*in, op,
                "('" + layerName(*w) + "', groups=" + std::to_string(groupsCount) +
                    ") reads them in groups through one shared input axis, which no "
                    "permutation of whole slices can reorder per group");
        else if (in->axis != expected)
            fix(*in, op, "('" + layerName(*w) + "') reads them along another axis");
        else {
            readInput(*in, *w, 1, shape[1], n);
            inputGroup = groups_.find(in->parts.front().group);
        }
    }
    // A grouped convolution's outputs: one group per convolution group, each a
    // slice of the output axis (permutations only within a group).
    const bool demoted = demoted_.count(n) > 0;
    const AxisRole role = demoted ? AxisRole::Stat : AxisRole::Out;
    const std::string* b = bias ? parameter(bias) : nullptr;
    const std::int64_t per = shape[0] / groupsCount;
    UnitsOnValue out;
    out.size = shape[0];
    for (int k = 0; k < groupsCount; ++k) {
        const std::string name =
            groupsCount == 1 ? layerName(*w) : layerName(*w) + ".group" + std::to_string(k);
        const int g = groups_.create(per, name, {*w, inputGroup});
        groups_.root(g).axes.push_back({*w, 0, 1, role, k * per});
        if (b)
            groups_.root(g).axes.push_back({*b, 0, 1, role, k * per});
        out.parts.push_back({g, k * per});
    }
    if (groupsCount > 1)
        note("'" + layerName(*w) +
             "' is a grouped convolution: its outputs are permuted only "
             "within each of its " +
             std::to_string(groupsCount) + " groups");
    out.axis = linear ? rank - 1 : 1;
    out.rank = rank;
    out.degree = demoted ? 0 : 1;
    if (!demoted)
        out.sources.insert(n);
    setUnits(n->output(), out);
}

void GraphWalker::channelNorm(const Node* n, const Value* weight, const Value* bias,
                              const Value* mean, const Value* var) {
    const UnitsOnValue* in = units(n->input(0));
    if (!in) {
        ranks_[n->output()] = rankOf(n->input(0));
        return;
    }
    if (in->axis != 1 || in->block != 1)
        return unknown(n, "normalises along another axis than the units'");
    // The normalisation removes the scale of what feeds it (up to eps): those
    // layers are permuted only, and its affine parameters carry the scale.
    if (!near(in->degree, 0))
        demote(*in);
    const bool demoted = demoted_.count(n) > 0;
    const std::string* w = weight ? parameter(weight) : nullptr;
    UnitsOnValue out = *in;
    out.sources.clear();
    out.degree = 0;
    for (const Value* v : {weight, bias})
        if (const std::string* p = v ? parameter(v) : nullptr)
            addAxis(*in, *p, 0, demoted ? AxisRole::Stat : AxisRole::Out);
    for (const Value* v : {mean, var})
        if (const std::string* p = v ? parameter(v) : nullptr)
            addAxis(*in, *p, 0, AxisRole::Stat);
    if (w && !demoted) {
        out.degree = 1;
        out.sources.insert(n);
    }
    setUnits(n->output(), out);
}

void GraphWalker::layerNorm(const Node* n) {
    const UnitsOnValue* in = units(n->input(0));
    if (!in) {
        ranks_[n->output()] = rankOf(n->input(0));
        return;
    }
    auto dims = intList(n->input(1));
    if (!dims || in->rank < 0 || in->block != 1)
        return unknown(n, "normalises them over a shape it cannot follow");
    const int first = in->rank - static_cast<int>(dims->size());
    if (!near(in->degree, 0))
        demote(*in);
    UnitsOnValue out = *in;
    out.sources.clear();
    out.degree = 0;
    if (in->axis < first) {
        // Each unit normalised on its own, with affine parameters shared by all units.
        setUnits(n->output(), out);
        return;
    }
    const bool demoted = demoted_.count(n) > 0;
    const std::string* w = parameter(n->input(2));
    for (const Value* v : {n->input(2), n->input(3)})
        if (const std::string* p = parameter(v))
            addAxis(*in, *p, in->axis - first, demoted ? AxisRole::Stat : AxisRole::Out);
    if (w && !demoted) {
        out.degree = 1;
        out.sources.insert(n);
    }
    setUnits(n->output(), out);
}

void GraphWalker::groupNorm(const Node* n) {
    const UnitsOnValue* in = units(n->input(0));
    if (!in) {
        ranks_[n->output()] = rankOf(n->input(0));
        return;
    }
    const auto groups = constantInt(n->input(1));
    if (!groups || (*groups != 1 && *groups != in->size))
        return unknown(n, "(GroupNorm with " + (groups ? std::to_string(*groups) : "?") +
                              " groups) allows permutations only within its groups, which a "
                              "spec cannot write");
    channelNorm(n, n->input(2), n->input(3), nullptr, nullptr);
}

void GraphWalker::passThrough(const Node* n) {
    if (const UnitsOnValue* u = units(n->input(0)))
        setUnits(n->output(0), *u);
}

void GraphWalker::pool(const Node* n, int spatialDims) {
    const UnitsOnValue* u = units(n->input(0));
    if (!u)
        return unknown(n);
    if (u->rank < 0 || u->axis >= u->rank - spatialDims || u->block != 1)
        return unknown(n, "pools across the units' axis");
    setUnits(n->output(0), *u);
}

void GraphWalker::nonHomogeneous(const Node* n, const std::string& activation) {
    const UnitsOnValue* u = units(n->input(0));
    if (!u)
        return unknown(n);
    breakScaling(*u, "activation " + activation +
                         " is not positively homogeneous: no scaling symmetry "
                         "(permutations only)");
    UnitsOnValue out = *u;
    out.degree = 0;
    out.sources.clear();
    setUnits(n->output(0), out);
}

void GraphWalker::flatten(const Node* n, int start, int end) {
    const UnitsOnValue* u = units(n->input(0));
    if (!u || u->rank < 0)
        return unknown(n);
    if (start < 0)
        start += u->rank;
    if (end < 0)
        end += u->rank;
    UnitsOnValue out = *u;
    out.rank = u->rank - std::max(0, end - start);
    if (u->axis > end)
        out.axis = u->axis - (end - start);
    else if (u->axis == start && end > start)
        out.block = 0;  // units become blocks of the merged dimensions: the reader knows how many
    else if (u->axis > start && u->axis <= end)
        return unknown(n, "merges the units' axis into an earlier one (units interleave)");
    setUnits(n->output(0), out);
}

void GraphWalker::reshape(const Node* n) {
    const UnitsOnValue* u = units(n->input(0));
    auto sizes = intList(n->input(1));
    // x.view(x.size(0), -1): a flatten of everything after the batch.
    if (u && sizes && sizes->size() == 2 && u->rank > 2 && u->axis == 1)
        return flatten(n, 1, u->rank - 1);
    unknown(n, "reshapes them in a way inference does not follow (only x.view(batch, -1))");
}

void GraphWalker::addLike(const Node* n) {
    const Value* a = n->input(0);
    const Value* b = n->input(1);
    const UnitsOnValue* ua = units(a);
    const UnitsOnValue* ub = units(b);
    if (ua && ub) {
        // A residual addition: both operands must move together, one group.
        UnitsOnValue out = *ua;
        if (!sameLayout(*ua, *ub) || !unite(out, *ub))
            return unknown(n, "adds units of different layouts");
        if (!near(ua->degree, ub->degree))
            breakScaling(out, "'" + groups_.root(out.parts.front().group).name +
                                  "': an addition of differently scaled units: no scaling "
                                  "symmetry for them");
        setUnits(n->output(0), out);
        return;
    }
    const UnitsOnValue* u = ua ? ua : ub;
    const Value* other = ua ? b : a;
    const std::string* p = parameter(other);
    const int axis = p ? parameterAxis(*u, *p) : -1;
    if (isScalar(other) || axis == -2) {
        // An added constant (FRN's eps) is not homogeneous: whatever scaled
        // these units before must not.
        if (!near(u->degree, 0))
            demote(*u);
        setUnits(n->output(0), *u);
        return;
    }
    if (axis >= 0) {
        // A per-unit bias: scaled with the units when they carry the scale.
        const bool scaled = near(u->degree, 1);
        if (!scaled && !near(u->degree, 0))
            breakScaling(*u, "'" + *p + "' is added to units of degree " +
                                 std::to_string(u->degree) + ": no scaling symmetry");
        addAxis(*u, *p, axis, scaled ? AxisRole::Out : AxisRole::Stat);
        setUnits(n->output(0), *u);
        return;
    }
    unknown(n, "adds to them a tensor that is not per unit");
}

void GraphWalker::mulLike(const Node* n, double sign) {
    const UnitsOnValue* ua = units(n->input(0));
    const UnitsOnValue* ub = units(n->input(1));
    if (ua && ub) {
        UnitsOnValue out = *ua;
        if (!sameLayout(*ua, *ub) || !unite(out, *ub))
            return unknown(n, "multiplies units of different layouts");
        out.degree = ua->degree + sign * ub->degree;
        setUnits(n->output(0), out);
        return;
    }
    const UnitsOnValue* u = ua ? ua : ub;
    const Value* other = ua ? n->input(1) : n->input(0);
    const double degree = ua ? u->degree : sign * u->degree;
    const std::string* p = parameter(other);
    const int axis = p ? parameterAxis(*u, *p) : -1;
    UnitsOnValue out = *u;
    out.degree = degree;
    if (isScalar(other) || axis == -2) {
        setUnits(n->output(0), out);
        return;
    }
    if (axis >= 0) {
        // A per-unit factor (FRN's gamma) on unscaled units becomes their scale.
        const bool source = sign > 0 && near(degree, 0) && !demoted_.count(n);
        addAxis(*u, *p, axis, source ? AxisRole::Out : AxisRole::Stat);
        if (source) {
            out.degree = 1;
            out.sources = {n};
        }
        setUnits(n->output(0), out);
        return;
    }
    unknown(n, "multiplies them by a tensor that is not per unit");
}

void GraphWalker::power(const Node* n, double exponent) {
    const UnitsOnValue* u = units(n->input(0));
    if (!u)
        return unknown(n);
    UnitsOnValue out = *u;
    out.degree = u->degree * exponent;
    setUnits(n->output(0), out);
}

void GraphWalker::reduce(const Node* n) {
    const UnitsOnValue* u = units(n->input(0));
    auto dims = intList(n->input(1));
    auto keep = constantBool(n->input(2));
    if (!u || !dims || !keep || u->rank < 0)
        return unknown(n);
    UnitsOnValue out = *u;
    for (auto d : *dims) {
        if (d == kUnknownInt)
            return unknown(n);
        const int axis = static_cast<int>(d < 0 ? d + u->rank : d);
        if (axis == u->axis)
            return unknown(n, "reduces over the units' axis");
        if (!*keep && axis < u->axis)
            --out.axis;
    }
    if (!*keep)
        out.rank -= static_cast<int>(dims->size());
    setUnits(n->output(0), out);
}

void GraphWalker::cat(const Node* n) {
    auto list = lists_.find(n->input(0));
    auto dim = constantInt(n->input(1));
    if (list == lists_.end() || !dim || list->second.empty())
        return unknown(n);
    std::vector<const UnitsOnValue*> parts;
    for (const Value* v : list->second)
        parts.push_back(units(v));
    for (const auto* p : parts)
        if (!p || p->rank < 0)
            return unknown(n);
    const int axis = static_cast<int>(*dim < 0 ? *dim + parts[0]->rank : *dim);
    UnitsOnValue out = *parts[0];
    if (axis == parts[0]->axis) {
        // Along the units: each part keeps its groups, shifted to its slice.
        out.parts.clear();
        out.size = 0;
        for (const auto* p : parts) {
            if (p->axis != out.axis || p->rank != out.rank || p->block != 1)
                return unknown(n, "concatenates units of different layouts");
            for (const UnitPart& part : p->parts)
                out.parts.push_back({part.group, part.offset + out.size});
            out.size += p->size;
            out.sources.insert(p->sources.begin(), p->sources.end());
            if (!near(p->degree, parts[0]->degree))
                breakScaling(*p,
                             "units concatenated with differently scaled ones: no scaling "
                             "symmetry for them");
        }
        setUnits(n->output(0), out);
        return;
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (!sameLayout(*parts[i], out) || !unite(out, *parts[i]))
            return unknown(n, "concatenates units of different layouts");
        if (!near(parts[i]->degree, out.degree))
            breakScaling(out, "concatenated units of different scale: no scaling symmetry");
    }
    setUnits(n->output(0), out);
}

void GraphWalker::softmax(const Node* n) {
    const UnitsOnValue* u = units(n->input(0));
    if (!u)
        return unknown(n);
    breakScaling(*u, "softmax is not positively homogeneous: no scaling symmetry");
    UnitsOnValue out = *u;
    out.degree = 0;
    out.sources.clear();
    setUnits(n->output(0), out);
}

void GraphWalker::branch(const Node* n) {
    for (const torch::jit::Block* b : n->blocks())
        walkBlock(b);
    const bool loop = n->kind().toQualString() == std::string("prim::Loop");
    const std::string op = n->kind().toQualString();
    for (std::size_t i = 0; i < n->outputs().size(); ++i) {
        std::vector<const UnitsOnValue*> seen;
        for (const torch::jit::Block* b : n->blocks()) {
            // A loop's block outputs start with the continue condition.
            const std::size_t at = loop ? i + 1 : i;
            if (at < b->outputs().size())
                seen.push_back(units(b->outputs()[at]));
        }
        bool any = false, same = !seen.empty() && !loop;
        for (const auto* s : seen) {
            any = any || s;
            same = same && s && seen[0] && sameLayout(*s, *seen[0]) &&
                   near(s->degree, seen[0]->degree) && s->parts.size() == seen[0]->parts.size();
            for (std::size_t k = 0; same && k < s->parts.size(); ++k)
                same = groups_.find(s->parts[k].group) == groups_.find(seen[0]->parts[k].group) &&
                       s->parts[k].offset == seen[0]->parts[k].offset;
        }
        if (same) {
            UnitsOnValue out = *seen[0];
            for (const auto* s : seen)
                out.sources.insert(s->sources.begin(), s->sources.end());
            setUnits(n->output(i), out);
        } else if (any) {
            for (const auto* s : seen)
                if (s)
                    fix(*s, op, "returns them from branches inference cannot tell apart");
        }
    }
    if (loop)
        for (const Value* v : n->inputs())
            if (const auto* u = units(v))
                fix(*u, op, "carries them through a loop");
}

// What a user recognises as the reason an unknown node stops inference: the
// data-dependent branch or the in-place write its result leads to (h.sum() > 0
// deciding a prim::If; g[:, i] = 0 writing through a slice), else the node.
std::pair<std::string, std::string> GraphWalker::blame(const Node* n) const {
    std::vector<const Value*> queue(n->outputs().begin(), n->outputs().end());
    for (std::size_t i = 0; i < queue.size() && i < 64; ++i)
        for (const torch::jit::Use& use : queue[i]->uses()) {
            const std::string kind = use.user->kind().toQualString();
            if (kind == "prim::If" && use.offset == 0)
                return {kind, "(a data-dependent branch) depends on them"};
            const bool write = kind == "aten::index_put_" || kind == "aten::copy_" ||
                               kind == "aten::fill_" || kind == "aten::masked_fill_" ||
                               kind == "aten::index_fill_" || kind == "aten::scatter_" ||
                               kind == "aten::index_add_" || kind == "aten::index_copy_" ||
                               kind == "aten::zero_";
            if (write && use.offset == 0)
                return {kind, "(an in-place write) changes them"};
            queue.insert(queue.end(), use.user->outputs().begin(), use.user->outputs().end());
        }
    return {n->kind().toQualString(), ""};
}

void GraphWalker::unknown(const Node* n, const std::string& why) {
    auto [op, reason] = blame(n);
    const std::string text = !reason.empty() ? reason
                             : why.empty()   ? "reads them and no inference rule covers it"
                                             : why;
    for (const Value* v : n->inputs()) {
        if (const auto* u = units(v))
            fix(*u, op, text);
        if (auto it = lists_.find(v); it != lists_.end())
            for (const Value* e : it->second)
                if (const auto* u = units(e))
                    fix(*u, op, text);
    }
}

}  // namespace modescape::symmetry
