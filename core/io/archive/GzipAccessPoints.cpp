// The gzip tar source of the indexing pass (recording access points) and the
// restart from an access point when an entry is read.

#include "core/io/archive/GzipAccessPoints.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <deque>

#include "core/common/Error.h"
#include "core/io/archive/TarByteSource.h"

namespace modescape::io::archive {
namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;
constexpr std::size_t kInputBytes = 256 * 1024;
// Block boundaries remembered until the indexer says where the next entry's
// data starts; libarchive is at most a chunk or two behind the inflater.
constexpr std::size_t kCandidates = 64;

std::string zlibProblem(const z_stream& stream, int code) {
    return stream.msg != nullptr ? stream.msg : ("zlib error " + std::to_string(code));
}

std::string deflateWindow(const unsigned char* data, std::size_t size) {
    uLongf length = compressBound(static_cast<uLong>(size));
    std::string out(length, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &length, data, static_cast<uLong>(size),
                  Z_DEFAULT_COMPRESSION) != Z_OK)
        throw std::bad_alloc();
    out.resize(length);
    return out;
}

std::vector<unsigned char> inflateWindow(const GzipAccessPoint& point, const std::string& what,
                                         const std::string& path) {
    std::vector<unsigned char> window(point.windowSize);
    uLongf length = point.windowSize;
    if (point.windowSize > 0 &&
        (uncompress(window.data(), &length,
                    reinterpret_cast<const Bytef*>(point.deflatedWindow.data()),
                    static_cast<uLong>(point.deflatedWindow.size())) != Z_OK ||
         length != point.windowSize))
        throw FormatError(path, what + ": the archive index is damaged; open the archive again");
    return window;
}

// Inflates a gzip stream (possibly several members), remembering deflate
// block boundaries with their windows.
class GzipTarSource : public TarByteSource {
  public:
    GzipTarSource(const ArchiveFile& file, const JobContext& context)
        : TarByteSource(file, context), in_(kInputBytes), out_(kGzipWindowBytes + kChunkBytes) {
        if (inflateInit2(&stream_, 15 + 32) != Z_OK)
            throw std::bad_alloc();
    }
    ~GzipTarSource() override { inflateEnd(&stream_); }

    std::pair<const char*, std::size_t> next() override {
        raiseDeferredFault();
        slideWindow();
        unsigned char* const chunk = out_.data() + kGzipWindowBytes;
        std::size_t filled = 0;
        while (filled < kChunkBytes && !ended_ && !deferredTruncation_ && deferredFault_.empty()) {
            if (stream_.avail_in == 0 && !refill())
                break;
            if (memberEnded_) {
                startNextMember();
                continue;
            }
            stream_.next_out = chunk + filled;
            stream_.avail_out = static_cast<uInt>(kChunkBytes - filled);
            const int code = inflate(&stream_, Z_BLOCK);
            if (code != Z_OK && code != Z_BUF_ERROR && code != Z_STREAM_END) {
                // What this call made is suspect; what came before goes out first.
                deferredFault_ = "the gzip stream is corrupt near compressed byte " +
                                 std::to_string(position_ - stream_.avail_in) + " (" +
                                 zlibProblem(stream_, code) + ")";
                break;
            }
            const std::size_t made = kChunkBytes - filled - stream_.avail_out;
            filled += made;
            produced_ += made;
            if (code == Z_STREAM_END)
                memberEnded_ = true;
            else if ((stream_.data_type & 128) != 0 && (stream_.data_type & 64) == 0)
                rememberBoundary(chunk + filled);
        }
        chunkSize_ = filled;
        if (filled == 0)
            raiseDeferredFault();
        return {reinterpret_cast<const char*>(chunk), filled};
    }

    void entryDataStartsAt(std::uint64_t offset) override {
        // The latest boundary at or before offset.
        const GzipAccessPoint* best = nullptr;
        for (const GzipAccessPoint& candidate : candidates_)
            if (candidate.out <= offset)
                best = &candidate;
        if (best == nullptr)
            return;
        if (!kept_.empty() && best->out < kept_.back().out + kAccessPointSpacing)
            return;
        GzipAccessPoint point = *best;
        point.deflatedWindow = deflateWindow(
            reinterpret_cast<const unsigned char*>(point.deflatedWindow.data()), point.windowSize);
        kept_.push_back(std::move(point));
    }

    std::vector<GzipAccessPoint> takeAccessPoints() override { return std::move(kept_); }

  private:
    // Keeps the last 32 KiB of output before the chunk about to be made.
    void slideWindow() {
        std::memmove(out_.data(), out_.data() + chunkSize_, kGzipWindowBytes);
        chunkSize_ = 0;
    }

    bool refill() {
        const std::size_t got = file_.readAt(in_.data(), in_.size(), position_);
        position_ += got;
        noteCompressedRead(position_);
        stream_.next_in = in_.data();
        stream_.avail_in = static_cast<uInt>(got);
        if (got > 0)
            return true;
        if (memberEnded_)
            ended_ = true;
        else
            deferredTruncation_ = true;
        return false;
    }

    // A fault found while making the previous block is raised once the
    // bytes before it have been handed out.
    void raiseDeferredFault() {
        if (deferredTruncation_)
            failTruncated("the gzip stream ends early (the archive is truncated)");
        if (!deferredFault_.empty())
            failCorrupt(deferredFault_);
    }

    // After a member's end: another member follows (gzip magic) or the stream
    // ends (trailing bytes other than a member are ignored, as gzip does).
    void startNextMember() {
        while (stream_.avail_in < 2) {
            const std::size_t keep = stream_.avail_in;
            std::memmove(in_.data(), stream_.next_in, keep);
            const std::size_t got = file_.readAt(in_.data() + keep, in_.size() - keep, position_);
            position_ += got;
            stream_.next_in = in_.data();
            stream_.avail_in = static_cast<uInt>(keep + got);
            if (got == 0)
                break;
        }
        if (stream_.avail_in < 2 || stream_.next_in[0] != 0x1f || stream_.next_in[1] != 0x8b) {
            ended_ = true;
            return;
        }
        inflateReset(&stream_);
        memberEnded_ = false;
    }

    void rememberBoundary(const unsigned char* at) {
        GzipAccessPoint point;
        point.out = produced_;
        point.in = position_ - stream_.avail_in;
        point.bits = stream_.data_type & 7;
        point.windowSize =
            static_cast<std::uint32_t>(std::min<std::uint64_t>(produced_, kGzipWindowBytes));
        // Raw for now; deflated only when kept.
        point.deflatedWindow.assign(reinterpret_cast<const char*>(at) - point.windowSize,
                                    point.windowSize);
        candidates_.push_back(std::move(point));
        if (candidates_.size() > kCandidates)
            candidates_.pop_front();
        if (kept_.empty() && candidates_.back().out == 0)
            entryDataStartsAt(0);  // the stream's start is always a point
    }

    z_stream stream_{};
    std::vector<unsigned char> in_;
    std::vector<unsigned char> out_;
    std::size_t chunkSize_ = 0;
    std::uint64_t position_ = 0;
    bool memberEnded_ = false;
    bool ended_ = false;
    bool deferredTruncation_ = false;
    std::string deferredFault_;
    std::deque<GzipAccessPoint> candidates_;
    std::vector<GzipAccessPoint> kept_;
};

// Raw inflation from an access point, across member boundaries.
class PointInflater {
  public:
    PointInflater(const ArchiveFile& file, const GzipAccessPoint& point, const std::string& what)
        : file_(file), what_(what), in_(kInputBytes) {
        if (inflateInit2(&stream_, -15) != Z_OK)
            throw std::bad_alloc();
        position_ = point.in - (point.bits != 0 ? 1 : 0);
        if (point.bits != 0) {
            unsigned char byte = 0;
            file_.readExactlyAt(&byte, 1, position_, what_);
            ++position_;
            inflatePrime(&stream_, point.bits, byte >> (8 - point.bits));
        }
        const std::vector<unsigned char> window = inflateWindow(point, what_, file_.path());
        if (!window.empty())
            inflateSetDictionary(&stream_, window.data(), static_cast<uInt>(window.size()));
    }
    ~PointInflater() { inflateEnd(&stream_); }
    PointInflater(const PointInflater&) = delete;
    PointInflater& operator=(const PointInflater&) = delete;

    // Fills exactly size bytes or throws.
    void produce(unsigned char* out, std::size_t size) {
        stream_.next_out = out;
        stream_.avail_out = static_cast<uInt>(size);
        while (stream_.avail_out > 0) {
            if (stream_.avail_in == 0)
                refill();
            const int code = inflate(&stream_, Z_NO_FLUSH);
            if (code == Z_STREAM_END) {
                nextMember();
                continue;
            }
            if (code != Z_OK && code != Z_BUF_ERROR)
                throw FormatError(file_.path(), what_ + ": the gzip stream is corrupt (" +
                                                    zlibProblem(stream_, code) +
                                                    "); the archive changed since it was "
                                                    "indexed? open it again");
        }
    }

  private:
    void refill() {
        const std::size_t got = file_.readAt(in_.data(), in_.size(), position_);
        if (got == 0)
            throw FormatError(file_.path(), what_ +
                                                ": the gzip stream ends early; the archive "
                                                "changed since it was indexed; open it again");
        position_ += got;
        stream_.next_in = in_.data();
        stream_.avail_in = static_cast<uInt>(got);
    }

    // Past a member's end: skip its 8-byte trailer, then inflate the next
    // member with its gzip header.
    void nextMember() {
        for (int skipped = 0; skipped < 8; ++skipped) {
            if (stream_.avail_in == 0)
                refill();
            ++stream_.next_in;
            --stream_.avail_in;
        }
        inflateReset2(&stream_, 15 + 16);
    }

    const ArchiveFile& file_;
    const std::string& what_;
    z_stream stream_{};
    std::vector<unsigned char> in_;
    std::uint64_t position_ = 0;
};

}  // namespace

std::unique_ptr<TarByteSource> makeGzipTarSource(const ArchiveFile& file,
                                                 const JobContext& context) {
    return std::make_unique<GzipTarSource>(file, context);
}

std::string inflateGzipRange(const ArchiveFile& file, const std::vector<GzipAccessPoint>& points,
                             std::uint64_t offset, std::uint64_t size, const std::string& what) {
    auto after = std::upper_bound(
        points.begin(), points.end(), offset,
        [](std::uint64_t value, const GzipAccessPoint& point) { return value < point.out; });
    if (after == points.begin())
        throw FormatError(file.path(), what +
                                           ": the archive index has no access point; open "
                                           "the archive again");
    const GzipAccessPoint& point = *(after - 1);
    PointInflater inflater(file, point, what);

    std::vector<unsigned char> scratch(kChunkBytes);
    for (std::uint64_t skip = offset - point.out; skip > 0;) {
        const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(skip, scratch.size()));
        inflater.produce(scratch.data(), step);
        skip -= step;
    }
    std::string bytes(size, '\0');
    for (std::uint64_t done = 0; done < size;) {
        const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(size - done, 1u << 30));
        inflater.produce(reinterpret_cast<unsigned char*>(bytes.data()) + done, step);
        done += step;
    }
    return bytes;
}

}  // namespace modescape::io::archive
