#include "core/analysis/ResultFileJson.h"

#include "core/analysis/JsonResultFile.h"
#include "core/common/Error.h"
#include "core/connectivity/PathReport.h"

namespace modescape::analysis {

namespace {

using nlohmann::json;

projection::MmdValue mmdValueFromJson(const json& j) {
    projection::MmdValue value;
    value.kernel =
        parseWord(j.at("kernel").get<std::string>(), projection::kMmdKernelWords, "kernel");
    value.bandwidth = numberOrNan(j.at("bandwidth"));
    value.mmd2 = numberOrNan(j.at("mmd2"));
    return value;
}

// The rows of an n x n table, one after the other.
std::vector<double> flattened(const json& rows, std::size_t n) {
    std::vector<double> values;
    for (std::size_t i = 0; i < n; ++i) {
        const std::vector<double> row = numbersOrNan(rows.at(i));
        if (row.size() != n)
            throw InvalidArgument("a table row of " + std::to_string(row.size()) + " values for " +
                                  std::to_string(n) + " members");
        values.insert(values.end(), row.begin(), row.end());
    }
    return values;
}

}  // namespace

json projectionFileJson(const symmetry::SetProjection& projection) {
    json out = symmetry::toJson(projection);
    out["explained_variance_ratio_all"] = projection.explainedVarianceRatio;
    return out;
}

symmetry::SetProjection projectionFromFileJson(const json& j) {
    symmetry::SetProjection p;
    p.method = j.at("method").get<std::string>();
    p.space = j.at("space").get<std::string>();
    p.distance = j.at("distance").get<std::string>();
    p.dimensions = j.at("dimensions").get<std::int64_t>();
    p.notes = j.at("notes").get<std::vector<std::string>>();
    p.explainedVarianceRatio = j.at("explained_variance_ratio_all").get<std::vector<double>>();
    p.kl = j.value("kl", -1.0);
    p.algorithm = j.value("algorithm", std::string());
    const auto components = j.at("components").get<Eigen::Index>();
    if (components < 1 || components > 3)
        throw InvalidArgument("a map of " + std::to_string(components) + " components");
    const json& points = j.at("points");
    p.coordinates.resize(Eigen::Index(points.size()), components);
    const char* axes[] = {"x", "y", "z"};
    for (std::size_t i = 0; i < points.size(); ++i) {
        p.members.push_back(points[i].at("name").get<std::string>());
        p.groups.push_back(points[i].at("group").get<std::string>());
        for (Eigen::Index c = 0; c < components; ++c)
            p.coordinates(Eigen::Index(i), c) = numberOrNan(points[i].at(axes[c]));
    }
    return p;
}

json mmdFileJson(const symmetry::SetMmd& mmd) {
    json out = symmetry::toJson(mmd);
    out["member_names"] = mmd.members;
    return out;
}

symmetry::SetMmd mmdFromFileJson(const json& j) {
    symmetry::SetMmd m;
    m.space = j.at("space").get<std::string>();
    m.algorithm = j.at("algorithm").get<std::string>();
    m.notes = j.at("notes").get<std::vector<std::string>>();
    m.members = j.at("member_names").get<std::vector<std::string>>();
    m.table.groups = j.at("groups").get<std::vector<std::string>>();
    const std::size_t g = m.table.groups.size();
    const std::vector<double> maximum = flattened(j.at("max_mmd2"), g);
    m.table.maximum.resize(Eigen::Index(g), Eigen::Index(g));
    for (std::size_t a = 0; a < g; ++a)
        for (std::size_t b = 0; b < g; ++b)
            m.table.maximum(Eigen::Index(a), Eigen::Index(b)) = maximum[a * g + b];
    for (const json& pair : j.at("pairs")) {
        projection::MmdResult result;
        result.maximum = mmdValueFromJson(pair.at("max"));
        for (const json& value : pair.at("values"))
            result.values.push_back(mmdValueFromJson(value));
        m.table.pairs.push_back(std::move(result));
    }
    return m;
}

connectivity::BarrierMatrix barrierMatrixFromFileJson(const json& j) {
    connectivity::BarrierMatrix m;
    m.members = j.at("members").get<std::vector<std::string>>();
    m.kind = connectivity::parsePathKind(j.at("path").get<std::string>());
    m.split = j.at("barrier_split").get<std::string>();
    m.interpolated = flattened(j.at("barrier_interpolated"), m.size());
    m.endpointMean = flattened(j.at("barrier_endpoint_mean"), m.size());
    m.memberLoss = numbersOrNan(j.at("member_train_loss"));
    m.threshold = j.at("threshold").get<double>();
    m.basin = j.at("basins").get<std::vector<int>>();
    m.basinCount = j.at("basin_count").get<int>();
    m.seconds = j.at("seconds").get<double>();
    return m;
}

json panelsFileJson(const symmetry::SymmetryPanelsResult& panels) {
    json out = symmetry::toJson(panels);
    if (panels.mmd)
        out["mmd"] = mmdFileJson(*panels.mmd);
    return out;
}

symmetry::SymmetryPanelsResult panelsFromFileJson(const json& j) {
    symmetry::SymmetryPanelsResult r;
    symmetry::SymmetryPanelData& d = r.data;
    d.removedSpace = j.at("removed_space").get<std::string>();
    d.pairTensor = j.at("pair").at("tensor").get<std::string>();
    d.elementA = j.at("pair").at("a").get<std::int64_t>();
    d.elementB = j.at("pair").at("b").get<std::int64_t>();
    d.indexTensor = j.at("index_tensor").get<std::string>();
    d.units = j.at("units").get<int>();
    for (const json& member : j.at("members")) {
        d.members.push_back(member.at("name").get<std::string>());
        d.groups.push_back(member.at("group").get<std::string>());
        d.rawA.push_back(numberOrNan(member.at("raw").at(0)));
        d.rawB.push_back(numberOrNan(member.at("raw").at(1)));
        d.removedA.push_back(numberOrNan(member.at("removed").at(0)));
        d.removedB.push_back(numberOrNan(member.at("removed").at(1)));
        d.rawMaxUnit.push_back(member.at("raw_max_unit").get<int>());
        d.removedMaxUnit.push_back(member.at("removed_max_unit").get<int>());
        d.mass.push_back(numberOrNan(member.at("mass")));
        d.minimalMass.push_back(numberOrNan(member.at("minimal_mass")));
        d.excessMass.push_back(numberOrNan(member.at("excess_mass")));
    }
    r.histograms = symmetry::binSymmetryPanels(d, j.at("histograms").at("bins").get<int>());
    if (j.contains("mmd"))
        r.mmd = mmdFromFileJson(j.at("mmd"));
    else
        r.mmdMessage = j.at("mmd_message").get<std::string>();
    return r;
}

}  // namespace modescape::analysis
