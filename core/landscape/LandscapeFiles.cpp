#include "core/landscape/LandscapeFiles.h"

#include <algorithm>
#include <cctype>

#include "core/common/Error.h"
#include "core/landscape/LandscapeCsv.h"
#include "core/landscape/LandscapeHdf5.h"
#include "core/landscape/LandscapeVts.h"

namespace modescape::landscape {

namespace {
bool endsWith(std::string s, const std::string& suffix) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

SurfaceFormat surfaceFormatOf(const std::string& path) {
    if (endsWith(path, ".h5") || endsWith(path, ".hdf5"))
        return SurfaceFormat::Hdf5;
    if (endsWith(path, ".vts"))
        return SurfaceFormat::Vts;
    if (endsWith(path, ".csv"))
        return SurfaceFormat::Csv;
    throw InvalidArgument(path + ": unknown surface file type (use .h5, .vts or .csv)");
}

void writeSurface(const std::string& path, const LandscapeResult& result) {
    switch (surfaceFormatOf(path)) {
        case SurfaceFormat::Hdf5:
            writeLandscapeHdf5(path, result);
            break;
        case SurfaceFormat::Vts:
            writeLandscapeVts(path, result);
            break;
        case SurfaceFormat::Csv:
            writeLandscapeCsv(path, result);
            break;
    }
}

LandscapeResult readSurface(const std::string& path) {
    if (surfaceFormatOf(path) != SurfaceFormat::Hdf5)
        throw InvalidArgument(path +
                              ": only .h5 surfaces can be read back (.vts and .csv are exports)");
    return readLandscapeHdf5(path);
}

}  // namespace modescape::landscape
