#include "core/parallel/Launch.h"

#include <cstdlib>

namespace modescape::parallel {

Environment processEnvironment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (const char* value = std::getenv(name.c_str()))
            return std::string(value);
        return std::nullopt;
    };
}

bool launchedByMpi(const Environment& environment) {
    if (environment("OMPI_COMM_WORLD_SIZE") || environment("PMI_SIZE") || environment("PMIX_RANK"))
        return true;
    // A batch script has SLURM_NTASKS too; only srun's tasks also have a
    // SLURM_PROCID, and one task alone is a plain run.
    const auto procid = environment("SLURM_PROCID");
    const auto tasks = environment("SLURM_NTASKS");
    if (!procid || !tasks)
        return false;
    char* end = nullptr;
    const long count = std::strtol(tasks->c_str(), &end, 10);
    return end != tasks->c_str() && count > 1;
}

}  // namespace modescape::parallel
