#pragma once
// What to tell a user about an exception that is not one of ours. LibTorch's
// c10::Error::what() carries a C++ backtrace of dozens of lines; users get its
// first line only. Used by the CLI's and the GUI's outermost catch.

#include <exception>
#include <string>

namespace modescape {

// modescape::Error: what(). c10::Error: "LibTorch: " and the first line of
// its message without the backtrace. std::bad_alloc: that memory ran out and
// what to do. Anything else: the first line of what(). Never more than about
// 300 characters beyond a modescape::Error's own message.
std::string describeFailure(const std::exception& e);

}  // namespace modescape
