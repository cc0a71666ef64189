#pragma once
// Raw arrays of the NumPy-made calibration reference
// (tests/fixtures/calibration, make_calibration_reference.py).

#include <fstream>
#include <string>
#include <vector>

#include "core/common/Error.h"

namespace modescape::test {

inline const std::string kCalibrationFixtures =
    std::string(MODESCAPE_FIXTURES_DIR) + "/calibration/";

// count values of T from the fixture file name; throws IoError naming it when
// it is missing or short.
template <typename T>
std::vector<T> readCalibrationFixture(const std::string& name, std::size_t count) {
    std::ifstream in(kCalibrationFixtures + name, std::ios::binary);
    std::vector<T> values(count);
    in.read(reinterpret_cast<char*>(values.data()),
            static_cast<std::streamsize>(count * sizeof(T)));
    if (!in)
        throw IoError(kCalibrationFixtures + name,
                      "fixture missing or short; rerun make_calibration_reference.py");
    return values;
}

}  // namespace modescape::test
