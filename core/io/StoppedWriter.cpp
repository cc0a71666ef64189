#include "core/io/StoppedWriter.h"

#include <signal.h>

#include <cerrno>

namespace modescape::io {

bool leftByStoppedWriter(const std::string& name, const std::string& prefix) {
    if (name.compare(0, prefix.size(), prefix) != 0)
        return false;
    const std::string rest = name.substr(prefix.size());
    const auto dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || dash > 9 ||
        rest.find_first_not_of("0123456789") != dash)
        return false;
    const long pid = std::stol(rest.substr(0, dash));
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace modescape::io
