// The MPI interface with Open MPI's C API.
// The C API only: mpi.h in C++ would otherwise pull in the C++ bindings,
// which MPI::MPI_C does not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include "core/common/Error.h"
#include "core/parallel/Launch.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/Placement.h"

namespace modescape::parallel {

namespace {

struct State {
    bool started = false;
    int rank = 0, size = 1, localRank = 0, localSize = 1;
};

State& state() {
    static State s;
    return s;
}

void check(int code, const char* what) {
    if (code == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw Error(std::string("MPI ") + what + " failed: " + std::string(text, length));
}

}  // namespace

bool mpiBuilt() {
    return true;
}

bool startIfLaunched(int& argc, char**& argv) {
    if (!launchedByMpi(processEnvironment()))
        return false;
    int provided = 0;
    // Only the main thread talks to MPI (compute threads never do).
    check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "init");
    // Errors come back as codes, turned into exceptions and one message.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    State& s = state();
    s.started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &s.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &s.size);
    // The ranks sharing this node (its memory): the local rank picks the GPU.
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, s.rank, MPI_INFO_NULL, &node);
    MPI_Comm_rank(node, &s.localRank);
    MPI_Comm_size(node, &s.localSize);
    MPI_Comm_free(&node);
    placeThisRank(s.localRank, s.localSize);
    return true;
}

void finish() {
    State& s = state();
    if (!s.started)
        return;
    s.started = false;
    MPI_Finalize();
}

bool running() {
    return state().started;
}
int rank() {
    return state().rank;
}
int size() {
    return state().size;
}
int localRank() {
    return state().localRank;
}
int localSize() {
    return state().localSize;
}

std::string hostName() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0)
        return "unknown host";
    return name;
}

std::string whereTag() {
    if (size() <= 1)
        return {};
    return "rank " + std::to_string(rank()) + " on " + hostName() + ": ";
}

void send(int to, int tag, const std::string& bytes) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        throw Error("MPI send: a message of " + std::to_string(bytes.size()) +
                    " bytes is larger than one MPI message can be");
    check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD),
          "send");
}

std::string receive(int from, int tag, int* source) {
    MPI_Status status;
    check(MPI_Probe(from < 0 ? MPI_ANY_SOURCE : from, tag, MPI_COMM_WORLD, &status), "probe");
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    std::string values(static_cast<std::size_t>(count), '\0');
    check(MPI_Recv(values.data(), count, MPI_BYTE, status.MPI_SOURCE, tag, MPI_COMM_WORLD,
                   MPI_STATUS_IGNORE),
          "receive");
    if (source)
        *source = status.MPI_SOURCE;
    return values;
}

bool waiting(int tag, int* source) {
    if (!state().started)
        return false;  // a plain run: no other rank can have sent anything
    int flag = 0;
    MPI_Status status;
    check(MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &status), "probe");
    if (flag && source)
        *source = status.MPI_SOURCE;
    return flag != 0;
}

std::vector<std::string> gatherText(const std::string& text) {
    if (!state().started)
        return {text};
    const int length = static_cast<int>(text.size());
    std::vector<int> lengths(static_cast<std::size_t>(size()));
    check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "gather");
    std::vector<int> offsets(lengths.size(), 0);
    for (std::size_t i = 1; i < lengths.size(); ++i)
        offsets[i] = offsets[i - 1] + lengths[i - 1];
    std::string all(rank() == 0 ? static_cast<std::size_t>(offsets.back() + lengths.back()) : 0,
                    '\0');
    check(MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(),
                      MPI_CHAR, 0, MPI_COMM_WORLD),
          "gather");
    if (rank() != 0)
        return {};
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < lengths.size(); ++i)
        texts.push_back(
            all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i])));
    return texts;
}

// Pieces of at most 64 MiB: counts stay ints and rank 0 needs no second buffer.
constexpr std::int64_t kPieceBytes = std::int64_t(64) << 20;

void sumAtRoot(void* values, std::int64_t count, bool float64) {
    if (!state().started || size() == 1)
        return;
    const std::int64_t width = float64 ? 8 : 4;
    const std::int64_t piece = kPieceBytes / width;
    char* bytes = static_cast<char*>(values);
    for (std::int64_t at = 0; at < count; at += piece) {
        const int n = static_cast<int>(std::min(piece, count - at));
        void* here = bytes + at * width;
        check(MPI_Reduce(rank() == 0 ? MPI_IN_PLACE : here, here, n,
                         float64 ? MPI_DOUBLE : MPI_FLOAT, MPI_SUM, 0, MPI_COMM_WORLD),
              "reduce");
    }
}

void broadcastFromRoot(void* data, std::int64_t bytes) {
    if (!state().started || size() == 1)
        return;
    char* at = static_cast<char*>(data);
    for (std::int64_t done = 0; done < bytes; done += kPieceBytes)
        check(MPI_Bcast(at + done, static_cast<int>(std::min(kPieceBytes, bytes - done)), MPI_BYTE,
                        0, MPI_COMM_WORLD),
              "broadcast");
}

void abortAll(int code) {
    if (state().started)
        MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);
}

}  // namespace modescape::parallel
