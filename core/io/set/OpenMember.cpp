#include "core/io/set/OpenMember.h"

#include "core/io/archive/ArchiveMemberFile.h"
#include "core/io/archive/ArchiveReader.h"

namespace modescape::io {

std::unique_ptr<CheckpointFile> openMember(const SetMember& member, const OpenOptions& options) {
    if (member.archive.empty())
        return openCheckpoint(member.path, options);
    // The set opener already opened (and registered) the archive: this is a lookup.
    auto archive =
        archive::sharedArchive(member.archive, JobContext{}, archive::defaultArchiveOptions());
    return archive::openArchiveMember(std::move(archive), member.archiveEntry);
}

}  // namespace modescape::io
