#include "core/data/IdxReader.h"

#include <ATen/ATen.h>

#include <cstring>

#include "core/common/Error.h"
#include "core/data/ByteSource.h"
#include "core/data/IdxFormat.h"

namespace modescape::data {

namespace {

at::Tensor imagesToTensor(const IdxArray& array, const std::string& path) {
    if (array.dims.size() < 2)
        throw FormatError(path, "IDX images need at least 2 dimensions [N, ...], found " +
                                    std::to_string(array.dims.size()));
    std::vector<std::int64_t> shape = array.dims;
    if (shape.size() == 3)
        shape.insert(shape.begin() + 1, 1);  // [N, H, W] -> [N, 1, H, W]
    if (array.type == IdxType::U8) {
        auto bytes = at::empty(shape, at::kByte);
        if (!array.data.empty())
            std::memcpy(bytes.data_ptr<std::uint8_t>(), array.data.data(), array.data.size());
        return bytes.to(at::kFloat).div_(255.0f);
    }
    auto values = at::empty(shape, at::kFloat);
    float* out = values.data_ptr<float>();
    const std::int64_t n = array.count();
    for (std::int64_t i = 0; i < n; ++i)
        out[i] = static_cast<float>(idxValue(array, i));
    return values;
}

at::Tensor labelsToTensor(const IdxArray& array, const std::string& path) {
    if (array.dims.size() != 1)
        throw FormatError(path, "IDX labels must be 1-D, found " +
                                    std::to_string(array.dims.size()) +
                                    " dimensions (did you swap the images and labels files?)");
    if (array.type == IdxType::F32 || array.type == IdxType::F64)
        throw FormatError(path, "IDX labels must be integers, found floating-point values");
    auto labels = at::empty({array.dims[0]}, at::kLong);
    auto* out = labels.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < array.dims[0]; ++i) {
        out[i] = static_cast<std::int64_t>(idxValue(array, i));
        if (out[i] < 0)
            throw FormatError(path, "label " + std::to_string(i) + " is negative (" +
                                        std::to_string(out[i]) + ")");
    }
    return labels;
}

}  // namespace

Dataset readIdxDataset(const std::string& imagesPath, const std::string& labelsPath) {
    const Bytes imageBytes = readMaybeGzipped(imagesPath);
    const Bytes labelBytes = readMaybeGzipped(labelsPath);
    const IdxArray images = parseIdx(imageBytes, imagesPath);
    const IdxArray labels = parseIdx(labelBytes, labelsPath);
    if (images.dims[0] != labels.dims[0])
        throw FormatError(imagesPath, std::to_string(images.dims[0]) + " images but " + labelsPath +
                                          " holds " + std::to_string(labels.dims[0]) +
                                          " labels; pick files of the same split");
    Dataset data;
    data.inputs = imagesToTensor(images, imagesPath);
    data.labels = labelsToTensor(labels, labelsPath);
    data.numClasses = countClasses(data.labels);
    data.name = imagesPath;
    return data;
}

}  // namespace modescape::data
