#pragma once
// The fixtures of tests/fixtures/trajectory (make_trajectory_reference.py):
// a set with two training runs of a tanh MLP (run-a: epochs 0..12, run-b:
// 1..8, files named out of epoch order) and 6 samples, and the NumPy
// reference of two trajectory planes: "single" (run-a centred on its last
// member) and "pair" (both runs centred on run-a's epoch 6, samples projected).

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/set/OpenSet.h"

namespace modescape::test {

inline std::string trajectorySetFolder() {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/trajectory/set";
}

inline nlohmann::json trajectoryReference(const std::string& which) {
    std::ifstream in(std::string(MODESCAPE_FIXTURES_DIR) + "/trajectory/reference.json");
    return nlohmann::json::parse(in).at(which);
}

inline io::CheckpointSet trajectorySet() {
    return io::openCheckpointSet(trajectorySetFolder(), {});
}

}  // namespace modescape::test
