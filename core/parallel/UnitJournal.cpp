#include "core/parallel/UnitJournal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/io/WriteAll.h"

namespace modescape::parallel {

namespace {

constexpr char kMagic[] = "modescape-unit-journal 1 ";

// FNV-1a over a record's bytes before its checksum: tells a damaged record.
std::uint64_t fnv(const char* data, std::size_t size, std::uint64_t hash = 1469598103934665603ull) {
    for (std::size_t i = 0; i < size; ++i)
        hash = (hash ^ static_cast<unsigned char>(data[i])) * 1099511628211ull;
    return hash;
}

template <class T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <class T>
bool get(std::ifstream& in, T& value) {
    return static_cast<bool>(in.read(reinterpret_cast<char*>(&value), sizeof value));
}

std::string headerOf(const std::string& key) {
    return kMagic + key + "\n";
}

// A record: unit count, units, payload bytes, payload, checksum. Its head
// (what comes before the payload) and its checksum, so that a large payload
// is written as it is, never copied into the record.
std::string recordHeadOf(const std::vector<std::int64_t>& units, const std::string& payload) {
    std::string head;
    put(head, static_cast<std::uint64_t>(units.size()));
    head.append(reinterpret_cast<const char*>(units.data()), units.size() * sizeof(std::int64_t));
    put(head, static_cast<std::uint64_t>(payload.size()));
    return head;
}

std::uint64_t checksumOf(const std::string& head, const std::string& payload) {
    return fnv(payload.data(), payload.size(), fnv(head.data(), head.size()));
}

}  // namespace

std::string unitJournalPathFor(const std::string& out) {
    return io::sidecarPathFor(out, ".journal");
}

UnitJournalContents readUnitJournal(const std::string& path, const std::string& key,
                                    std::int64_t unitCount) {
    UnitJournalContents contents;
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return contents;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line) || line.rfind(kMagic, 0) != 0)
        throw IoError(path,
                      "exists and is not a journal of finished units that Modescape wrote; "
                      "move it away or choose another --out");
    if (line + "\n" != headerOf(key)) {
        contents.state = UnitJournalContents::State::OtherKey;
        return contents;
    }
    contents.state = UnitJournalContents::State::Ours;
    const auto size = static_cast<std::uint64_t>(std::filesystem::file_size(path, error));
    std::uint64_t at = line.size() + 1;
    contents.wholeBytes = at;
    for (;;) {
        // A record: unit count, units, payload bytes, payload, checksum.
        std::uint64_t count = 0, bytes = 0, check = 0;
        if (!get(in, count) || count == 0 || count > std::uint64_t(unitCount))
            break;
        std::string record;
        put(record, count);
        JournaledChunk chunk;
        chunk.units.resize(count);
        if (!in.read(reinterpret_cast<char*>(chunk.units.data()),
                     std::streamsize(count * sizeof(std::int64_t))))
            break;
        bool inRange = true;
        for (const std::int64_t u : chunk.units)
            inRange = inRange && u >= 0 && u < unitCount;
        record.append(reinterpret_cast<const char*>(chunk.units.data()),
                      count * sizeof(std::int64_t));
        if (!inRange || !get(in, bytes) || bytes > size - std::min(size, at))
            break;
        put(record, bytes);
        chunk.payload.resize(bytes);
        if (!in.read(chunk.payload.data(), std::streamsize(bytes)) || !get(in, check))
            break;
        if (check != fnv(chunk.payload.data(), bytes, fnv(record.data(), record.size())))
            break;  // damaged: nothing after it is trusted
        at += record.size() + bytes + sizeof check;
        contents.wholeBytes = at;
        contents.chunks.push_back(std::move(chunk));
    }
    return contents;
}

UnitJournal::UnitJournal(const std::string& path, const std::string& key, std::uint64_t wholeBytes)
    : path_(path) {
    if (wholeBytes == 0) {
        io::writeFileAtomically(path, headerOf(key));
    } else if (::truncate(path.c_str(), static_cast<off_t>(wholeBytes)) != 0) {
        throw IoError(path, std::string("cannot cut the journal's torn last record: ") +
                                std::strerror(errno));
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0)
        throw IoError(path, std::string("cannot open the journal: ") + std::strerror(errno));
}

UnitJournal::~UnitJournal() {
    if (fd_ >= 0)
        ::close(fd_);
}

void UnitJournal::append(const std::vector<std::int64_t>& units, const std::string& payload) {
    std::string record = recordHeadOf(units, payload);
    const std::uint64_t check = checksumOf(record, payload);
    record += payload;
    put(record, check);
    // One write: the kernel has the record once it returns, so a killed
    // process loses none of it (a power cut may).
    io::writeAll(fd_, record.data(), record.size(), path_, "the journal");
}

void replaceUnitJournal(const std::string& path, const std::string& key,
                        const std::vector<std::int64_t>& units, const std::string& payload) {
    const std::string head = recordHeadOf(units, payload);
    const std::uint64_t check = checksumOf(head, payload);
    io::writeFileAtomically(path, [&](std::ostream& out) {
        out << headerOf(key);
        out.write(head.data(), std::streamsize(head.size()));
        out.write(payload.data(), std::streamsize(payload.size()));
        out.write(reinterpret_cast<const char*>(&check), sizeof check);
    });
}

}  // namespace modescape::parallel
