#pragma once
// Data sets from NumPy files: a pair of .npy arrays or one .npz archive.

#include <cstdint>
#include <span>
#include <string>

#include "core/data/Dataset.h"
#include "core/data/NpyFormat.h"

namespace modescape::data {

// A parsed NPY array as a contiguous CPU tensor of the matching dtype
// (float16 -> Half, uint8 -> Byte, bool -> Bool, ...), byte-swapped when
// big-endian and reordered when Fortran-ordered.
at::Tensor npyToTensor(const NpyArray& array);

// One .npy file as a tensor. Throws IoError / FormatError naming the file.
at::Tensor readNpyFile(const std::string& path);

// The largest class index a labels array may hold: far above any real
// classification task, low enough that a corrupt value (2^40) is named here
// instead of failing deep inside an evaluation.
inline constexpr std::int64_t kMaxClassLabel = 999'999'999;

// inputs x (cast to float32; a 1-D x becomes [N, 1]) and labels y (whole
// values 0 .. kMaxClassLabel, 1-D or [N, 1]). Throws FormatError naming
// xOrigin for a bad inputs array or a count mismatch, yOrigin (with the bad
// value and its index) for bad labels.
Dataset datasetFromArrays(const at::Tensor& x, const at::Tensor& y, const std::string& xOrigin,
                          const std::string& yOrigin);

Dataset readNpyPair(const std::string& xPath, const std::string& yPath);

// Arrays xName and yName of an .npz (stored or deflated). A missing array is a
// FormatError that lists the arrays the archive holds.
Dataset readNpz(const std::string& path, const std::string& xName = "x",
                const std::string& yName = "y");

}  // namespace modescape::data
