#include "core/common/SingleThreadedBlas.h"

#include <dlfcn.h>

namespace modescape {
namespace {

template <class F>
F openBlasFunction(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

SingleThreadedBlas::SingleThreadedBlas() {
    const auto get = openBlasFunction<int (*)()>("openblas_get_num_threads");
    const auto set = openBlasFunction<void (*)(int)>("openblas_set_num_threads");
    if (!get || !set)
        return;
    previous_ = get();
    if (previous_ > 1)
        set(1);
}

SingleThreadedBlas::~SingleThreadedBlas() {
    if (previous_ > 1)
        openBlasFunction<void (*)(int)>("openblas_set_num_threads")(previous_);
}

}  // namespace modescape
