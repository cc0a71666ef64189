#include "core/common/FailureText.h"

#include <c10/util/Exception.h>

#include <new>

#include "core/common/Error.h"
#include "core/common/TextExcerpt.h"

namespace modescape {

namespace {

std::string firstLine(const std::string& text) {
    return excerpt(std::string_view(text).substr(0, text.find('\n')), 300);
}

}  // namespace

std::string describeFailure(const std::exception& e) {
    if (dynamic_cast<const Error*>(&e))
        return e.what();
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return "out of memory (the request needs more than the machine could give); ask for "
               "less, e.g. fewer points or a smaller data set";
    if (const auto* torch = dynamic_cast<const c10::Error*>(&e))
        return "LibTorch: " + firstLine(torch->what_without_backtrace());
    return firstLine(e.what());
}

}  // namespace modescape
