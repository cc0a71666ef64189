#include "core/landscape/DirectionFile.h"

#include <ATen/ATen.h>

#include <cstring>
#include <fstream>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/landscape/Hdf5Directions.h"

namespace modescape::landscape {

namespace {

bool hasHdf5Signature(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot open the direction file");
    char head[8] = {};
    in.read(head, 8);
    return in.gcount() == 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0;
}

// The reference tool's lists follow net.parameters() (weights) or the state
// dict (states); the list's length says which.
model::ParameterSet fromList(const std::vector<at::Tensor>& list, const model::ParameterSet& center,
                             const std::string& path, const std::string& group) {
    std::vector<const model::ParameterSet::Entry*> parameters, all;
    for (const auto& e : center.entries()) {
        all.push_back(&e);
        if (e.role == model::TensorRole::Parameter)
            parameters.push_back(&e);
    }
    const auto& order = list.size() == parameters.size() ? parameters : all;
    if (list.size() != order.size())
        throw FormatError(path, group + " holds " + std::to_string(list.size()) +
                                    " tensors but the model has " +
                                    std::to_string(parameters.size()) + " parameters and " +
                                    std::to_string(all.size()) + " state-dict entries");
    model::ParameterSet out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& e = *order[i];
        if (!at::isFloatingType(e.tensor.scalar_type()))
            continue;  // num_batches_tracked: no direction
        if (!list[i].sizes().equals(e.tensor.sizes()))
            throw ShapeMismatch(path + ": " + group + "/" + std::to_string(i) + " is " +
                                io::shapeToString(list[i].sizes().vec()) + " but " + e.name +
                                " is " + io::shapeToString(e.tensor.sizes().vec()));
        out.add(e.name, list[i].to(at::kFloat), e.role);
    }
    return out;
}

FileDirections readSafetensorsDirections(const std::string& path,
                                         const model::ParameterSet& center) {
    const auto file = io::openSafetensors(path);
    FileDirections d;
    for (const auto& info : file->tensors()) {
        const auto dot = info.name.find('.');
        const std::string axis = info.name.substr(0, dot);
        if (dot == std::string::npos || (axis != "x" && axis != "y"))
            throw FormatError(path,
                              "tensor '" + info.name +
                                  "' is not a direction (names are x.<tensor> or y.<tensor>)");
        const std::string name = info.name.substr(dot + 1);
        const auto w = center.find(name);
        if (!w.defined())
            throw ShapeMismatch(path + ": direction tensor '" + name +
                                "' is not a tensor of the model");
        auto t = file->read(info.name).to(at::kFloat);
        if (!t.sizes().equals(w.sizes()))
            throw ShapeMismatch(path + ": direction " + info.name + " is " +
                                io::shapeToString(t.sizes().vec()) + " but the weight is " +
                                io::shapeToString(w.sizes().vec()));
        (axis == "x" ? d.x : d.y).add(name, t);
    }
    if (d.x.empty())
        throw FormatError(path, "holds no x direction (tensors named x.<tensor>)");
    return d;
}

}  // namespace

FileDirections readDirectionFile(const std::string& path, const model::ParameterSet& center) {
    if (!hasHdf5Signature(path))
        return readSafetensorsDirections(path, center);
    FileDirections d;
    const auto xs = readHdf5TensorList(path, "xdirection");
    if (xs.empty())
        throw FormatError(path,
                          "has no 'xdirection' group (not a direction file of the reference tool)");
    d.x = fromList(xs, center, path, "xdirection");
    const auto ys = readHdf5TensorList(path, "ydirection");
    if (!ys.empty())
        d.y = fromList(ys, center, path, "ydirection");
    return d;
}

void writeDirectionFile(const std::string& path, const model::ParameterSet& x,
                        const model::ParameterSet& y) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& e : x.entries())
        tensors.emplace_back("x." + e.name, e.tensor.to(at::kFloat));
    for (const auto& e : y.entries())
        tensors.emplace_back("y." + e.name, e.tensor.to(at::kFloat));
    io::writeSafetensors(path, tensors, {{"format", "modescape landscape directions"}});
}

}  // namespace modescape::landscape
