#include "core/data/ArrayReaders.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
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

namespace {

std::string labelProblem(bool whole, bool negative) {
    if (!whole)
        return "is not a whole number (a class index)";
    if (negative)
        return "is negative; class indices start at 0";
    return "is too large for a class index (at most " + std::to_string(kMaxClassLabel) + ")";
}

// The first label outside 0 .. kMaxClassLabel (fractions, NaN and infinities
// included), named with its value and its index in the labels file.
void checkLabelValues(const at::Tensor& labels, const std::string& origin) {
    const auto fail = [&](std::int64_t i, const std::string& value, bool whole, bool negative) {
        throw FormatError(origin, "label " + value + " at index " + std::to_string(i) + " " +
                                      labelProblem(whole, negative));
    };
    if (labels.is_floating_point()) {
        const at::Tensor v = labels.to(at::kDouble).contiguous();
        const double* p = v.data_ptr<double>();
        for (std::int64_t i = 0; i < v.numel(); ++i) {
            const bool whole = std::isfinite(p[i]) && p[i] == std::floor(p[i]);
            if (!whole || p[i] < 0 || p[i] > static_cast<double>(kMaxClassLabel))
                fail(i, std::to_string(p[i]), whole, p[i] < 0);
        }
        return;
    }
    const at::Tensor v = labels.to(at::kLong).contiguous();
    const std::int64_t* p = v.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < v.numel(); ++i)
        if (p[i] < 0 || p[i] > kMaxClassLabel)
            fail(i, std::to_string(p[i]), true, p[i] < 0);
}

}  // namespace

Dataset datasetFromArrays(const at::Tensor& x, const at::Tensor& y, const std::string& xOrigin,
                          const std::string& yOrigin) {
    if (x.dim() == 0)
        throw FormatError(xOrigin, "the inputs array is a scalar; expected [N, ...]");
    at::Tensor labels = y;
    if (labels.dim() == 2 && labels.size(1) == 1)
        labels = labels.squeeze(1);
    if (labels.dim() != 1)
        throw FormatError(yOrigin, "labels must be a 1-D array of class indices, found " +
                                       std::to_string(labels.dim()) + " dimensions");
    if (x.size(0) != labels.size(0))
        throw FormatError(xOrigin, std::to_string(x.size(0)) + " inputs but " +
                                       std::to_string(labels.size(0)) + " labels in " + yOrigin);
    checkLabelValues(labels, yOrigin);
    labels = labels.to(at::kLong).contiguous();
    Dataset data;
    data.inputs = x.to(at::kFloat).contiguous();
    if (data.inputs.dim() == 1)
        data.inputs = data.inputs.unsqueeze(1);
    data.labels = labels;
    data.numClasses = countClasses(labels);
    data.name = xOrigin;
    return data;
}

Dataset readNpyPair(const std::string& xPath, const std::string& yPath) {
    return datasetFromArrays(readNpyFile(xPath), readNpyFile(yPath), xPath, yPath);
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
        return std::pair(npyToTensor(parseNpy(npy, path + " [" + entry->name + "]")),
                         path + " [" + entry->name + "]");
    };
    const auto [x, xOrigin] = load(xName);  // x first, so a missing x is the error reported
    const auto [y, yOrigin] = load(yName);
    auto data = datasetFromArrays(x, y, xOrigin, yOrigin);
    data.name = path;
    return data;
}

}  // namespace modescape::data
