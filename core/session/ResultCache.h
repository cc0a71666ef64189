#pragma once
// Complete analysis results kept on disk under their content hash
// (ResultKey.h), so a computation whose parameters and set did not change is
// shown again instead of being run again (docs/result-cache.md).
//
// An entry is two files in the cache folder: <key>.<suffix>, the result in the
// analysis's own file format (Analysis::writeResultFile: a landscape's HDF5
// surface), and <key>.entry, a small JSON header (format, version, key,
// analysis, size and checksum of the result file). Both are written
// atomically, the header last; an entry is used only when its header parses
// and the result file has the size and checksum it records. Anything else is
// ignored with a warning naming the file, and removed.
//
// The folder is kept under a size bound by removing the least recently used
// entries: the header's modification time is the entry's last use (a hit
// touches it).

#include <any>
#include <cstdint>
#include <optional>
#include <string>

namespace modescape::analysis {
class Analysis;
}

namespace modescape::session {

// $MODESCAPE_RESULT_CACHE when set, else $XDG_CACHE_HOME/modescape/results,
// else ~/.cache/modescape/results.
std::string defaultResultCacheFolder();

// 2 GiB, or $MODESCAPE_RESULT_CACHE_BYTES: a byte count with an optional
// K, M or G suffix (powers of 1024); 0 turns the cache off. A value that does
// not parse is warned about once and the default used.
std::uint64_t defaultResultCacheBound();

class ResultCache {
  public:
    ResultCache(std::string folder, std::uint64_t maxBytes);
    // The folder and the bound from the environment, read at each call.
    static ResultCache fromEnvironment();

    // Whether results of `analysis` can be kept (it has a result file and the
    // cache is on).
    bool keeps(const analysis::Analysis& analysis) const;

    // The result stored under `key`, or nullopt: none stored, or an entry that
    // fails its checks (warned about, naming the file, and removed). A hit
    // counts as a use for the eviction order.
    std::optional<std::any> find(const analysis::Analysis& analysis, const std::string& key) const;

    // Stores a complete result, then trims the folder to the bound. Returns
    // false when nothing was stored: the analysis keeps no result files, the
    // cache is off, the result alone is over the bound, or writing failed
    // (warned about; a full disk never stops a computation).
    bool store(const analysis::Analysis& analysis, const std::string& key,
               const std::any& result) const;

    // Removes least recently used entries until the entries' files take at
    // most the bound; returns the bytes they take afterwards.
    std::uint64_t trim() const;
    // Bytes the entries' files take now.
    std::uint64_t bytesUsed() const;

    // <folder>/<key>.entry: the header whose modification time is the last use.
    std::string headerPath(const std::string& key) const;
    // <folder>/<key>.<suffix>: the result file.
    std::string resultPath(const std::string& key, const std::string& suffix) const;

    const std::string& folder() const { return folder_; }
    std::uint64_t maxBytes() const { return maxBytes_; }

  private:
    std::string folder_;
    std::uint64_t maxBytes_;
};

}  // namespace modescape::session
