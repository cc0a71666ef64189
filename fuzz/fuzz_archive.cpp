// libFuzzer target for checkpoint archives (core/io/archive): sniffing, the
// indexing pass over tar, tar.gz, tar.zst and zip (libarchive parsing, our
// zlib / libzstd streams, entry rules, safetensors heads), and reading every
// entry back (offsets, gzip access points, zip inflate, the zstd extraction
// cache) as a checkpoint. Any input must open or throw modescape::Error;
// never crash, hang, leak or write outside the cache folder.
// Seeds: the archive fixtures (tests/fixtures/archives, archive-sets).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/io/archive/ArchiveMemberFile.h"
#include "core/io/archive/ArchiveReader.h"
#include "fuzz/FuzzTempFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape;
    const std::string path = fuzz::writeTempFile(data, size, ".tgz");
    io::archive::ArchiveOptions options;
    options.cacheDir = "/tmp/modescape-fuzz-cache-" + std::to_string(::getpid());
    options.extractCacheBytes = 64u << 20;
    try {
        const auto archive = io::archive::openArchive(path, JobContext{}, options);
        for (std::size_t i = 0; i < archive->entries().size(); ++i) {
            try {
                const auto member = io::archive::openArchiveMember(archive, i);
                for (const auto& t : member->tensors())
                    (void)member->read(t.name);
            } catch (const Error&) {
            }
        }
    } catch (const Error&) {
        // A clean, reported failure is the expected outcome for most inputs.
    }
    // Every run indexes its input afresh: a cached index of an earlier input
    // of the same size and mtime would hide the indexing pass.
    std::error_code ec;
    std::filesystem::remove_all(options.cacheDir, ec);
    return 0;
}
