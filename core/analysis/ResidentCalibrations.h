#pragma once
// Which open sets keep their calibration's predictions in memory
// (evaluation::ResidentCalibration): the GUI's Reliability page asks for it
// and owns what it gets, so the memory goes when the page goes; the calibrate
// analysis looks its workspace up and, when found, re-aggregates a selection
// from running sums instead of streaming the members from the cache. A CLI
// run registers nothing and streams.

#include <memory>

namespace modescape::evaluation {
class ResidentCalibration;
}

namespace modescape::analysis {

class SetWorkspace;

// The workspace's resident calibration, made on the first call; the caller
// keeps it alive (every caller shares one). Thread-safe.
std::shared_ptr<evaluation::ResidentCalibration> keepCalibrationResident(
    const SetWorkspace& workspace);

// The one kept for `workspace`, or null when no one keeps it.
std::shared_ptr<evaluation::ResidentCalibration> residentCalibrationOf(
    const SetWorkspace& workspace);

}  // namespace modescape::analysis
