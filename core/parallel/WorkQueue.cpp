#include "core/parallel/WorkQueue.h"

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"

namespace modescape::parallel {

WorkQueue::WorkQueue(std::vector<std::int64_t> units, std::size_t chunkSize)
    : units_(std::move(units)), chunkSize_(std::max<std::size_t>(chunkSize, 1)) {}

std::vector<std::int64_t> WorkQueue::take(std::size_t chunks) {
    const std::size_t count = std::min(chunks * chunkSize_, remaining());
    std::vector<std::int64_t> out(units_.begin() + static_cast<std::ptrdiff_t>(next_),
                                  units_.begin() + static_cast<std::ptrdiff_t>(next_ + count));
    next_ += count;
    return out;
}

namespace {

std::int64_t wholeNumber(double value) {
    if (!std::isfinite(value) || value < 0 || value != std::floor(value))
        throw FormatError("work message", "a count or unit is not a whole number");
    return static_cast<std::int64_t>(value);
}

}  // namespace

std::vector<double> encodeReport(const WorkReport& report) {
    std::vector<double> message{static_cast<double>(report.wanted),
                                static_cast<double>(report.width),
                                static_cast<double>(report.units.size())};
    for (const auto unit : report.units)
        message.push_back(static_cast<double>(unit));
    message.insert(message.end(), report.values.begin(), report.values.end());
    return message;
}

WorkReport decodeReport(const std::vector<double>& message) {
    if (message.size() < 3)
        throw FormatError("work message", "a report is shorter than its header");
    WorkReport report;
    report.wanted = static_cast<int>(wholeNumber(message[0]));
    report.width = static_cast<std::size_t>(wholeNumber(message[1]));
    const auto count = static_cast<std::size_t>(wholeNumber(message[2]));
    if (message.size() != 3 + count * (1 + report.width))
        throw FormatError("work message", "a report's length does not match its unit count");
    for (std::size_t i = 0; i < count; ++i)
        report.units.push_back(wholeNumber(message[3 + i]));
    report.values.assign(message.begin() + static_cast<std::ptrdiff_t>(3 + count), message.end());
    return report;
}

std::vector<double> encodeUnits(const std::vector<std::int64_t>& units) {
    return {units.begin(), units.end()};
}

std::vector<std::int64_t> decodeUnits(const std::vector<double>& message) {
    std::vector<std::int64_t> units;
    for (const double value : message)
        units.push_back(wholeNumber(value));
    return units;
}

}  // namespace modescape::parallel
