// Symmetry removal of a whole set, and maps / MMD of a set in the three weight
// spaces, on a set made of two networks and their permuted, rescaled copies;
// the same as analyses (core/analysis: "project", "mmd", "symmetry"), whose
// parameter values convert to the typed options and back.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/analysis/MmdAnalysis.h"
#include "core/analysis/ProjectionAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SymmetryAnalysis.h"
#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/OpenSet.h"
#include "core/projection/Mmd.h"
#include "core/projection/TensorConversion.h"
#include "core/projection/TsneAffinities.h"
#include "core/projection/TsneObjective.h"
#include "core/symmetry/ProjectionCsv.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/SetSymmetry.h"
#include "tests/symmetry/SymmetrySetFixture.h"
#include "tests/symmetry/SymmetryTestSupport.h"

using namespace modescape;
using namespace modescape::symmetry;

namespace {

// Largest distance between the rows of one group, over the largest distance overall.
double withinGroupSpread(const SetProjection& p) {
    double within = 0, overall = 0;
    for (std::size_t i = 0; i < p.members.size(); ++i)
        for (std::size_t j = 0; j < p.members.size(); ++j) {
            const double d =
                (p.coordinates.row(Eigen::Index(i)) - p.coordinates.row(Eigen::Index(j))).norm();
            overall = std::max(overall, d);
            if (p.groups[i] == p.groups[j])
                within = std::max(within, d);
        }
    return overall > 0 ? within / overall : within;
}

// `values` equal to `expected`, else a message showing both.
QString differs(const nlohmann::json& values, const nlohmann::json& expected) {
    return values == expected
               ? QString()
               : QString::fromStdString(values.dump() + "\n  vs\n" + expected.dump());
}

SetProjectionOptions mapOptions(ProjectionMethod method, WeightSpace space,
                                DistanceKind distance = DistanceKind::Euclidean) {
    SetProjectionOptions o;
    o.method = method;
    o.space.space = space;
    o.distance = distance;
    return o;
}

}  // namespace

class TestSetSymmetry : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::string set_;
    JobContext context_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = dir_.path().toStdString() + "/set";
        symmetry::test::writeSymmetrySet(set_);
        qputenv("XDG_CACHE_HOME", (dir_.path() + "/cache").toUtf8());
    }

    // Issue 22: members allowed from outside the set are written inside the new
    // set (under outside/), never along their "../" or absolute paths.
    void membersFromOutsideAreWrittenInsideTheNewSet() {
        namespace fs = std::filesystem;
        const std::string root = fs::canonical(dir_.path().toStdString()).string();
        const std::string linked = root + "/linked";
        fs::create_directories(linked);
        const nlohmann::json manifest = {
            {"model", symmetry::test::symmetrySetModel()},
            {"members", {"../set/b/base.safetensors", root + "/set/a/copy1.safetensors"}}};
        std::ofstream(linked + "/modescape.json") << manifest.dump();
        const std::string out = root + "/linked-out";
        SetSymmetryOptions options;
        options.removal.scaling = ScalingMethod::Optimal;
        options.checkFunction = false;
        QVERIFY_THROWS_EXCEPTION(io::MembersOutsideSet,
                                 symmetrizeSet(linked, out, options, context_));

        const auto before = fs::last_write_time(root + "/set/b/base.safetensors");
        options.open.allowOutside = true;
        const SetSymmetryReport report = symmetrizeSet(linked, out, options, context_);
        QCOMPARE(report.members.size(), std::size_t(2));
        QCOMPARE(report.members[0].name, std::string("outside/up/set/b/base.safetensors"));
        QCOMPARE(report.members[1].name,
                 "outside" + root + "/set/a/copy1.safetensors");  // root starts with '/'
        QVERIFY(fs::exists(out + "/outside/up/set/b/base.safetensors"));
        QVERIFY(fs::exists(out + "/outside" + root + "/set/a/copy1.safetensors"));
        QVERIFY(fs::last_write_time(root + "/set/b/base.safetensors") == before);
        QVERIFY(!fs::exists(root + "/set/b/base.safetensors.safetensors"));
        // The new set is an ordinary set: every member inside it.
        const io::CheckpointSet written = io::openCheckpointSet(out, context_);
        QCOMPARE(written.members.size(), std::size_t(2));
        QVERIFY(written.excluded.empty());
    }

    void symmetrizedSetIsAValidSetWithCoincidingCopies() {
        const std::string out = dir_.path().toStdString() + "/canonical";
        SetSymmetryOptions options;
        options.removal.scaling = ScalingMethod::Optimal;
        options.removal.permutation = PermutationMethod::Sort;
        const SetSymmetryReport report = symmetrizeSet(set_, out, options, context_);
        QCOMPARE(report.members.size(), std::size_t(6));
        QVERIFY(!std::filesystem::exists(out + ".partial"));
        for (std::size_t i = 0; i < report.members.size(); ++i) {
            const auto& m = report.members[i];
            QVERIFY2(m.functionDifference < 1e-5, m.name.c_str());
            // Excess mass is mass / minimal mass - 1, and the copies (members 3g, 3g + 1,
            // 3g + 2) share their group's minimal mass.
            QVERIFY(std::abs(m.removal.excessMass - (m.removal.mass / m.removal.minimalMass - 1)) <
                    1e-12);
            QVERIFY(std::abs(m.removal.minimalMass / report.members[i / 3 * 3].removal.minimalMass -
                             1) < 1e-6);
            QVERIFY(std::abs(m.removal.massAfter / m.removal.minimalMass - 1) < 1e-5);
        }
        // The copies had random scales, so their masses differ but minimal masses agree.
        QVERIFY(std::abs(report.members[1].removal.mass - report.members[0].removal.mass) > 1e-3);
        QVERIFY(
            std::abs(report.members[1].removal.minimalMass / report.members[0].removal.minimalMass -
                     1) < 1e-6);

        const evaluation::LoadedSet written(io::openCheckpointSet(out, context_));
        QCOMPARE(written.set().members.size(), std::size_t(6));
        QCOMPARE(written.set().members[1].name, std::string("a/copy1.safetensors"));
        QCOMPARE(written.set().members[1].group, std::string("a"));
        QCOMPARE(written.set().members[1].value("copy"), std::string("1"));
        QVERIFY(std::filesystem::exists(out + "/symmetry-report.json"));
        QVERIFY(std::filesystem::exists(out + "/symmetry.json"));
        const auto base = written.weights("a/base.safetensors");
        QVERIFY(symmetry::test::relativeWeightDistance(
                    base, written.weights("a/copy2.safetensors")) < 1e-5);
        QVERIFY(symmetry::test::relativeWeightDistance(
                    base, written.weights("b/base.safetensors")) > 0.1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, symmetrizeSet(set_, set_, options, context_));
    }

    void weightMatchingToANamedReference() {
        SetSymmetryOptions options;
        options.removal.permutation = PermutationMethod::Match;
        options.removal.reference = "a/copy1.safetensors";
        const SetSymmetryReport report =
            symmetrizeSet(set_, dir_.path().toStdString() + "/matched", options, context_);
        QCOMPARE(report.reference, std::string("a/copy1.safetensors"));
        QCOMPARE(report.members[1].removal.matchingSweeps, 1);  // the reference itself
        QVERIFY(report.members[0].removal.matchingSweeps >= 2);
        options.removal.reference = "nobody";
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument,
            symmetrizeSet(set_, dir_.path().toStdString() + "/x", options, context_));
    }

    void pcaSeesTwoPointsOnlyAfterRemoval() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, context_);
        const SetProjection raw =
            projectSet(set, mapOptions(ProjectionMethod::Pca, WeightSpace::Raw), context_);
        const SetProjection removed = projectSet(
            set, mapOptions(ProjectionMethod::Pca, WeightSpace::ScalingPermutation), context_);
        QCOMPARE(removed.dimensions, std::int64_t(2 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3));
        // Two distinct vectors: one component explains everything, and each group is one point.
        QVERIFY2(removed.explainedVarianceRatio[0] > 1 - 1e-8,
                 qPrintable(QString::number(removed.explainedVarianceRatio[0])));
        QVERIFY(withinGroupSpread(removed) < 1e-5);
        QVERIFY(raw.explainedVarianceRatio[0] < 0.9);
        QVERIFY(withinGroupSpread(raw) > 0.1);
        // Scaling alone leaves the permutations, so the copies stay apart.
        const SetProjection scaled =
            projectSet(set, mapOptions(ProjectionMethod::Mds, WeightSpace::Scaling), context_);
        QVERIFY(withinGroupSpread(scaled) > 0.1);
        const SetProjection mds = projectSet(
            set, mapOptions(ProjectionMethod::Mds, WeightSpace::ScalingPermutation), context_);
        QVERIFY(withinGroupSpread(mds) < 1e-5);
        QCOMPARE(mds.coordinates.cols(), Eigen::Index(2));
    }

    void functionSpaceSeesOneFunctionPerGroup() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, context_);
        for (auto d : {DistanceKind::Disagreement, DistanceKind::JensenShannon}) {
            const SetProjection p =
                projectSet(set, mapOptions(ProjectionMethod::Mds, WeightSpace::Raw, d), context_);
            QCOMPARE(p.space, std::string("function"));
            QCOMPARE(p.dimensions, std::int64_t(64 * 3));
            QVERIFY(withinGroupSpread(p) < 1e-3);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 projectSet(set,
                                            mapOptions(ProjectionMethod::Pca, WeightSpace::Raw,
                                                       DistanceKind::JensenShannon),
                                            context_));
        SetProjectionOptions threeTsne = mapOptions(ProjectionMethod::Tsne, WeightSpace::Raw);
        threeTsne.components = 3;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, projectSet(set, threeTsne, context_));
    }

    void tsneReportsItsKl() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, context_);
        const SetProjection p =
            projectSet(set, mapOptions(ProjectionMethod::Tsne, WeightSpace::Raw), context_);
        QCOMPARE(p.coordinates.rows(), Eigen::Index(6));
        QCOMPARE(p.notes,
                 std::vector<std::string>{"t-SNE perplexity lowered to 1.666667 for 6 points"});
        // The reported KL is KL(P || Q) of the reported layout, P from the raw
        // weights at perplexity (6 - 1) / 3 (TestTsne checks P and KL against
        // independent references).
        evaluation::LoadedSet loaded(set);
        std::vector<std::string> names, groups;
        const at::Tensor rows =
            flattenMembers(loaded, SpaceOptions{}, context_, names, groups).to(at::kDouble);
        QCOMPARE(names, p.members);
        const Eigen::MatrixXd squared = projection::toEigen(at::cdist(rows, rows).square());
        auto objective = projection::makeExactObjective(
            projection::toTensor(projection::jointProbabilities(squared, 5.0 / 3.0)));
        const double kl = objective->klDivergence(projection::toTensor(p.coordinates));
        qInfo("t-SNE of 6 members: KL %.6f (reported %.6f)", kl, p.kl);
        // The projection's distances come from a float64 Gram matrix of the same
        // float32 rows (g_ii + g_jj - 2 g_ij), these from differences: equal to
        // about 1e-12, so the perplexity search takes the same steps and the KLs
        // agree far below 1e-6.
        QVERIFY(std::abs(p.kl - kl) < 1e-6 * kl);
    }

    // 30 members of 9 parameters: fewer parameters than members, so t-SNE runs on
    // the rows as points (no N x N distances), and its KL is still KL(P || Q) of
    // the layout with P from the raw weights; --map-input full keeps the Gram.
    void tsneOfFewParametersRunsOnTheRows() {
        const nlohmann::json model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 2, 1}}}}};
        const auto m = model::makeBuiltinModel("mlp", model["args"]);
        std::vector<sampling::Member> members;
        for (int i = 0; i < 30; ++i)
            members.push_back({"m" + std::to_string(i),
                               i < 15 ? "a" : "b",
                               m->initialParameters(uint64_t(10 + i)),
                               {}});
        sampling::SetDescription description;
        description.model = model;
        const std::string folder = dir_.path().toStdString() + "/few-parameters";
        sampling::writeCheckpointSet(folder, description, members);
        const io::CheckpointSet set = io::openCheckpointSet(folder, context_);
        const SetProjectionOptions options = mapOptions(ProjectionMethod::Tsne, WeightSpace::Raw);
        const SetProjection p = projectSet(set, options, context_);
        QCOMPARE(p.dimensions, std::int64_t(9));
        QCOMPARE(p.algorithm,
                 std::string("the members' 9 parameters as points (9 < 30 members: no N x N "
                             "distances)"));
        QCOMPARE(p.coordinates.rows(), Eigen::Index(30));
        evaluation::LoadedSet loaded(set);
        std::vector<std::string> names, groups;
        const at::Tensor rows =
            flattenMembers(loaded, SpaceOptions{}, context_, names, groups).to(at::kDouble);
        const Eigen::MatrixXd squared = projection::toEigen(at::cdist(rows, rows).square());
        auto objective = projection::makeExactObjective(
            projection::toTensor(projection::jointProbabilities(squared, 29.0 / 3.0)));
        const double kl = objective->klDivergence(projection::toTensor(p.coordinates));
        QVERIFY2(std::abs(p.kl - kl) < 1e-6 * kl,
                 qPrintable(QString("%1 vs %2").arg(p.kl).arg(kl)));
        SetProjectionOptions full = options;
        full.mapInput = projection::MapInput::Full;
        QCOMPARE(projectSet(set, full, context_).algorithm,
                 std::string("exact (Gram matrix, 1 pass over the members)"));
    }

    void mmdTableAfterRemovalByHand() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, context_);
        SpaceOptions space;
        space.space = WeightSpace::ScalingPermutation;
        const SetMmd mmd = mmdOfSet(set, space, {}, context_);
        QCOMPARE(mmd.table.groups, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(mmd.table.maximum(0, 0), 0.0);
        // Each group is one point x_a, x_b repeated: unbiased MMD^2 = 1 + 1 - 2 k(x_a, x_b),
        // largest where k is smallest.
        evaluation::LoadedSet loaded(set);
        std::vector<std::string> names, groups;
        const at::Tensor rows =
            flattenMembers(loaded, space, context_, names, groups).to(at::kDouble);
        const double l2 = (rows[0] - rows[3]).norm().item<double>();
        const double l1 = (rows[0] - rows[3]).abs().sum().item<double>();
        // Bandwidths from the pooled pairwise distances (L2 for Gaussian, L1 for
        // Laplace): 6 zeros within the groups and 9 between them.
        auto pooled = [](double between) {
            std::vector<double> d(6, 0.0);
            d.insert(d.end(), 9, between);
            return d;
        };
        double smallest = 1;
        for (double h : projection::mmdBandwidths(pooled(l2), 10))
            smallest = std::min(smallest, std::exp(-l2 * l2 / (h * h)));
        for (double h : projection::mmdBandwidths(pooled(l1), 10))
            smallest = std::min(smallest, std::exp(-l1 / h));
        // The copies coincide to float32 rounding, not exactly: 1e-3 relative.
        const double expected = 2 - 2 * smallest;
        QVERIFY2(std::abs(mmd.table.maximum(0, 1) - expected) < 1e-3 * expected,
                 qPrintable(QString("%1 vs %2").arg(mmd.table.maximum(0, 1)).arg(expected)));
        QCOMPARE(mmd.table.maximum(1, 0), mmd.table.maximum(0, 1));
    }

    // The projection table's values reach every field of the typed options,
    // and the typed options give the same values back.
    void projectionValuesRoundTripThroughTheTypedOptions() {
        const analysis::Analysis& project = analysis::projectionAnalysis();
        const analysis::ParameterValues weights = project.complete({
            {"set", set_},
            {"method", "mds"},
            {"symmetry", "scale+perm"},
            {"distance", "cosine"},
            {"components", 3},
            {"seed", 7},
            {"pca", "exact"},
            {"map-input", "pca"},
            {"map-components", 20},
            {"layers", "^0\\."},
            {"exclude-norm", true},
            {"scaling", "unitnorm"},
            {"permutation", "match"},
            {"reference", "a/copy2"},
            {"spec", "s.json"},
            {"sort-key", "mean"},
        });
        const SetProjectionOptions o = analysis::projectionSettingsFrom(weights);
        QCOMPARE(o.method, ProjectionMethod::Mds);
        QCOMPARE(o.distance, DistanceKind::Cosine);
        QCOMPARE(o.components, 3);
        QCOMPARE(o.seed, std::uint64_t(7));
        QCOMPARE(o.pca, projection::PcaAlgorithm::Exact);
        QCOMPARE(o.mapInput, projection::MapInput::Pca);
        QCOMPARE(o.mapComponents, 20);
        QCOMPARE(o.space.space, WeightSpace::ScalingPermutation);
        QCOMPARE(o.space.scaling, ScalingMethod::UnitNorm);
        QCOMPARE(o.space.permutation, PermutationMethod::Match);
        QCOMPARE(o.space.reference, std::string("a/copy2"));
        QCOMPARE(o.space.sortKey, SortKey::Mean);
        QCOMPARE(o.space.specPath, std::string("s.json"));
        QCOMPARE(o.space.layers.pattern, std::string("^0\\."));
        QVERIFY(o.space.layers.excludeNormalization && !o.space.layers.lastLayerOnly);
        analysis::ParameterValues back = analysis::projectionValuesFrom(o);
        back["set"] = set_;
        QString why = differs(back, weights);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        // Function space: the split and the samples, the distance's default.
        const analysis::ParameterValues functions = project.complete(
            {{"method", "tsne"}, {"space", "function"}, {"split", "train"}, {"samples", 200}});
        const SetProjectionOptions f = analysis::projectionSettingsFrom(functions);
        QCOMPARE(f.distance, DistanceKind::JensenShannon);
        QCOMPARE(f.split, std::string("train"));
        QCOMPARE(f.functionSamples, std::int64_t(200));
        back = project.complete(analysis::projectionValuesFrom(f));
        QCOMPARE(back["distance"], nlohmann::json("js"));
        back["distance"] = nullptr;  // the one value given by its default above
        back.erase("set");
        analysis::ParameterValues expected = functions;
        expected.erase("set");
        why = differs(back, expected);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // The defaults are the typed options' own (one place for 500 samples).
        const SetProjectionOptions defaults =
            analysis::projectionSettingsFrom(project.complete({}));
        QCOMPARE(defaults.functionSamples, SetProjectionOptions{}.functionSamples);
        QCOMPARE(defaults.functionSamples, kFunctionSamples);
        QCOMPARE(defaults.mapComponents, SetProjectionOptions{}.mapComponents);
        QCOMPARE(defaults.space.scaling, SpaceOptions{}.scaling);
        QCOMPARE(defaults.space.permutation, SpaceOptions{}.permutation);
    }

    // The CSV of `project --out` read back (what the map page follows): names
    // with a comma or a quote, three axes, 10 significant digits; every
    // malformed file is refused naming the file and the line.
    void projectionCsvReadsBackWhatProjectWrites() {
        symmetry::SetProjection map;
        map.members = {"g/a", "b,\"c\"", "d"};
        map.groups = {"g", "two words", "h"};
        map.coordinates.resize(3, 3);
        map.coordinates << 0.123456789012, -2.5, 1e-7, 3, 4, 5, -6.25, 7e12, 0;
        const std::string text = symmetry::projectionCsv(map);
        QCOMPARE(text.substr(0, 30), std::string("name,group,x,y,z\ng/a,g,0.12345"));
        QTemporaryDir dir;
        const std::string path = dir.filePath("map.csv").toStdString();
        std::ofstream(path, std::ios::binary) << text;
        const symmetry::SetProjection read = symmetry::readProjectionCsv(path);
        QCOMPARE(read.members, map.members);
        QCOMPARE(read.groups, map.groups);
        QCOMPARE(read.coordinates(0, 0), 0.123456789);  // 10 significant digits
        QCOMPARE(read.coordinates(2, 1), 7e12);
        QCOMPARE(read.coordinates(0, 2), 1e-7);
        QCOMPARE(read.coordinates.rows(), Eigen::Index(3));

        const auto refused = [&](const std::string& content, const std::string& says) {
            std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
            try {
                symmetry::readProjectionCsv(path);
            } catch (const FormatError& e) {
                return std::string(e.what()) == path + ": " + says;
            }
            return false;
        };
        QVERIFY(refused("name,group,x,y\nm0,a,1\n", "line 2: 3 fields, the header has 4"));
        QVERIFY(refused("name,group,x,y\nm0,a,1,nan\n",
                        "line 2: 'nan' is not a coordinate (a finite number)"));
        QVERIFY(refused("name,group,x,y\nm0,a,1,2\nm1,a,1,2x\n",
                        "line 3: '2x' is not a coordinate (a finite number)"));
        QVERIFY(refused("name,group,x,y\n", "holds no member (only its header)"));
        QVERIFY(refused("name,group,x,w\n", "line 1: column 4 is 'w', not 'y'"));
        QVERIFY(refused("{\"points\": []}\n",
                        "not the CSV of a map: its first line is not \"name,group,x,y\" or "
                        "\"name,group,x,y,z\""));
        QVERIFY(refused("name,group,x,y\n\"m0,a,1,2\n", "line 2: a quoted field is not closed"));
        QVERIFY_THROWS_EXCEPTION(IoError, symmetry::readProjectionCsv(path + ".missing"));
    }

    void mmdValuesRoundTripThroughTheTypedOptions() {
        const analysis::Analysis& mmd = analysis::mmdAnalysis();
        const analysis::ParameterValues weights = mmd.complete({{"symmetry", "scale"},
                                                                {"scaling", "unitnorm"},
                                                                {"last-layer", true},
                                                                {"include-buffers", true},
                                                                {"bandwidths", 3},
                                                                {"permutation", "sort"},
                                                                {"sort-key", "l2"}});
        const analysis::MmdSettings s = analysis::mmdSettingsFrom(weights);
        QCOMPARE(s.space.space, WeightSpace::Scaling);
        QCOMPARE(s.space.scaling, ScalingMethod::UnitNorm);
        QCOMPARE(s.space.sortKey, SortKey::L2Norm);
        QVERIFY(s.space.layers.lastLayerOnly && s.space.layers.includeBuffers);
        QVERIFY(!s.functions);
        QCOMPARE(s.mmd.bandwidthCount, 3);
        QString why = differs(mmd.complete(analysis::mmdValuesFrom(s)), weights);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        const analysis::ParameterValues functions =
            mmd.complete({{"space", "function"}, {"samples", 50}, {"split", "train"}});
        const analysis::MmdSettings f = analysis::mmdSettingsFrom(functions);
        QVERIFY(f.functions);
        QCOMPARE(f.functions->samples, std::int64_t(50));
        QCOMPARE(f.functions->split, std::string("train"));
        QCOMPARE(f.mmd.bandwidthCount, projection::MmdOptions{}.bandwidthCount);
        why = differs(mmd.complete(analysis::mmdValuesFrom(f)), functions);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void symmetryValuesRoundTripThroughTheTypedOptions() {
        const analysis::Analysis& removal = analysis::symmetryAnalysis();
        const analysis::ParameterValues values = removal.complete({{"out", "/somewhere/new"},
                                                                   {"force", true},
                                                                   {"scaling", "optimal"},
                                                                   {"permutation", "match"},
                                                                   {"reference", "b/base"},
                                                                   {"sort-key", "l2"},
                                                                   {"spec", "s.json"},
                                                                   {"seed", 5},
                                                                   {"no-check", true}});
        const analysis::SymmetrySettings s = analysis::symmetrySettingsFrom(values);
        QCOMPARE(s.out, std::string("/somewhere/new"));
        QCOMPARE(s.options.replace, io::ReplacePolicy::Anything);
        QCOMPARE(s.options.removal.scaling, ScalingMethod::Optimal);
        QCOMPARE(s.options.removal.permutation, PermutationMethod::Match);
        QCOMPARE(s.options.removal.reference, std::string("b/base"));
        QCOMPARE(s.options.removal.sortKey, SortKey::L2Norm);
        QCOMPARE(s.options.removal.matching.seed, std::uint64_t(5));
        QCOMPARE(s.options.specPath, std::string("s.json"));
        QVERIFY(!s.options.checkFunction);
        const QString why = differs(removal.complete(analysis::symmetryValuesFrom(s)), values);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // Defaults: nothing removed, the function checked, an own output only.
        const analysis::SymmetrySettings d =
            analysis::symmetrySettingsFrom(removal.complete({{"out", "x"}}));
        QCOMPARE(d.options.removal.scaling, ScalingMethod::None);
        QCOMPARE(d.options.removal.permutation, PermutationMethod::None);
        QVERIFY(d.options.checkFunction);
        QCOMPARE(d.options.replace, io::ReplacePolicy::OwnOutputOnly);
    }

    // The rules between parameters: what complete() refuses, with the flags named.
    void analysesRefuseWhatTheCoreRefuses() {
        const struct {
            const analysis::Analysis& analysis;
            analysis::ParameterValues values;
            std::string says;
        } cases[] = {
            {analysis::projectionAnalysis(),
             {{"method", "tsne"}, {"components", 3}},
             "t-SNE embeds in 2 dimensions only (use --components 2)"},
            {analysis::projectionAnalysis(),
             {{"distance", "js"}},
             "PCA works on Euclidean weights"},
            {analysis::projectionAnalysis(),
             {{"method", "mds"}, {"space", "function"}, {"distance", "euclidean"}},
             "--distance euclidean compares weights"},
            {analysis::mmdAnalysis(),
             {{"space", "function"}, {"symmetry", "scale"}},
             "--symmetry scale with --space function: symmetries never change the function"},
            {analysis::mmdAnalysis(),
             {{"space", "function"}, {"last-layer", true}},
             "select weights; --space function compares predictions"},
            {analysis::mmdAnalysis(),
             {{"bandwidths", 0}},
             "--bandwidths: 0 is below the minimum 1"},
            {analysis::symmetryAnalysis(),
             {{"out", "x"}, {"scaling", "max"}},
             "--scaling: 'max' is not one of none, unitnorm, optimal"},
            {analysis::symmetryAnalysis(), {}, "--out"},
        };
        for (const auto& c : cases) {
            std::string message;
            try {
                c.analysis.complete(c.values);
            } catch (const InvalidArgument& e) {
                message = e.what();
            }
            QVERIFY2(message.find(c.says) != std::string::npos,
                     qPrintable(QString::fromStdString(c.analysis.info().name + " " +
                                                       c.values.dump() + ": '" + message + "'")));
        }
        // With the set: one member is too few for a map, one group too few for MMD.
        io::CheckpointSet set = io::openCheckpointSet(set_, context_);
        set.members.resize(1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 analysis::projectionAnalysis().complete({}, &set));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, analysis::mmdAnalysis().complete({}, &set));
    }

    // run() on a workspace computes what the core functions compute.
    void analysesOnAWorkspaceGiveTheCoreNumbers() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, context_);
        analysis::SetWorkspace workspace(set);
        const analysis::Analysis& project = analysis::projectionAnalysis();
        const analysis::ParameterValues map =
            project.complete({{"symmetry", "scale+perm"}, {"components", 3}}, &set);
        const auto viaAnalysis =
            std::any_cast<SetProjection>(project.run(workspace, map, context_));
        SetProjectionOptions options =
            mapOptions(ProjectionMethod::Pca, WeightSpace::ScalingPermutation);
        options.components = 3;
        const SetProjection direct = projectSet(set, options, context_);
        QCOMPARE(viaAnalysis.explainedVarianceRatio, direct.explainedVarianceRatio);
        QVERIFY(viaAnalysis.coordinates == direct.coordinates);
        QCOMPARE(project.resultJson(viaAnalysis), toJson(direct));

        const analysis::Analysis& mmd = analysis::mmdAnalysis();
        const auto table = std::any_cast<SetMmd>(
            mmd.run(workspace, mmd.complete({{"symmetry", "scale+perm"}}, &set), context_));
        SpaceOptions space;
        space.space = WeightSpace::ScalingPermutation;
        QVERIFY(table.table.maximum == mmdOfSet(set, space, {}, context_).table.maximum);

        const analysis::Analysis& removal = analysis::symmetryAnalysis();
        const std::string out = dir_.path().toStdString() + "/via-analysis";
        const auto report = std::any_cast<SetSymmetryReport>(removal.run(
            workspace,
            removal.complete({{"out", out}, {"scaling", "optimal"}, {"permutation", "sort"}}),
            context_));
        QCOMPARE(report.members.size(), std::size_t(6));
        QVERIFY(std::filesystem::exists(out + "/symmetry-report.json"));
        QCOMPARE(removal.resultJson(report)["settings"],
                 nlohmann::json("scaling optimal, permutation sort (key first)"));
    }
};

QTEST_GUILESS_MAIN(TestSetSymmetry)
#include "TestSetSymmetry.moc"
