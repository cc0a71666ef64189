#pragma once
// Reads the reference tool's direction lists: group `group` holding datasets
// "0", "1", ... (net_plotter.py, h5_util.write_list). Internal to core/landscape.

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace modescape::landscape {

// The datasets of group in index order as float32 tensors of their stored
// shapes; empty when the file has no such group. Throws IoError when the file
// cannot be opened, FormatError for a dataset that cannot be read, and
// FormatError when this build has no HDF5.
std::vector<at::Tensor> readHdf5TensorList(const std::string& path, const std::string& group);

}  // namespace modescape::landscape
