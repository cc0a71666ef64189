#include "core/data/CifarReader.h"

#include <ATen/ATen.h>

#include <cstring>
#include <filesystem>

#include "core/common/Error.h"
#include "core/data/ByteSource.h"

namespace modescape::data {

namespace {

constexpr std::int64_t kPixels = 3 * 32 * 32;

std::int64_t classCount(CifarVariant variant) {
    switch (variant) {
        case CifarVariant::Cifar10:
            return 10;
        case CifarVariant::Cifar100Fine:
            return 100;
        case CifarVariant::Cifar100Coarse:
            return 20;
    }
    return 0;
}

}  // namespace

Dataset readCifarBatches(const std::vector<std::string>& paths, CifarVariant variant) {
    if (paths.empty())
        throw InvalidArgument("CIFAR: no batch files given");
    const std::size_t labelBytes = variant == CifarVariant::Cifar10 ? 1 : 2;
    const std::size_t recordSize = labelBytes + kPixels;
    // Coarse label first, fine label second in CIFAR-100 records.
    const std::size_t labelOffset = variant == CifarVariant::Cifar100Fine ? 1 : 0;
    const std::int64_t classes = classCount(variant);

    std::vector<at::Tensor> images, labels;
    for (const auto& path : paths) {
        const Bytes bytes = readMaybeGzipped(path);
        if (bytes.empty() || bytes.size() % recordSize != 0)
            throw FormatError(path,
                              std::to_string(bytes.size()) + " bytes is not a whole number of " +
                                  std::to_string(recordSize) +
                                  "-byte CIFAR records; the file is truncated or of the other "
                                  "CIFAR variant (CIFAR-10: 3073, CIFAR-100: 3074)");
        const std::int64_t n = static_cast<std::int64_t>(bytes.size() / recordSize);
        auto pixels = at::empty({n, 3, 32, 32}, at::kByte);
        auto batchLabels = at::empty({n}, at::kLong);
        auto* px = pixels.data_ptr<std::uint8_t>();
        auto* lab = batchLabels.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < n; ++i) {
            const std::uint8_t* record = bytes.data() + i * recordSize;
            lab[i] = record[labelOffset];
            if (lab[i] >= classes)
                throw FormatError(path, "record " + std::to_string(i) + " has label " +
                                            std::to_string(lab[i]) + " but the variant has " +
                                            std::to_string(classes) +
                                            " classes; is this the right CIFAR variant?");
            std::memcpy(px + i * kPixels, record + labelBytes, kPixels);
        }
        images.push_back(pixels.to(at::kFloat).div_(255.0f));
        labels.push_back(batchLabels);
    }
    Dataset data;
    data.inputs = at::cat(images);
    data.labels = at::cat(labels);
    data.numClasses = classes;
    data.name = paths.front();
    return data;
}

std::vector<std::string> cifarSplitFiles(const std::string& folder, CifarVariant variant,
                                         bool train) {
    const std::filesystem::path dir(folder);
    if (variant != CifarVariant::Cifar10)
        return {(dir / (train ? "train.bin" : "test.bin")).string()};
    if (!train)
        return {(dir / "test_batch.bin").string()};
    std::vector<std::string> files;
    for (int k = 1; k <= 5; ++k)
        files.push_back((dir / ("data_batch_" + std::to_string(k) + ".bin")).string());
    return files;
}

}  // namespace modescape::data
