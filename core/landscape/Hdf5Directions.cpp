#include "core/landscape/Hdf5Directions.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/landscape/Hdf5Handles.h"

namespace modescape::landscape {

std::vector<at::Tensor> readHdf5TensorList(const std::string& path, const std::string& group) {
    const hdf5::QuietErrors quiet;
    hdf5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.valid())
        throw IoError(path, "HDF5 could not open the file");
    if (!hdf5::hasLink(file.get(), group))
        return {};
    hdf5::Handle g(H5Gopen2(file.get(), group.c_str(), H5P_DEFAULT), H5Gclose);
    if (!g.valid())
        throw FormatError(path, "'" + group + "' is not a group");
    std::vector<at::Tensor> tensors;
    for (std::size_t i = 0;; ++i) {
        const std::string name = std::to_string(i);
        if (!hdf5::hasLink(g.get(), name))
            break;
        const auto values = hdf5::readDoubles(g.get(), name);
        if (!values)
            throw FormatError(path, group + "/" + name + " is not a numeric dataset");
        std::vector<std::int64_t> shape(values->second.begin(), values->second.end());
        tensors.push_back(at::tensor(values->first, at::kDouble).reshape(shape).to(at::kFloat));
    }
    return tensors;
}

}  // namespace modescape::landscape
