#include "core/connectivity/PathReport.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace modescape::connectivity {
namespace {

// JSON has no NaN: points not evaluated become null.
nlohmann::json numbers(const std::vector<double>& values) {
    nlohmann::json a = nlohmann::json::array();
    for (double v : values)
        a.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
    return a;
}

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json barrierJson(const Barrier& b) {
    return {{"interpolated", number(b.interpolated)},
            {"endpoint_mean", number(b.endpointMean)},
            {"t_at_max", b.tAtMax}};
}

nlohmann::json square(const std::vector<double>& values, std::size_t n) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i)
        rows.push_back(
            numbers(std::vector<double>(values.begin() + i * n, values.begin() + (i + 1) * n)));
    return rows;
}

std::string formatted(double v) {
    if (!std::isfinite(v))
        return "nan";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

}  // namespace

nlohmann::json toJson(const PathResult& r) {
    nlohmann::json barriers{{"train", barrierJson(r.trainBarrier)}};
    if (!r.testLoss.empty())
        barriers["test"] = barrierJson(r.testBarrier);
    return {{"path", pathKindName(r.kind)},
            {"bends", r.bends},
            {"a", r.memberA},
            {"b", r.memberB},
            {"t", r.t},
            {"train_loss", numbers(r.trainLoss)},
            {"train_acc", numbers(r.trainAccuracy)},
            {"test_loss", numbers(r.testLoss)},
            {"test_acc", numbers(r.testAccuracy)},
            {"barrier", number(r.barrier())},
            {"barrier_split", "train"},
            {"barrier_definition", "interpolated"},
            {"barrier_interpolated", number(r.trainBarrier.interpolated)},
            {"barrier_endpoint_mean", number(r.trainBarrier.endpointMean)},
            {"barriers", barriers},
            {"length", r.length},
            {"endpoint_distance", r.endpointDistance},
            {"epoch_loss", numbers(r.epochLoss)},
            {"training_seconds", r.trainingSeconds},
            {"seconds", r.seconds}};
}

nlohmann::json toJson(const BarrierMatrix& m) {
    return {{"members", m.members},
            {"path", pathKindName(m.kind)},
            {"barrier_split", "train"},
            {"barrier_interpolated", square(m.interpolated, m.size())},
            {"barrier_endpoint_mean", square(m.endpointMean, m.size())},
            {"member_train_loss", numbers(m.memberLoss)},
            {"threshold", m.threshold},
            {"basins", m.basin},
            {"basin_count", m.basinCount},
            {"seconds", m.seconds}};
}

std::string pathCsv(const PathResult& r) {
    const bool test = !r.testLoss.empty();
    std::string out =
        test ? "t,train_loss,train_acc,test_loss,test_acc\n" : "t,train_loss,train_acc\n";
    for (std::size_t i = 0; i < r.t.size(); ++i) {
        out += formatted(r.t[i]) + "," + formatted(r.trainLoss[i]) + "," +
               formatted(r.trainAccuracy[i]);
        if (test)
            out += "," + formatted(r.testLoss[i]) + "," + formatted(r.testAccuracy[i]);
        out += "\n";
    }
    return out;
}

}  // namespace modescape::connectivity
