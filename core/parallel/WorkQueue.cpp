#include "core/parallel/WorkQueue.h"

#include <algorithm>
#include <cstring>

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

std::size_t chunkSizeFor(std::size_t todo, int ranks, std::size_t most) {
    const std::size_t quarters = 4 * static_cast<std::size_t>(std::max(ranks, 1));
    const std::size_t share = (todo + quarters - 1) / quarters;
    return std::max<std::size_t>(std::min(most, share), 1);
}

namespace {

void putInteger(std::string& out, std::int64_t value) {
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    out.append(bytes, sizeof value);
}

std::int64_t integerAt(const std::string& in, std::size_t offset) {
    std::int64_t value = 0;
    std::memcpy(&value, in.data() + offset, sizeof value);
    return value;
}

constexpr std::size_t kWord = sizeof(std::int64_t);

}  // namespace

std::string encodeReport(const WorkReport& report) {
    std::string message;
    putInteger(message, report.wanted);
    message += encodeUnits(report.units);
    return message + report.payload;
}

WorkReport decodeReport(const std::string& message) {
    if (message.size() < 2 * kWord)
        throw FormatError("work message", "a report is shorter than its header");
    WorkReport report;
    const std::int64_t wanted = integerAt(message, 0);
    const std::int64_t count = integerAt(message, kWord);
    if (wanted < 0 || wanted > 1024 || count < 0 ||
        static_cast<std::uint64_t>(count) > (message.size() - 2 * kWord) / kWord)
        throw FormatError("work message", "a report's header does not fit its length");
    report.wanted = static_cast<int>(wanted);
    const auto units = static_cast<std::size_t>(count);
    report.units = decodeUnits(message.substr(kWord, (1 + units) * kWord));
    report.payload = message.substr((2 + units) * kWord);
    return report;
}

std::string encodeUnits(const std::vector<std::int64_t>& units) {
    std::string message;
    putInteger(message, static_cast<std::int64_t>(units.size()));
    for (const auto unit : units)
        putInteger(message, unit);
    return message;
}

std::vector<std::int64_t> decodeUnits(const std::string& message) {
    if (message.size() < kWord || message.size() % kWord != 0 ||
        integerAt(message, 0) != static_cast<std::int64_t>(message.size() / kWord - 1))
        throw FormatError("work message", "a list of units does not match its count");
    std::vector<std::int64_t> units;
    for (std::size_t offset = kWord; offset < message.size(); offset += kWord) {
        const std::int64_t unit = integerAt(message, offset);
        if (unit < 0)
            throw FormatError("work message", "a unit is negative");
        units.push_back(unit);
    }
    return units;
}

std::string packDoubles(const std::vector<double>& values) {
    std::string bytes(values.size() * sizeof(double), '\0');
    if (!values.empty())
        std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

std::vector<double> unpackDoubles(const std::string& bytes) {
    if (bytes.size() % sizeof(double) != 0)
        throw FormatError("work message", "a payload of numbers has a torn last number");
    std::vector<double> values(bytes.size() / sizeof(double));
    if (!values.empty())
        std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
}

}  // namespace modescape::parallel
