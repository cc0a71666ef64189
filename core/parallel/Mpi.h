#pragma once
// The few MPI operations Modescape uses, behind one interface: MpiOpen.cpp
// implements them with Open MPI's C API (MODESCAPE_MPI=ON), MpiSerial.cpp as a
// single process (MODESCAPE_MPI=OFF, or a plain run: then size() is 1 and no
// message is ever sent). Messages are bytes (WorkQueue.h lays them out); MPI
// is started only when the process was launched by mpirun / srun (Launch.h).

#include <cstdint>
#include <string>
#include <vector>

namespace modescape::parallel {

// Whether this build has MPI at all.
bool mpiBuilt();

// Starts MPI when launchedByMpi(), places this rank (Placement.h) and returns
// whether MPI runs. Call first thing in main(); a plain run is unchanged.
bool startIfLaunched(int& argc, char**& argv);
// Ends MPI (after the last message); nothing when it was not started.
void finish();

// This rank, the ranks in all, this rank's index among those on its node and
// how many share the node: 0, 1, 0, 1 without MPI.
int rank();
int size();
int localRank();
int localSize();
// Whether MPI was started (under mpirun / srun), even with one rank.
bool running();
// True with more than one rank.
inline bool distributed() {
    return size() > 1;
}
// "rank 1 on node17: " under MPI with several ranks, else "" (error messages).
std::string whereTag();
std::string hostName();

// Point-to-point messages. receive() from any rank when from < 0; source gets
// the sender. waiting() tells, without blocking, whether a message with the
// tag is there (and from whom).
void send(int to, int tag, const std::string& bytes);
std::string receive(int from, int tag, int* source = nullptr);
bool waiting(int tag, int* source = nullptr);

// Every rank's text at rank 0 (in rank order; other ranks get {}). Collective.
std::vector<std::string> gatherText(const std::string& text);

// Collective: the element-wise sum of every rank's `count` values (float64,
// or float32 when !float64) at rank 0's `values`; other ranks' are left as
// they were. In pieces, so any count works. Nothing without MPI.
void sumAtRoot(void* values, std::int64_t count, bool float64);
// Collective: rank 0's `bytes` at `data` copied to every rank's `data`.
void broadcastFromRoot(void* data, std::int64_t bytes);

// Ends every rank with this exit code (MPI_Abort); exits plainly without MPI.
[[noreturn]] void abortAll(int code);

}  // namespace modescape::parallel
