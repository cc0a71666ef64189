// The plain and zstd tar sources, and what every source shares.

#include "core/io/archive/TarByteSource.h"

#include <zstd.h>

#include <algorithm>
#include <filesystem>

#include "core/common/Error.h"

namespace modescape::io::archive {

namespace {
constexpr std::uint64_t kReportEveryBytes = 4ull << 20;
constexpr std::size_t kPlainBlockBytes = 1 << 20;
}  // namespace

TarByteSource::TarByteSource(const ArchiveFile& file, const JobContext& context)
    : file_(file), context_(context) {}

void TarByteSource::noteCompressedRead(std::uint64_t position) {
    if (position - lastReport_ < kReportEveryBytes && position < file_.identity().size)
        return;
    lastReport_ = position;
    context_.checkCancelled();
    const std::uint64_t total = std::max<std::uint64_t>(file_.identity().size, 1);
    const std::string name = std::filesystem::path(file_.path()).filename().string();
    context_.report(static_cast<double>(position) / static_cast<double>(total),
                    "indexing " + name + ": " + std::to_string(position >> 20) + " of " +
                        std::to_string(total >> 20) + " MB");
}

void TarByteSource::failTruncated(const std::string& what) {
    truncated_ = true;
    fault_ = what;
    throw FormatError(file_.path(), what);
}

void TarByteSource::failCorrupt(const std::string& what) {
    fault_ = what;
    throw FormatError(file_.path(), what);
}

namespace {

// The file as it is; skipping is free.
class PlainTarSource : public TarByteSource {
  public:
    using TarByteSource::TarByteSource;

    std::pair<const char*, std::size_t> next() override {
        buffer_.resize(kPlainBlockBytes);
        const std::size_t got = file_.readAt(buffer_.data(), buffer_.size(), position_);
        position_ += got;
        produced_ += got;
        // Asked for more after the last byte: the tar ends early, if this
        // turns out to be a fault.
        truncated_ = got == 0;
        noteCompressedRead(position_);
        return {buffer_.data(), got};
    }

    std::uint64_t skip(std::uint64_t request) override {
        const std::uint64_t left =
            file_.identity().size - std::min(position_, file_.identity().size);
        const std::uint64_t skipped = std::min(request, left);
        truncated_ = skipped < request;
        position_ += skipped;
        produced_ += skipped;
        noteCompressedRead(position_);
        return skipped;
    }

  private:
    std::vector<char> buffer_;
    std::uint64_t position_ = 0;
};

// A zstd stream (one or more frames), decompressed with ZSTD_decompressStream.
class ZstdTarSource : public TarByteSource {
  public:
    ZstdTarSource(const ArchiveFile& file, const JobContext& context)
        : TarByteSource(file, context),
          stream_(ZSTD_createDStream()),
          in_(ZSTD_DStreamInSize()),
          out_(ZSTD_DStreamOutSize()) {
        if (stream_ == nullptr)
            throw std::bad_alloc();
        ZSTD_initDStream(stream_);
        input_ = {in_.data(), 0, 0};
    }
    ~ZstdTarSource() override { ZSTD_freeDStream(stream_); }

    std::pair<const char*, std::size_t> next() override {
        ZSTD_outBuffer output{out_.data(), out_.size(), 0};
        while (output.pos == 0) {
            if (input_.pos == input_.size) {
                const std::size_t got = file_.readAt(in_.data(), in_.size(), position_);
                position_ += got;
                noteCompressedRead(position_);
                input_ = {in_.data(), got, 0};
                if (got == 0) {
                    if (frameOpen_)
                        failTruncated("the zstd stream ends early (the archive is truncated)");
                    return {out_.data(), 0};
                }
            }
            const std::size_t result = ZSTD_decompressStream(stream_, &output, &input_);
            if (ZSTD_isError(result))
                failCorrupt(std::string("the zstd stream is corrupt (") +
                            ZSTD_getErrorName(result) + ")");
            frameOpen_ = result != 0;
        }
        produced_ += output.pos;
        return {out_.data(), output.pos};
    }

  private:
    ZSTD_DStream* stream_;
    std::vector<char> in_;
    std::vector<char> out_;
    ZSTD_inBuffer input_{};
    std::uint64_t position_ = 0;
    bool frameOpen_ = false;
};

}  // namespace

std::unique_ptr<TarByteSource> makePlainTarSource(const ArchiveFile& file,
                                                  const JobContext& context) {
    return std::make_unique<PlainTarSource>(file, context);
}

std::unique_ptr<TarByteSource> makeZstdTarSource(const ArchiveFile& file,
                                                 const JobContext& context) {
    return std::make_unique<ZstdTarSource>(file, context);
}

}  // namespace modescape::io::archive
