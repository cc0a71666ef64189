#pragma once
// Whether this process was started by an MPI launcher (mpirun, mpiexec, srun):
// only then is MPI initialised, so a plain run never touches it.

#include <functional>
#include <optional>
#include <string>

namespace modescape::parallel {

// Looks up an environment variable (std::getenv in the program, a map in tests).
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// The process's own environment.
Environment processEnvironment();

// True under Open MPI's mpirun (OMPI_COMM_WORLD_SIZE), a PMI or PMIx launcher
// (PMI_SIZE, PMIX_RANK: MPICH's mpiexec, srun --mpi=pmix) or srun with more
// than one task (SLURM_PROCID and SLURM_NTASKS > 1).
bool launchedByMpi(const Environment& environment);

}  // namespace modescape::parallel
