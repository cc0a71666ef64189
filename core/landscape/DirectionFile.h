#pragma once
// Directions stored in files. Internal to core/landscape (LibTorch types).
//  safetensors: tensors "x.<name>" and (2-D) "y.<name>", <name> the
//    state-dict key; absent tensors have direction 0.
//  HDF5 of the reference tool (net_plotter.py): groups "xdirection" and
//    "ydirection", datasets "0", "1", ... in the order of net.parameters()
//    (dir_type weights) or of the state dict (dir_type states).

#include <string>

#include "core/model/ParameterSet.h"

namespace modescape::landscape {

struct FileDirections {
    model::ParameterSet x;
    model::ParameterSet y;  // empty when the file holds one direction
};

// Matched against the centre's names and shapes. Throws IoError / FormatError
// naming the file, ShapeMismatch naming the tensor that does not fit.
FileDirections readDirectionFile(const std::string& path, const model::ParameterSet& center);

// Writes directions as safetensors (the format above). Atomic.
void writeDirectionFile(const std::string& path, const model::ParameterSet& x,
                        const model::ParameterSet& y);

}  // namespace modescape::landscape
