#pragma once
// One pass of spec inference over an inlined forward graph (SpecInference.h):
// follows each Linear / Conv output's units through the operations it knows
// and records, in UnitGroups, every tensor axis they touch.
//
// Each tensor value that carries units knows its group, the axis holding the
// units (and the entries per unit along it after a flatten), and its degree:
// the power of a unit's scale lambda its entries carry (1 after a layer whose
// Out axes are scaled, 0 after a normalisation without affine parameters).
// A value of degree != 0 meeting something that is not homogeneous in it (a
// normalisation, an added constant such as FRN's eps) "demotes" the layers
// that gave it its scale: they become permuted-only (Stat), and the caller
// walks the graph again with those demotions, until no new one appears.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <torch/script.h>

#include "core/symmetry/UnitGroups.h"

namespace modescape::symmetry {

// Units of one group at an offset (in units) along the value's unit axis.
struct UnitPart {
    int group = -1;
    std::int64_t offset = 0;
};

struct UnitsOnValue {
    std::vector<UnitPart> parts;  // one, or several after a torch.cat / grouped convolution
    std::int64_t size = 0;        // units along the axis, all parts together
    int axis = 0;
    int rank = -1;           // -1: unknown
    std::int64_t block = 1;  // entries per unit along axis; 0: not known yet (after flatten)
    double degree = 0;
    std::set<const torch::jit::Node*> sources;  // the nodes whose parameters give the degree
};

class GraphWalker {
  public:
    GraphWalker(std::map<std::string, std::vector<std::int64_t>> tensorShapes,
                std::set<const torch::jit::Node*> demoted, int inputRank);

    void walk(const torch::jit::Graph& graph);

    UnitGroups& groups() { return groups_; }
    const std::vector<std::string>& notes() const { return notes_; }
    const std::vector<std::string>& stoppedBy() const { return stoppedBy_; }
    // Scale sources that must become permuted-only; non-empty: walk again.
    const std::set<const torch::jit::Node*>& newDemotions() const { return newDemotions_; }

  private:
    using Node = torch::jit::Node;
    using Value = torch::jit::Value;

    void walkBlock(const torch::jit::Block* block);
    void visit(const Node* n);

    // Op handlers (GraphWalkerOps.cpp).
    void getAttr(const Node* n);
    void producer(const Node* n, const Value* input, const Value* weight, const Value* bias,
                  int groupsCount);
    void channelNorm(const Node* n, const Value* weight, const Value* bias, const Value* mean,
                     const Value* var);
    void layerNorm(const Node* n);
    void groupNorm(const Node* n);
    void passThrough(const Node* n);
    void pool(const Node* n, int spatialDims);
    void nonHomogeneous(const Node* n, const std::string& activation);
    void flatten(const Node* n, int start, int end);
    void reshape(const Node* n);
    void addLike(const Node* n);
    void mulLike(const Node* n, double sign);
    void power(const Node* n, double exponent);
    void reduce(const Node* n);
    void cat(const Node* n);
    void softmax(const Node* n);
    void branch(const Node* n);
    void unknown(const Node* n, const std::string& why = {});
    std::pair<std::string, std::string> blame(const Node* n) const;

    // Helpers (GraphWalker.cpp).
    const UnitsOnValue* units(const Value* v) const;
    const std::string* parameter(const Value* v) const;
    bool isScalar(const Value* v) const;
    int rankOf(const Value* v) const;
    void setUnits(const Value* v, UnitsOnValue u);
    void readInput(const UnitsOnValue& u, const std::string& tensor, int axis, std::int64_t entries,
                   const Node* by);
    // The tensor's axis joins every part's group, at the part's offset.
    void addAxis(const UnitsOnValue& u, const std::string& tensor, int axis, AxisRole role);
    void demote(const UnitsOnValue& u);
    void fix(int group, const std::string& op, const std::string& why);
    void fix(const UnitsOnValue& u, const std::string& op, const std::string& why);
    void breakScaling(const UnitsOnValue& u, const std::string& note);
    bool sameLayout(const UnitsOnValue& a, const UnitsOnValue& b);
    // Ties a's and b's groups part by part; false when their parts differ.
    bool unite(UnitsOnValue& a, const UnitsOnValue& b);
    void note(const std::string& text);
    // The axis of a parameter broadcast against u's units: -2 when it is a
    // scalar (every dimension 1), -1 when it is neither scalar nor per unit.
    int parameterAxis(const UnitsOnValue& u, const std::string& tensor) const;

    std::map<std::string, std::vector<std::int64_t>> shapes_;
    std::set<const Node*> demoted_, newDemotions_;
    int inputRank_;
    UnitGroups groups_;
    std::unordered_map<const Value*, UnitsOnValue> units_;
    std::unordered_map<const Value*, int> ranks_;
    std::unordered_map<const Value*, std::string> paths_;                // module attribute paths
    std::unordered_map<const Value*, std::string> parameters_;           // state-dict names
    std::unordered_map<const Value*, std::vector<const Value*>> lists_;  // tensor lists / tuples
    std::vector<std::string> notes_, stoppedBy_;
};

}  // namespace modescape::symmetry
