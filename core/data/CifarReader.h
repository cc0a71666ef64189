#pragma once
// CIFAR-10 / CIFAR-100 "binary version" batches: fixed-size records of label
// byte(s) followed by 3072 pixel bytes (1024 red, 1024 green, 1024 blue, 32 x 32).

#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace modescape::data {

enum class CifarVariant {
    Cifar10,         // 1 label byte + 3072
    Cifar100Fine,    // 2 label bytes (coarse, fine) + 3072; the 100 fine classes
    Cifar100Coarse,  // same records; the 20 coarse superclasses
};

// Reads and concatenates batch files into [N, 3, 32, 32] floats in [0, 1].
// Throws IoError / FormatError (a size that is not a whole number of records,
// a label out of range) naming the file.
Dataset readCifarBatches(const std::vector<std::string>& paths, CifarVariant variant);

// The batch files of the standard layout in a folder: CIFAR-10
// data_batch_1..5.bin (train) / test_batch.bin (test); CIFAR-100 train.bin / test.bin.
std::vector<std::string> cifarSplitFiles(const std::string& folder, CifarVariant variant,
                                         bool train);

}  // namespace modescape::data
