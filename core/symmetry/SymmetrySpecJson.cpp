#include "core/symmetry/SymmetrySpecJson.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/model/TensorSpec.h"

namespace modescape::symmetry {

namespace {

using nlohmann::json;

AxisRole parseRole(const std::string& text, const std::string& path, const std::string& where) {
    if (text == "out")
        return AxisRole::Out;
    if (text == "in")
        return AxisRole::In;
    if (text == "stat")
        return AxisRole::Stat;
    throw FormatError(path, where + ".role: '" + text + "' is not out, in or stat");
}

template <class T>
T field(const json& object, const char* key, const std::string& path, const std::string& where) {
    if (!object.contains(key))
        throw FormatError(path, where + ": missing '" + key + "'");
    try {
        return object.at(key).get<T>();
    } catch (const json::exception&) {
        throw FormatError(path, where + "." + key + ": wrong type (" + object.at(key).dump() + ")");
    }
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace

SymmetrySpec parseSymmetrySpec(const std::string& text, const std::string& path) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw FormatError(path, std::string("not JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("groups") || !doc.at("groups").is_array())
        throw FormatError(path, "expected an object with a 'groups' array");
    SymmetrySpec spec;
    spec.architecture = doc.value("architecture", path);
    if (doc.contains("input_shape"))
        spec.sampleInputShape =
            field<std::vector<std::int64_t>>(doc, "input_shape", path, "input_shape");
    if (doc.contains("notes"))
        spec.notes = field<std::vector<std::string>>(doc, "notes", path, "notes");
    const json& groups = doc.at("groups");
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::string where = "groups[" + std::to_string(g) + "]";
        const json& item = groups[g];
        if (!item.is_object())
            throw FormatError(path, where + ": expected an object");
        SymmetryGroup group;
        group.name = item.contains("name") ? field<std::string>(item, "name", path, where)
                                           : "group" + std::to_string(g);
        group.size = field<std::int64_t>(item, "size", path, where);
        if (group.size < 1)
            throw FormatError(path, where + ".size: must be at least 1");
        group.scalable = item.contains("scaling") && field<bool>(item, "scaling", path, where);
        if (item.contains("key"))
            group.keyTensor = field<std::string>(item, "key", path, where);
        if (!item.contains("axes") || !item.at("axes").is_array() || item.at("axes").empty())
            throw FormatError(path, where + ".axes: expected a non-empty array");
        const json& axes = item.at("axes");
        for (std::size_t a = 0; a < axes.size(); ++a) {
            const std::string place = where + ".axes[" + std::to_string(a) + "]";
            if (!axes[a].is_object())
                throw FormatError(path, place + ": expected an object");
            AxisRef ref;
            ref.tensor = field<std::string>(axes[a], "tensor", path, place);
            ref.axis = field<int>(axes[a], "axis", path, place);
            ref.block =
                axes[a].contains("block") ? field<std::int64_t>(axes[a], "block", path, place) : 1;
            if (ref.block < 1)
                throw FormatError(path, place + ".block: must be at least 1");
            ref.offset = axes[a].contains("offset")
                             ? field<std::int64_t>(axes[a], "offset", path, place)
                             : 0;
            if (ref.offset < 0)
                throw FormatError(path, place + ".offset: must be at least 0");
            ref.role = parseRole(field<std::string>(axes[a], "role", path, place), path, place);
            group.axes.push_back(ref);
        }
        spec.groups.push_back(std::move(group));
    }
    return spec;
}

SymmetrySpec readSymmetrySpec(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot open the symmetry spec");
    std::stringstream text;
    text << in.rdbuf();
    return parseSymmetrySpec(text.str(), path);
}

json symmetrySpecToJson(const SymmetrySpec& spec) {
    json out;
    out["architecture"] = spec.architecture;
    if (!spec.sampleInputShape.empty())
        out["input_shape"] = spec.sampleInputShape;
    out["notes"] = spec.notes;
    out["groups"] = json::array();
    for (const auto& g : spec.groups) {
        json axes = json::array();
        for (const auto& a : g.axes) {
            json ref = {{"tensor", a.tensor}, {"axis", a.axis}, {"role", axisRoleName(a.role)}};
            if (a.block != 1)
                ref["block"] = a.block;
            if (a.offset != 0)
                ref["offset"] = a.offset;
            axes.push_back(ref);
        }
        json group = {{"name", g.name}, {"size", g.size}, {"scaling", g.scalable}, {"axes", axes}};
        if (!g.keyTensor.empty())
            group["key"] = g.keyTensor;
        out["groups"].push_back(group);
    }
    return out;
}

void validateSymmetrySpec(const SymmetrySpec& spec, const std::vector<model::TensorSpec>& tensors) {
    std::map<std::string, std::vector<std::int64_t>> shapes;
    for (const auto& t : tensors)
        shapes[t.info.name] = t.info.shape;
    // Who owns which entries of each (tensor, axis): [start, end) and the group.
    struct Claim {
        std::int64_t start, end;
        std::string group;
    };
    std::map<std::pair<std::string, int>, std::vector<Claim>> claims;
    // A tensor's Out slices lie along one axis, and so do its In slices.
    std::map<std::string, int> outAxis, inAxis;
    for (const auto& g : spec.groups) {
        const std::string where = "symmetry group '" + g.name + "'";
        if (g.size < 1)
            throw ShapeMismatch(where + ": size must be at least 1");
        bool keyFound = g.keyTensor.empty();
        for (const auto& a : g.axes) {
            auto it = shapes.find(a.tensor);
            if (it == shapes.end())
                throw ShapeMismatch(where + ": the model has no tensor '" + a.tensor + "'");
            const auto& shape = it->second;
            if (a.axis < 0 || a.axis >= static_cast<int>(shape.size()))
                throw ShapeMismatch(where + ": tensor '" + a.tensor + "' " + shapeText(shape) +
                                    " has no axis " + std::to_string(a.axis));
            const std::int64_t end = a.offset + g.size * a.block;
            if (end > shape[a.axis])
                throw ShapeMismatch(where + ": tensor '" + a.tensor + "' " + shapeText(shape) +
                                    " axis " + std::to_string(a.axis) + " has " +
                                    std::to_string(shape[a.axis]) + " entries, expected " +
                                    (a.offset ? std::to_string(a.offset) + " + " : "") +
                                    std::to_string(g.size) + " x " + std::to_string(a.block));
            claims[{a.tensor, a.axis}].push_back({a.offset, end, g.name});
            if (a.role != AxisRole::Stat) {
                auto& axes = a.role == AxisRole::Out ? outAxis : inAxis;
                if (!axes.emplace(a.tensor, a.axis).second && axes.at(a.tensor) != a.axis)
                    throw ShapeMismatch(where + ": tensor '" + a.tensor + "' has two '" +
                                        axisRoleName(a.role) + "' axes");
            }
            keyFound = keyFound || a.tensor == g.keyTensor;
        }
        if (!keyFound)
            throw ShapeMismatch(where + ": key tensor '" + g.keyTensor +
                                "' is not one of its axes");
    }
    for (auto& [axis, list] : claims) {
        const std::string name = "tensor '" + axis.first + "' axis " + std::to_string(axis.second);
        std::sort(list.begin(), list.end(),
                  [](const Claim& a, const Claim& b) { return a.start < b.start; });
        for (std::size_t i = 1; i < list.size(); ++i)
            if (list[i].start < list[i - 1].end)
                throw ShapeMismatch("symmetry group '" + list[i].group + "': " + name +
                                    " belongs to two groups ('" + list[i - 1].group + "' too)");
        // One whole-axis claim must cover the axis exactly (a wrong block shows here).
        const std::int64_t length = shapes.at(axis.first)[axis.second];
        if (list.size() == 1 && list[0].start == 0 && list[0].end != length)
            throw ShapeMismatch("symmetry group '" + list[0].group + "': " + name + " has " +
                                std::to_string(length) + " entries, expected " +
                                std::to_string(list[0].end) +
                                " (give an offset where groups share the axis)");
    }
}

}  // namespace modescape::symmetry
