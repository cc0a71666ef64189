#include "core/data/ArrayReaders.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstring>

#include "core/common/Error.h"
#include "core/data/ByteSource.h"
#include "core/data/ZipArchive.h"

namespace modescape::data {

namespace {

at::ScalarType scalarTypeOf(const NpyDType& dtype) {
    switch (dtype.kind) {
        case NpyKind::Float:
            return dtype.size == 2 ? at::kHalf : dtype.size == 4 ? at::kFloat : at::kDouble;
        case NpyKind::Int:
            return dtype.size == 1   ? at::kChar
                   : dtype.size == 2 ? at::kShort
                   : dtype.size == 4 ? at::kInt
                                     : at::kLong;
        case NpyKind::UInt:
            return at::kByte;
        case NpyKind::Bool:
            return at::kBool;
    }
    return at::kFloat;
}

}  // namespace

at::Tensor npyToTensor(const NpyArray& array) {
    // Fortran order: the bytes are the C-order layout of the reversed shape.
    std::vector<std::int64_t> shape = array.shape;
    if (array.fortranOrder)
        std::reverse(shape.begin(), shape.end());
    auto tensor = at::empty(shape, scalarTypeOf(array.dtype));
    auto* out = static_cast<std::uint8_t*>(tensor.data_ptr());
    if (!array.data.empty())
        std::memcpy(out, array.data.data(), array.data.size());
    if (array.dtype.bigEndian && array.dtype.size > 1) {
        const std::size_t size = array.dtype.size;
        for (std::size_t i = 0; i + size <= array.data.size(); i += size)
            std::reverse(out + i, out + i + size);
    }
    if (array.fortranOrder && shape.size() > 1) {
        std::vector<std::int64_t> order(shape.size());
        for (std::size_t k = 0; k < order.size(); ++k)
            order[k] = static_cast<std::int64_t>(order.size() - 1 - k);
        tensor = tensor.permute(order).contiguous();
    }
    return tensor;
}

at::Tensor readNpyFile(const std::string& path) {
    const Bytes bytes = readFileBytes(path);
    return npyToTensor(parseNpy(bytes, path));
}

Dataset datasetFromArrays(const at::Tensor& x, const at::Tensor& y, const std::string& origin) {
    if (x.dim() == 0)
        throw FormatError(origin, "the inputs array is a scalar; expected [N, ...]");
    at::Tensor labels = y;
    if (labels.dim() == 2 && labels.size(1) == 1)
        labels = labels.squeeze(1);
    if (labels.dim() != 1)
        throw FormatError(origin, "labels must be a 1-D array of class indices, found " +
                                      std::to_string(labels.dim()) + " dimensions");
    if (x.size(0) != labels.size(0))
        throw FormatError(origin, std::to_string(x.size(0)) + " inputs but " +
                                      std::to_string(labels.size(0)) + " labels");
    if (labels.is_floating_point() || labels.scalar_type() == at::kBool) {
        const auto asDouble = labels.to(at::kDouble);
        if (labels.is_floating_point() && !at::equal(asDouble, asDouble.round()))
            throw FormatError(origin,
                              "labels must be whole numbers (class indices), found fractions");
    }
    labels = labels.to(at::kLong).contiguous();
    if (labels.numel() > 0 && labels.min().item<std::int64_t>() < 0)
        throw FormatError(origin, "labels must be >= 0, found " +
                                      std::to_string(labels.min().item<std::int64_t>()));
    Dataset data;
    data.inputs = x.to(at::kFloat).contiguous();
    if (data.inputs.dim() == 1)
        data.inputs = data.inputs.unsqueeze(1);
    data.labels = labels;
    data.numClasses = countClasses(labels);
    data.name = origin;
    return data;
}

Dataset readNpyPair(const std::string& xPath, const std::string& yPath) {
    return datasetFromArrays(readNpyFile(xPath), readNpyFile(yPath), xPath);
}

Dataset readNpz(const std::string& path, const std::string& xName, const std::string& yName) {
    const Bytes bytes = readFileBytes(path);
    const ZipArchive archive(bytes, path);
    auto load = [&](const std::string& name) {
        const ZipEntry* entry = archive.find(name + ".npy");
        if (!entry)
            entry = archive.find(name);
        if (!entry) {
            std::string names;
            for (const auto& e : archive.entries()) {
                std::string n = e.name;
                if (n.size() > 4 && n.ends_with(".npy"))
                    n.resize(n.size() - 4);
                names += (names.empty() ? "" : ", ") + n;
            }
            throw FormatError(path,
                              "no array named '" + name + "' in the archive (it holds: " + names +
                                  "); name the arrays with x=NAME,y=NAME in the dataset spec");
        }
        const Bytes npy = archive.extract(*entry);
        return npyToTensor(parseNpy(npy, path + " [" + entry->name + "]"));
    };
    const at::Tensor x = load(xName);  // x first, so a missing x is the error reported
    const at::Tensor y = load(yName);
    return datasetFromArrays(x, y, path);
}

}  // namespace modescape::data
