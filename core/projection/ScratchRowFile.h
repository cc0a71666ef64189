#pragma once
// Rows that do not fit the working memory, kept on disk instead: written once,
// member by member, to a scratch file in the user cache directory and then
// read back in order as a MemberRowSource (panel passes read them several
// times). float32, exactly the values written, so a computation over the
// spilled rows gives the numbers it gives over the same rows in memory.
//
// The file lives only as long as this object: it is created exclusively
// (never following a link) as <cache>/scratch/rows-<pid>-<n>.f32.partial,
// renamed to .f32 once every row is written, and removed by the destructor,
// also when a computation is cancelled or fails. Files left by a process that
// died are removed by the next one that makes a scratch file.

#include <cstdint>
#include <string>

#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

// <user cache folder>/scratch.
std::string scratchFolder();

class ScratchRowFile : public MemberRowSource {
  public:
    // Room for up to maxRows rows of `columns` float32 values. Throws
    // MemoryLimitExceeded naming `what` and the sizes when 4 x maxRows x
    // columns bytes exceed boundBytes (the cache bound, --cache-size), IoError
    // when the disk holding the cache has less room, or when the scratch
    // folder cannot be made inside the cache folder.
    ScratchRowFile(int64_t maxRows, int64_t columns, double boundBytes, const std::string& what);
    ~ScratchRowFile() override;
    ScratchRowFile(const ScratchRowFile&) = delete;
    ScratchRowFile& operator=(const ScratchRowFile&) = delete;

    // Appends one row (numel() == columns, any floating type; stored as float32).
    void append(const at::Tensor& row);
    // Ends writing: the file is complete and may be read.
    void finish();

    const std::string& path() const { return path_; }
    double bytes() const { return 4.0 * double(rows_) * double(columns_); }

    int64_t memberCount() const override { return rows_; }
    int64_t parameterCount() const override { return columns_; }
    void read(int64_t first, const MemberVisitor& visit, const JobContext& context) const override;

  private:
    int64_t maxRows_ = 0;
    int64_t columns_ = 0;
    int64_t rows_ = 0;
    int fd_ = -1;
    bool finished_ = false;
    std::string path_;
};

}  // namespace modescape::projection
