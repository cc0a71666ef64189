#include "core/hessian/HessianSettings.h"

namespace modescape::hessian {

const char* traceMethodName(TraceMethod method) {
    return wordOf(method, kTraceMethodWords);
}

}  // namespace modescape::hessian
