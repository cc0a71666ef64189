#include "core/landscape/LandscapeHdf5.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "core/common/Error.h"
#include "core/common/Version.h"
#include "core/io/AtomicFile.h"
#include "core/landscape/Hdf5Handles.h"
#include "core/landscape/LandscapeJson.h"

namespace modescape::landscape {

namespace {

using hdf5::Handle;

constexpr const char* kLayout = "[ny][nx]";

// Accuracy is stored in percent, as the reference tool does.
std::vector<double> percent(const std::vector<double>& fractions) {
    std::vector<double> p(fractions);
    for (double& v : p)
        v *= 100.0;
    return p;
}

void writeHumanAttributes(hid_t root, const LandscapeResult& r) {
    const auto& s = r.settings;
    std::string centre;
    for (const auto& c : s.centerMembers)
        centre += (centre.empty() ? "" : ",") + c;
    std::string anchors;
    for (const auto& a : s.directionMembers)
        anchors += (anchors.empty() ? "" : ",") + a;
    hdf5::writeAttribute(root, "directions", std::string(toString(s.directions)));
    hdf5::writeAttribute(root, "direction_members", anchors);
    hdf5::writeAttribute(root, "direction_file", s.directionFile);
    hdf5::writeAttribute(root, "norm", std::string(toString(s.normalization)));
    hdf5::writeAttribute(root, "ignore", std::string(toString(s.ignore)));
    hdf5::writeAttribute(root, "dir_type", std::string(toString(s.scope)));
    hdf5::writeAttribute(root, "seed", static_cast<std::int64_t>(s.seed));
    hdf5::writeAttribute(root, "split", s.split);
    hdf5::writeAttribute(root, "subset", s.subset);
    hdf5::writeAttribute(root, "samples", r.samples);
    hdf5::writeAttribute(root, "recompute_bn", static_cast<std::int64_t>(s.recomputeBatchNorm));
    hdf5::writeAttribute(root, "engine", std::string(toString(s.engine)));
    hdf5::writeAttribute(root, "center", r.centerName.empty() ? centre : r.centerName);
    hdf5::writeAttribute(root, "center_loss", r.centerLoss);
    hdf5::writeAttribute(root, "center_acc", r.centerAccuracy * 100.0);
    hdf5::writeAttribute(root, "set", r.setFolder);
    hdf5::writeAttribute(root, "model", r.modelDescription);
    hdf5::writeAttribute(root, "data", r.dataSpec);
}

std::string fileImage(const LandscapeResult& r, const std::string& path) {
    static std::atomic<int> counter{0};
    const std::string name = "modescape-landscape-" + std::to_string(counter++) + ".h5";
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_fapl_core(fapl.get(), 1 << 16, 0);  // in memory only: written atomically below
    Handle file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose);
    if (!file.valid())
        throw IoError(path, "HDF5 could not create the file image");
    const hid_t root = file.get();
    const auto nx = static_cast<hsize_t>(r.nx()), ny = static_cast<hsize_t>(r.ny());
    const bool twoD = r.settings.dimensions == 2;
    const std::vector<hsize_t> shape =
        twoD ? std::vector<hsize_t>{ny, nx} : std::vector<hsize_t>{nx};
    const auto acc = percent(r.accuracy);
    bool ok = hdf5::writeDoubles(root, "xcoordinates", {nx}, r.xs.data());
    if (twoD)
        ok = ok && hdf5::writeDoubles(root, "ycoordinates", {ny}, r.ys.data());
    ok = ok && hdf5::writeDoubles(root, r.settings.split + "_loss", shape, r.loss.data());
    ok = ok && hdf5::writeDoubles(root, r.settings.split + "_acc", shape, acc.data());
    const auto mask = r.computedMask();
    ok = ok && hdf5::writeBytes(root, "computed", shape, mask.data());
    ok = ok && hdf5::writeAttribute(root, "layout", std::string(kLayout));
    ok = ok && hdf5::writeAttribute(root, "accuracy_unit", std::string("percent"));
    ok = ok && hdf5::writeAttribute(root, "writer", "modescape " + modescapeVersion());
    ok = ok && hdf5::writeAttribute(root, "modescape", resultMetadataToJson(r).dump());
    if (!ok)
        throw IoError(path, "HDF5 could not write the surface");
    writeHumanAttributes(root, r);
    H5Fflush(root, H5F_SCOPE_GLOBAL);
    const ssize_t size = H5Fget_file_image(root, nullptr, 0);
    if (size <= 0)
        throw IoError(path, "HDF5 could not produce the file image");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (H5Fget_file_image(root, bytes.data(), bytes.size()) != size)
        throw IoError(path, "HDF5 could not produce the file image");
    return bytes;
}

// The loss dataset's split: ours says it; a reference file has test_loss
// and / or train_loss (test first).
std::string lossSplit(hid_t root, const std::optional<std::string>& ourSplit) {
    if (ourSplit && hdf5::hasLink(root, *ourSplit + "_loss"))
        return *ourSplit;
    for (const char* split : {"test", "train"})
        if (hdf5::hasLink(root, std::string(split) + "_loss"))
            return split;
    return {};
}

}  // namespace

bool hdf5Available() {
    return true;
}

void writeLandscapeHdf5(const std::string& path, const LandscapeResult& r) {
    if (r.loss.size() != r.xs.size() * r.ys.size() || r.accuracy.size() != r.loss.size())
        throw InvalidArgument(path + ": the surface's grid and values disagree in size");
    const hdf5::QuietErrors quiet;
    io::writeFileAtomically(path, fileImage(r, path));
}

LandscapeResult readLandscapeHdf5(const std::string& path) {
    const hdf5::QuietErrors quiet;
    if (!std::filesystem::exists(path))
        throw IoError(path, "no such file");
    if (H5Fis_hdf5(path.c_str()) <= 0)
        throw FormatError(path, "not an HDF5 file");
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.valid())
        throw IoError(path, "HDF5 could not open the file");
    const hid_t root = file.get();

    LandscapeResult r;
    const auto metadata = hdf5::readStringAttribute(root, "modescape");
    std::optional<std::string> ourSplit;
    if (metadata) {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(*metadata);
        } catch (const nlohmann::json::exception& e) {
            throw FormatError(path,
                              std::string("the 'modescape' attribute is not JSON: ") + e.what());
        }
        resultMetadataFromJson(j, r, path);
        ourSplit = r.settings.split;
    }

    const auto xs = hdf5::readDoubles(root, "xcoordinates");
    if (!xs || xs->second.size() != 1 || xs->first.empty())
        throw FormatError(path, "has no 1-D 'xcoordinates' dataset (not a loss-surface file)");
    const auto ys = hdf5::readDoubles(root, "ycoordinates");
    if (ys && (ys->second.size() != 1 || ys->first.empty()))
        throw FormatError(path, "'ycoordinates' is not a non-empty 1-D dataset");
    const std::string split = lossSplit(root, ourSplit);
    if (split.empty())
        throw FormatError(path, "has no test_loss or train_loss dataset (not a loss-surface file)");
    const auto loss = hdf5::readDoubles(root, split + "_loss");
    const auto acc = hdf5::readDoubles(root, split + "_acc");
    r.xs = xs->first;
    r.ys = ys ? ys->first : std::vector<double>{0.0};
    const std::size_t points = r.xs.size() * r.ys.size();
    // Either declared shape ((nx, ny) in the reference tool, (ny, nx) in ours)
    // holds the values in meshgrid order, iy * nx + ix.
    if (!loss || loss->first.size() != points)
        throw FormatError(path,
                          split + "_loss holds " + std::to_string(loss ? loss->first.size() : 0) +
                              " values but the grid has " + std::to_string(points) + " points");
    if (acc && acc->first.size() != points)
        throw FormatError(path, split + "_acc holds " + std::to_string(acc->first.size()) +
                                    " values but the grid has " + std::to_string(points) +
                                    " points");
    // Ours since the mask was added: which points are computed (a NaN loss
    // may be a computed one). Without it NaN means not computed.
    if (const auto mask = hdf5::readDoubles(root, "computed")) {
        if (mask->first.size() != points)
            throw FormatError(path, "'computed' holds " + std::to_string(mask->first.size()) +
                                        " values but the grid has " + std::to_string(points) +
                                        " points");
        r.computed.resize(points);
        for (std::size_t i = 0; i < points; ++i)
            r.computed[i] = mask->first[i] != 0 ? 1 : 0;
    }
    r.loss = loss->first;
    r.accuracy = acc ? acc->first : std::vector<double>(points, std::nan(""));
    // The reference tool marks points not computed yet with -1; both metrics
    // are >= 0 otherwise. Its accuracy is in percent, like ours on disk.
    for (std::size_t i = 0; i < points; ++i) {
        if (r.loss[i] < 0)
            r.loss[i] = std::nan("");
        r.accuracy[i] = r.accuracy[i] < 0 ? std::nan("") : r.accuracy[i] / 100.0;
    }

    if (!metadata) {
        // A file of the reference tool: its grid, split and direction file.
        auto& s = r.settings;
        s.dimensions = ys ? 2 : 1;
        s.x = {r.xs.front(), r.xs.back(), static_cast<int>(r.xs.size())};
        if (ys)
            s.y = {r.ys.front(), r.ys.back(), static_cast<int>(r.ys.size())};
        s.split = split;
        if (auto dirFile = hdf5::readStringDataset(root, "dir_file")) {
            s.directions = DirectionSource::File;
            s.directionFile = *dirFile;
        }
    } else if (static_cast<int>(r.xs.size()) != r.settings.nx() ||
               static_cast<int>(r.ys.size()) != r.settings.ny()) {
        throw FormatError(path, "the grid in the file disagrees with its recorded settings");
    }
    return r;
}

}  // namespace modescape::landscape
