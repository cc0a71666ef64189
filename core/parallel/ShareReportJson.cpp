#include "core/parallel/ShareReportJson.h"

namespace modescape::parallel {

void addShareJson(nlohmann::json& j, const ShareReport& report, const std::string& rateKey) {
    const std::int64_t all = report.unitsComputed();
    nlohmann::json shares = nlohmann::json::array();
    for (const auto units : report.rankUnits)
        shares.push_back(all > 0 ? static_cast<double>(units) / static_cast<double>(all) : 0.0);
    j["ranks"] = report.ranks;
    j["rank_work"] = shares;
    j["devices"] = report.devices;
    j["units_computed"] = all;
    if (report.ranks > 1) {
        j["coordinator_seconds"] = report.coordinatorSeconds;
        j["messages"] = report.messages;
        j["message_bytes"] = report.bytes;
    }
    if (!rateKey.empty())
        j[rateKey] = report.seconds > 0 ? static_cast<double>(all) / report.seconds : 0.0;
}

}  // namespace modescape::parallel
