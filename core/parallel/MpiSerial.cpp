// The MPI interface of a build without MPI (MODESCAPE_MPI=OFF): one process.
#include <cstdlib>

#include "core/common/Error.h"
#include "core/parallel/Launch.h"
#include "core/parallel/Mpi.h"

namespace modescape::parallel {

bool mpiBuilt() {
    return false;
}

bool startIfLaunched(int&, char**&) {
    if (launchedByMpi(processEnvironment()))
        throw InvalidArgument(
            "this modescape was built without MPI (MODESCAPE_MPI=OFF): run it without "
            "mpirun / srun, or rebuild with -DMODESCAPE_MPI=ON");
    return false;
}

void finish() {}
bool running() {
    return false;
}
int rank() {
    return 0;
}
int size() {
    return 1;
}
int localRank() {
    return 0;
}
int localSize() {
    return 1;
}
std::string whereTag() {
    return {};
}
std::string hostName() {
    return "localhost";
}

void send(int, int, const std::string&) {
    throw InvalidArgument("no other rank to send to: this build has no MPI");
}
std::string receive(int, int, int*) {
    throw InvalidArgument("no other rank to receive from: this build has no MPI");
}
bool waiting(int, int*) {
    return false;
}
std::vector<std::string> gatherText(const std::string& text) {
    return {text};
}
void sumAtRoot(void*, std::int64_t, bool) {}
void broadcastFromRoot(void*, std::int64_t) {}
void abortAll(int code) {
    std::exit(code);
}

}  // namespace modescape::parallel
