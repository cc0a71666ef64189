// Surface files: our HDF5 round trip, files written by the reference tool
// (h5py, tests/fixtures/landscape/make_reference_files.py), its direction
// files, the .vts and .csv exports, the computed mask and the input hashes,
// and a surface Modescape wrote before them.
#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "LandscapeTestSupport.h"
#include "core/common/Error.h"
#include "core/landscape/DirectionFile.h"
#include "core/landscape/LandscapeCsv.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/landscape/LandscapeHdf5.h"
#include "core/landscape/LandscapeVts.h"

using namespace modescape;
using namespace modescape::landscape;

// HDF5 belongs to the build unless it was configured away (-DMODESCAPE_HDF5=OFF):
// a build that wanted it and lacks it fails here instead of skipping quietly.
#define REQUIRE_HDF5()                                                                      \
    do {                                                                                    \
        if (!hdf5Available()) {                                                             \
            if (MODESCAPE_HDF5_WANTED)                                                      \
                QFAIL(                                                                      \
                    "this build has no HDF5 although MODESCAPE_HDF5=ON: install "           \
                    "libhdf5-dev and reconfigure, or configure with -DMODESCAPE_HDF5=OFF"); \
            QSKIP("configured with -DMODESCAPE_HDF5=OFF: no .h5 files in this build");      \
        }                                                                                   \
    } while (false)

namespace {

const std::string kFixtures = MODESCAPE_FIXTURES_DIR "/landscape/";

std::string outputPath(const std::string& name) {
    const std::string dir = std::string(MODESCAPE_TEST_OUTPUT_DIR) + "/landscape";
    std::filesystem::create_directories(dir);
    return dir + "/" + name;
}

// A 4 x 3 surface with every setting moved off its default and two points NaN.
LandscapeResult sampleResult() {
    LandscapeSettings s;
    s.centerMembers = {"a.safetensors", "b.safetensors"};
    s.directions = DirectionSource::Plane;
    s.directionMembers = {"a.safetensors", "b.safetensors", "c.safetensors"};
    s.normalization = Normalization::Layer;
    s.ignore = IgnoreMode::None;
    s.scope = DirectionScope::States;
    s.seed = 42;
    s.x = {-0.5, 1.5, 4};
    s.y = {-1.0, 1.0, 3};
    s.split = "train";
    s.subset = 500;
    s.recomputeBatchNorm = true;
    s.engine = Engine::Naive;
    auto r = makeEmptyResult(s);
    for (int iy = 0; iy < 3; ++iy)
        for (int ix = 0; ix < 4; ++ix) {
            r.loss[r.index(ix, iy)] = 0.1 * ix + iy + 0.25;
            r.accuracy[r.index(ix, iy)] = 0.5 + 0.01 * ix - 0.1 * iy;
        }
    r.loss[r.index(3, 2)] = r.accuracy[r.index(3, 2)] = std::nan("");
    r.loss[r.index(0, 1)] = r.accuracy[r.index(0, 1)] = std::nan("");
    r.centerLoss = 0.3;
    r.centerAccuracy = 0.875;
    r.markers = {{"a.safetensors", 0, 0}, {"b.safetensors", 1, 0}, {"c.safetensors", 0.25, 0.75}};
    r.setFolder = "/sets/moons";
    r.modelDescription = R"({"builtin":"mlp"})";
    r.dataSpec = "moons:n=1000,seed=1";
    r.samples = 500;
    r.centerName = "mean(a.safetensors, b.safetensors)";
    r.members = s.directionMembers;
    r.device = "CPU (2 threads)";
    r.seconds = 1.5;
    r.pointsComputedLastRun = 10;
    return r;
}

bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])) ||
              std::abs(a[i] - b[i]) < 1e-12))
            return false;
    return true;
}

// VTK's inline binary: base64 of (UInt64 byte count, values); the value bytes.
std::string decodeVtsBytes(const std::string& text, const std::string& name) {
    const auto tag = text.find("Name=\"" + name + "\"");
    const auto start = text.find('>', tag) + 1;
    const auto end = text.find('<', start);
    const std::string b64 = text.substr(start, end - start);
    const std::string table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string bytes;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : b64) {
        if (c == '=')
            break;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(table.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    std::uint64_t size = 0;
    std::memcpy(&size, bytes.data(), 8);
    return bytes.substr(8, size);
}

std::vector<double> decodeVtsArray(const std::string& text, const std::string& name) {
    const std::string bytes = decodeVtsBytes(text, name);
    std::vector<double> values(bytes.size() / 8);
    std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
}

// sampleResult() after a run whose centre gave NaN at one point and Inf at
// another: both computed, with the mask and the input hashes recorded.
LandscapeResult resultWithMask() {
    auto r = sampleResult();
    r.computed = r.computedMask();
    r.loss[r.index(1, 1)] = std::nan("");
    r.accuracy[r.index(1, 1)] = std::nan("");
    r.loss[r.index(2, 0)] = std::numeric_limits<double>::infinity();
    r.accuracy[r.index(2, 0)] = std::nan("");
    r.centerLoss = r.centerAccuracy = std::nan("");
    r.centerComputed = true;
    r.inputs.members = {{"a.safetensors", "00ff"}, {"b.safetensors", "11ee"}};
    r.inputs.directionFile = "";
    r.inputs.data = "22dd";
    r.inputs.model = "33cc";
    return r;
}

}  // namespace

class TestLandscapeFiles : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // HDF5 is there exactly when the build asked for it; without it an .h5 file
    // is refused with a message naming the file and the missing support.
    void hdf5IsPresentUnlessConfiguredAway() {
        QCOMPARE(hdf5Available(), bool(MODESCAPE_HDF5_WANTED));
        if (hdf5Available())
            return;
        const auto path = outputPath("no-hdf5.h5");
        try {
            writeSurface(path, sampleResult());
            QFAIL("an .h5 file was written without HDF5");
        } catch (const FormatError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
            QVERIFY2(message.contains("no HDF5 support"), qPrintable(message));
        }
    }

    void hdf5RoundTripKeepsEverything() {
        REQUIRE_HDF5();
        const auto r = sampleResult();
        const auto path = outputPath("round-trip.h5");
        writeSurface(path, r);
        const auto back = readSurface(path);
        QCOMPARE(back.xs, r.xs);
        QCOMPARE(back.ys, r.ys);
        QVERIFY(sameValues(back.loss, r.loss));
        QVERIFY(sameValues(back.accuracy, r.accuracy));
        QCOMPARE(back.computedPoints(), std::int64_t(10));
        QCOMPARE(resultDefiningSettings(back.settings), resultDefiningSettings(r.settings));
        QCOMPARE(back.settings.engine, Engine::Naive);
        QCOMPARE(back.centerLoss, 0.3);
        QCOMPARE(back.centerAccuracy, 0.875);
        QCOMPARE(back.markers.size(), std::size_t(3));
        QCOMPARE(back.markers[2].x, 0.25);
        QCOMPARE(back.markers[2].y, 0.75);
        QCOMPARE(back.setFolder, r.setFolder);
        QCOMPARE(back.modelDescription, r.modelDescription);
        QCOMPARE(back.dataSpec, r.dataSpec);
        QCOMPARE(back.samples, std::int64_t(500));
        QCOMPARE(back.centerName, r.centerName);
        QCOMPARE(back.members, r.members);
        // Overwriting is atomic and leaves no temporary file behind.
        writeSurface(path, r);
        int files = 0;
        for (const auto& e :
             std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
            files += e.path().filename().string().rfind("round-trip.h5", 0) == 0;
        QCOMPARE(files, 1);
    }

    void maskAndInputsRoundTrip() {
        REQUIRE_HDF5();
        const auto r = resultWithMask();
        QCOMPARE(r.computedPoints(), std::int64_t(10));
        QCOMPARE(r.nonFinitePoints(), std::int64_t(2));
        const auto path = outputPath("mask.h5");
        writeSurface(path, r);
        const auto back = readSurface(path);
        QCOMPARE(back.computed, r.computed);
        QVERIFY(back.isComputed(back.index(1, 1)) && std::isnan(back.lossAt(1, 1)));
        QVERIFY(!back.isComputed(back.index(3, 2)) && std::isnan(back.lossAt(3, 2)));
        QVERIFY(std::isinf(back.lossAt(2, 0)));
        QCOMPARE(back.computedPoints(), std::int64_t(10));
        QCOMPARE(back.nonFinitePoints(), std::int64_t(2));
        QVERIFY(back.centerComputed && std::isnan(back.centerLoss));
        QVERIFY(back.inputs.recorded());
        QCOMPARE(back.inputs.members, r.inputs.members);
        QCOMPARE(back.inputs.data, r.inputs.data);
        QCOMPARE(back.inputs.model, r.inputs.model);
        QVERIFY(describeChanges(r.inputs, back.inputs).empty());
        // The finite extremes ignore NaN and Inf.
        QCOMPARE(back.lossMax(), 0.1 * 2 + 2 + 0.25);
    }

    void inputChangesAreNamed() {
        LandscapeInputs before;
        before.members = {{"a.safetensors", "1"}, {"b.safetensors", "2"}};
        before.data = "d";
        before.model = "m";
        auto now = before;
        QVERIFY(describeChanges(before, now).empty());
        now.members["a.safetensors"] = "9";
        now.data = "e";
        const auto changes = describeChanges(before, now);
        QCOMPARE(changes.size(), std::size_t(2));
        QCOMPARE(changes[0], std::string("member a.safetensors changed (its weights differ)"));
        QVERIFY(changes[1].find("data") != std::string::npos);
        now = before;
        now.members.erase("b.safetensors");
        now.members["c.safetensors"] = "2";  // another reference member as the centre
        const auto swapped = describeChanges(before, now);
        QCOMPARE(swapped.size(), std::size_t(2));
        QVERIFY(swapped[0].find("b.safetensors") != std::string::npos);
        QVERIFY(swapped[1].find("c.safetensors") != std::string::npos);
        const InputsChanged error(changes);
        QVERIFY(std::string(error.what()).find("a.safetensors") != std::string::npos);
    }

    void olderModescapeFileWithoutMaskStillResumes() {
        REQUIRE_HDF5();
        // Written by h5py the way Modescape wrote surfaces before the mask.
        auto r = readSurface(kFixtures + "modescape_before_mask.h5");
        QCOMPARE(r.nx(), 3);
        QCOMPARE(r.ny(), 2);
        QVERIFY(r.computed.empty());
        QVERIFY(!r.inputs.recorded());
        QVERIFY(!r.isCenterComputed());
        QCOMPARE(r.computedPoints(), std::int64_t(4));
        QVERIFY(!r.isComputed(r.index(1, 0)) && !r.isComputed(r.index(2, 1)));
        QCOMPARE(r.lossAt(2, 0), 3.0);
        QCOMPARE(r.accuracyAt(2, 0), 0.52);
        QCOMPARE(r.settings.seed, std::uint64_t(3));
        // Resuming computes exactly its two NaN points.
        const auto m = landscape_test::moonsMlp();
        const auto data = landscape_test::moonsData(50);
        landscape_test::Members members;
        members.sets["g/m0.safetensors"] = m.initialParameters(1);
        const auto d = makeDirections(r.settings, members.weights(), {"g/m0.safetensors"}, {});
        fillGrid(GridEvaluator(m, d, data, r.settings, DeviceKind::Cpu), r, {});
        QCOMPARE(r.pointsComputedLastRun, std::int64_t(2));
        QCOMPARE(r.lossAt(2, 0), 3.0);  // kept
        QVERIFY(std::isfinite(r.lossAt(1, 0)) && std::isfinite(r.lossAt(2, 1)));
        // Written back, it gains the mask.
        const auto path = outputPath("before-mask-resumed.h5");
        writeSurface(path, r);
        QCOMPARE(readSurface(path).computed, std::vector<std::uint8_t>(6, 1));
    }

    void oneDimensionalRoundTrip() {
        REQUIRE_HDF5();
        LandscapeSettings s;
        s.dimensions = 1;
        s.x = {0.0, 1.0, 3};
        auto r = makeEmptyResult(s);
        r.loss = {0.5, 0.25, std::nan("")};
        r.accuracy = {0.75, 1.0, std::nan("")};
        const auto path = outputPath("line.h5");
        writeSurface(path, r);
        const auto back = readSurface(path);
        QCOMPARE(back.settings.dimensions, 1);
        QCOMPARE(back.ny(), 1);
        QVERIFY(sameValues(back.loss, r.loss));
        QVERIFY(sameValues(back.accuracy, r.accuracy));
    }

    void readsTheReferenceToolsNonSquareSurface() {
        REQUIRE_HDF5();
        const auto r = readSurface(kFixtures + "reference_surface_2d.h5");
        QCOMPARE(r.nx(), 5);
        QCOMPARE(r.ny(), 3);
        QCOMPARE(r.settings.split, std::string("train"));
        QCOMPARE(r.settings.directions, DirectionSource::File);
        QVERIFY(r.settings.directionFile.find("xnorm=filter") != std::string::npos);
        QCOMPARE(r.computedPoints(), std::int64_t(14));
        QVERIFY(std::isnan(r.lossAt(4, 2)) && std::isnan(r.accuracyAt(4, 2)));
        for (int iy = 0; iy < 3; ++iy)
            for (int ix = 0; ix < 5; ++ix) {
                if (ix == 4 && iy == 2)
                    continue;
                const double x = r.xs[ix], y = r.ys[iy];
                QVERIFY(std::abs(r.lossAt(ix, iy) - (2 + x * x + 0.5 * y)) < 1e-12);
                QVERIFY(std::abs(r.accuracyAt(ix, iy) - (50 + 10 * x + 5 * y) / 100) < 1e-12);
            }
    }

    void readsTheReferenceToolsLine() {
        REQUIRE_HDF5();
        const auto r = readSurface(kFixtures + "reference_surface_1d.h5");
        QCOMPARE(r.settings.dimensions, 1);
        QCOMPARE(r.nx(), 7);
        QCOMPARE(r.xs.front(), -0.5);
        QCOMPARE(r.xs.back(), 1.0);
        for (int ix = 0; ix < 7; ++ix) {
            QVERIFY(std::abs(r.lossAt(ix, 0) - (1 + r.xs[ix] * r.xs[ix])) < 1e-12);
            QVERIFY(std::abs(r.accuracyAt(ix, 0) - (0.8 - 0.1 * r.xs[ix])) < 1e-12);
        }
    }

    void readsTheReferenceToolsDirectionFile() {
        REQUIRE_HDF5();
        const auto centre = landscape_test::moonsMlp().initialParameters(0);
        const auto d = readDirectionFile(kFixtures + "reference_directions.h5", centre);
        QCOMPARE(d.x.names(), (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias",
                                                        "4.weight", "4.bias"}));
        QCOMPARE(d.x.at("2.weight").sizes().vec(), (std::vector<std::int64_t>{32, 32}));
        QVERIFY(std::abs(d.x.at("2.weight")[1][0].item<double>() - 3 * 0.01 * 32) <
                1e-6);  // (i + 1) 0.01 index
        QCOMPARE(d.y.at("4.bias")[1].item<float>(), -6 * 0.01f);
        // A LeNet does not fit those directions.
        QVERIFY_THROWS_EXCEPTION(Error,
                                 readDirectionFile(kFixtures + "reference_directions.h5",
                                                   model::LeNet5Model().initialParameters(0)));
    }

    void safetensorsDirectionsRoundTrip() {
        const auto centre = landscape_test::moonsMlp().initialParameters(0);
        const auto x = centre.parameters(),
                   y = landscape_test::moonsMlp().initialParameters(1).parameters();
        const auto path = outputPath("dirs.safetensors");
        writeDirectionFile(path, x, y);
        const auto d = readDirectionFile(path, centre);
        QVERIFY(at::equal(d.x.at("0.weight"), x.at("0.weight")));
        QVERIFY(at::equal(d.y.at("4.bias"), y.at("4.bias")));
    }

    void vtsHoldsTheGridAndValues() {
        const auto r = sampleResult();
        const std::string text = landscapeVtsText(r);
        QVERIFY(text.find("WholeExtent=\"0 3 0 2 0 0\"") != std::string::npos);
        QVERIFY(sameValues(decodeVtsArray(text, "loss"), r.loss));
        QVERIFY(sameValues(decodeVtsArray(text, "accuracy"), r.accuracy));
        const std::string mask = decodeVtsBytes(landscapeVtsText(resultWithMask()), "computed");
        QCOMPARE(mask.size(), std::size_t(12));
        QCOMPARE(int(mask[5]), 1);  // NaN, computed
        QCOMPARE(int(mask[4]), 0);  // NaN, not computed
        QCOMPARE(int(mask[11]), 0);
        const auto path = outputPath("surface.vts");
        writeSurface(path, r);
        std::ifstream in(path);
        QCOMPARE(std::string(std::istreambuf_iterator<char>(in), {}), text);
    }

    void csvListsEveryPoint() {
        LandscapeSettings s;
        s.x = {0.0, 1.0, 2};
        s.y = {-1.0, 1.0, 2};
        auto r = makeEmptyResult(s);
        r.loss = {0.5, 1.0, 1.5, std::nan("")};
        r.accuracy = {1.0, 0.75, 0.5, std::nan("")};
        QCOMPARE(landscapeCsvText(r),
                 std::string("x,y,loss,acc,computed\n0,-1,0.5,1,1\n1,-1,1,0.75,"
                             "1\n0,1,1.5,0.5,1\n1,1,nan,nan,0\n"));
        r.computed = {1, 1, 0, 1};  // a computed NaN, and one point not computed yet
        r.loss[2] = std::nan("");
        QCOMPARE(landscapeCsvText(r),
                 std::string("x,y,loss,acc,computed\n0,-1,0.5,1,1\n1,-1,1,0.75,"
                             "1\n0,1,nan,0.5,0\n1,1,nan,nan,1\n"));
    }

    void badFilesAreNamed() {
        REQUIRE_HDF5();
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, surfaceFormatOf("surface.png"));
        try {
            readSurface(kFixtures + "make_reference_files.h5");
            QFAIL("no exception");
        } catch (const IoError& e) {
            QVERIFY(std::string(e.what()).find("make_reference_files.h5") != std::string::npos);
        }
        const auto notHdf5 = outputPath("not-hdf5.h5");
        std::ofstream(notHdf5) << "hello";
        QVERIFY_THROWS_EXCEPTION(FormatError, readSurface(notHdf5));
    }
};

QTEST_APPLESS_MAIN(TestLandscapeFiles)
#include "TestLandscapeFiles.moc"
