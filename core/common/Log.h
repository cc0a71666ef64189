#pragma once
// One logging facade for the whole program. Core code logs through it; the
// terminal and the GUI's log dock register sinks. Thread-safe.

#include <functional>
#include <string>
#include <string_view>

namespace modescape::log {

enum class Level { Debug = 0, Info = 1, Warning = 2, Error = 3 };

const char* levelName(Level level);

using Sink = std::function<void(Level, const std::string&)>;

// Adds a sink; returns an id for removeSink. Sinks are called on the logging thread.
int addSink(Sink sink);
void removeSink(int id);

// Messages below this level are dropped before reaching any sink (default Info).
void setMinimumLevel(Level level);
Level minimumLevel();

void write(Level level, const std::string& message);
inline void debug(const std::string& m) {
    write(Level::Debug, m);
}
inline void info(const std::string& m) {
    write(Level::Info, m);
}
inline void warning(const std::string& m) {
    write(Level::Warning, m);
}
inline void error(const std::string& m) {
    write(Level::Error, m);
}

// A sink that prints "level: message" to stderr (used by the CLI), control
// characters made visible (TerminalText.h).
Sink stderrSink();

}  // namespace modescape::log
