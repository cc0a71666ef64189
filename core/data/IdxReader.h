#pragma once
// MNIST-style data sets from a pair of IDX files (plain or gzipped).

#include <string>

#include "core/data/Dataset.h"

namespace modescape::data {

// Images: an IDX array [N, H, W] (becomes [N, 1, H, W]) or [N, D] or [N, ...];
// unsigned bytes are scaled to [0, 1], other types converted as they are.
// Labels: a 1-D integer IDX array of N non-negative values.
// Throws IoError for unreadable files and FormatError for malformed ones, or
// when the two files disagree on N.
Dataset readIdxDataset(const std::string& imagesPath, const std::string& labelsPath);

}  // namespace modescape::data
