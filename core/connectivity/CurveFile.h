#pragma once
// A path's control points saved to a folder and read back (docs/connectivity.md):
//   curve.safetensors  every control point k = 0 .. n-1 (0 is A, n-1 is B) as
//                      tensors "bend<k>.<state-dict name>", float32 as trained
//   curve.json         {"format": "modescape-curve", "version": 1, "path",
//                      "bends", "set", "a", "b", "model", "training": {...},
//                      "points", "barrier", "epoch_loss": [...]}
// The folder is written as a whole (io::OutputFolder): built beside it and
// swapped in once complete, so it always holds both files or none.

#include <string>

#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathResult.h"
#include "core/connectivity/PathSettings.h"
#include "core/io/OutputFolder.h"

namespace modescape::connectivity {

struct CurveInfo {
    std::string set;  // the set folder the members came from
    std::string memberA, memberB;
    std::string model;  // the set's model description (JSON text)
};

struct SavedCurve {
    PathCurve curve;
    PathSettings settings;  // kind, bends, training, points as saved
    CurveInfo info;
};

inline constexpr const char* kCurveTensorsFile = "curve.safetensors";
inline constexpr const char* kCurveSettingsFile = "curve.json";

// Creates folder, or replaces an earlier saved curve there; another existing
// folder only when replace is Anything (--force). Throws io::OutputFolderRefused
// for a folder that is not ours, IoError naming the file that could not be
// written (the destination is then unchanged).
void saveCurve(const std::string& folder, const PathCurve& curve, const PathSettings& settings,
               const PathResult& result, const CurveInfo& info,
               io::ReplacePolicy replace = io::ReplacePolicy::OwnOutputOnly);

// Throws IoError for a missing file, FormatError for a file that is not a
// Modescape curve (the message names the file and the problem).
SavedCurve loadCurve(const std::string& folder);

}  // namespace modescape::connectivity
