#pragma once
// A checkpoint set whose members' predictions are given rather than computed,
// for testing the calibration views on known numbers through the "calibrate"
// analysis: one small MLP per member (distinct seeds, C outputs) on CSV
// datasets carrying the given labels, and each member's probabilities stored
// in the workspace's prediction cache under the key the analyses look up
// (model, weights, data). Every run on the workspace then reads exactly these
// float32 probabilities.

#include <ATen/ATen.h>

#include <QDir>
#include <QFile>
#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "core/analysis/SetWorkspace.h"
#include "core/io/set/OpenSet.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"

namespace modescape::test {

struct GivenPredictions {
    std::vector<std::string> groups, names;  // member m is groups[m]/names[m]
    std::int64_t classes = 2;
    std::vector<std::int64_t> labels;  // N
    std::vector<float> in;             // [M, N, C]
    std::int64_t oodSamples = 0;       // 0: no OOD split
    std::vector<float> out;            // [M, oodSamples, C]
};

namespace detail {

// N rows "x0,x1,label": inputs (n, -n) (only their hash matters), the given labels.
inline void writeCsv(const QString& path, const std::vector<std::int64_t>& labels) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write("x0,x1,label\n");
    for (std::size_t n = 0; n < labels.size(); ++n)
        file.write(QString("%1,%2,%3\n").arg(n).arg(-double(n)).arg(labels[n]).toUtf8());
}

inline at::Tensor memberSlice(const std::vector<float>& all, std::size_t m, std::int64_t rows,
                              std::int64_t classes) {
    const auto cells = static_cast<std::size_t>(rows * classes);
    std::vector<float> part(all.begin() + std::ptrdiff_t(m * cells),
                            all.begin() + std::ptrdiff_t((m + 1) * cells));
    return at::from_blob(part.data(), {rows, classes}, at::kFloat).clone();
}

}  // namespace detail

// The set is written to `folder` (its CSV files beside it, in `folder`-data),
// the cache to `folder`-cache.
inline std::shared_ptr<analysis::SetWorkspace> workspaceWithPredictions(
    const QString& folder, const GivenPredictions& given) {
    const QString data = folder + "-data";
    QDir().mkpath(data);
    detail::writeCsv(data + "/test.csv", given.labels);
    const int classes = static_cast<int>(given.classes);
    const model::MlpModel mlp(model::MlpConfig{{2, 3, classes}});
    std::vector<sampling::Member> members;
    for (std::size_t m = 0; m < given.names.size(); ++m)
        members.push_back({given.names[m], given.groups[m], mlp.initialParameters(int(m) + 1), {}});
    sampling::SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 3, classes}}}}};
    description.datasets = {{"test", "csv:" + (data + "/test.csv").toStdString() + ",norm=none"}};
    if (given.oodSamples > 0) {
        detail::writeCsv(data + "/ood.csv", std::vector<std::int64_t>(given.oodSamples, 0));
        description.datasets["ood"] = "csv:" + (data + "/ood.csv").toStdString() + ",norm=none";
    }
    sampling::writeCheckpointSet(folder.toStdString(), description, members);
    auto workspace = std::make_shared<analysis::SetWorkspace>(
        io::openCheckpointSet(folder.toStdString(), {}), (folder + "-cache").toStdString());
    evaluation::LoadedSet& loaded = workspace->loaded();
    const auto samples = static_cast<std::int64_t>(given.labels.size());
    for (std::size_t m = 0; m < given.names.size(); ++m) {
        const std::string name = given.groups[m] + "/" + given.names[m] + ".safetensors";
        const auto weights = loaded.weights(name);
        const auto& cache = workspace->predictions();
        cache.store(cache.key(loaded.modelDescription(), weights, loaded.dataset("test")),
                    detail::memberSlice(given.in, m, samples, given.classes));
        if (given.oodSamples > 0)
            cache.store(cache.key(loaded.modelDescription(), weights, loaded.dataset("ood")),
                        detail::memberSlice(given.out, m, given.oodSamples, given.classes));
    }
    return workspace;
}

}  // namespace modescape::test
