#include "core/landscape/LandscapeJournal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/common/Error.h"
#include "core/evaluation/ContentHash.h"
#include "core/io/OutputPath.h"
#include "core/io/WriteAll.h"

namespace modescape::landscape {

namespace {

constexpr char kMagic[] = "modescape-landscape-journal 1 ";

struct Record {
    std::int64_t index;
    double loss;
    double accuracy;
    std::uint64_t check;  // FNV-1a of the fields above: tells a damaged record
};
static_assert(sizeof(Record) == 32);

std::uint64_t checkOf(const Record& r) {
    std::uint64_t hash = 1469598103934665603ull;
    const auto* bytes = reinterpret_cast<const unsigned char*>(&r);
    for (std::size_t i = 0; i < offsetof(Record, check); ++i)
        hash = (hash ^ bytes[i]) * 1099511628211ull;
    return hash;
}

std::string header(const LandscapeResult& result) {
    return kMagic + journalKey(result) + "\n";
}

}  // namespace

std::string journalPathFor(const std::string& surfacePath) {
    return io::sidecarPathFor(surfacePath, ".journal");
}

std::string journalKey(const LandscapeResult& result) {
    evaluation::ContentHash hash;
    hash.add(result.xs.data(), result.xs.size() * sizeof(double));
    hash.add(result.ys.data(), result.ys.size() * sizeof(double));
    for (const auto& [name, value] : result.inputs.members)
        hash.add(name).add(value);
    hash.add(result.inputs.directionFile).add(result.inputs.data).add(result.inputs.model);
    return hash.hex();
}

LandscapeJournal::LandscapeJournal(const std::string& path, const LandscapeResult& result)
    : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw IoError(path, std::string("cannot create the journal: ") + std::strerror(errno));
    const std::string text = header(result);
    io::writeAll(fd_, text.data(), text.size(), path_, "the journal");
}

LandscapeJournal::~LandscapeJournal() {
    if (fd_ >= 0)
        ::close(fd_);
}

void LandscapeJournal::append(const std::vector<JournalPoint>& points) {
    std::vector<Record> records;
    records.reserve(points.size());
    for (const auto& p : points) {
        Record r{p.index, p.loss, p.accuracy, 0};
        r.check = checkOf(r);
        records.push_back(r);
    }
    // One write: the kernel has the records once it returns, so a killed
    // process loses none of them (a power cut may; the .h5 is synced).
    io::writeAll(fd_, records.data(), records.size() * sizeof(Record), path_, "the journal");
}

std::int64_t replayJournal(const std::string& path, LandscapeResult& result) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return -1;
    std::string line;
    if (!std::getline(in, line) || line + "\n" != header(result))
        return -1;
    result.computed = result.computedMask();
    std::int64_t applied = 0;
    Record r{};
    while (in.read(reinterpret_cast<char*>(&r), sizeof r)) {
        if (r.check != checkOf(r) || r.index < 0 ||
            static_cast<std::size_t>(r.index) >= result.loss.size())
            break;  // damaged: nothing after it is trusted
        const auto i = static_cast<std::size_t>(r.index);
        result.loss[i] = r.loss;
        result.accuracy[i] = r.accuracy;
        result.computed[i] = 1;
        ++applied;
    }
    return applied;
}

}  // namespace modescape::landscape
