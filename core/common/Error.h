#pragma once
// The one exception family of Modescape. Core throws these; the CLI and the GUI
// catch modescape::Error at their boundary and show what() to the user.

#include <stdexcept>
#include <string>

namespace modescape {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A file could not be read or written (missing, unreadable, disk full ...).
class IoError : public Error {
  public:
    IoError(const std::string& path, const std::string& problem)
        : Error(path + ": " + problem), path_(path) {}
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// A file was read but its content is malformed, truncated or unsupported.
class FormatError : public IoError {
  public:
    using IoError::IoError;
};

// Arguments or options that make no sense (bad grid, unknown member name ...).
class InvalidArgument : public Error {
  public:
    using Error::Error;
};

// Tensors that should agree in name or shape do not.
class ShapeMismatch : public Error {
  public:
    using Error::Error;
};

// Thrown by a job when its cancellation token fires; not an error to report loudly.
class Cancelled : public Error {
  public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace modescape
