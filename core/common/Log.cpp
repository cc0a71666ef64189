#include "core/common/Log.h"

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>

#include "core/common/TerminalText.h"

namespace modescape::log {
namespace {

struct Registry {
    std::mutex mutex;
    std::map<int, Sink> sinks;
    int nextId = 1;
};

Registry& registry() {
    static Registry instance;
    return instance;
}

std::atomic<int> gMinimumLevel{static_cast<int>(Level::Info)};

}  // namespace

const char* levelName(Level level) {
    switch (level) {
        case Level::Debug:
            return "debug";
        case Level::Info:
            return "info";
        case Level::Warning:
            return "warning";
        case Level::Error:
            return "error";
    }
    return "?";
}

int addSink(Sink sink) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    const int id = r.nextId++;
    r.sinks.emplace(id, std::move(sink));
    return id;
}

void removeSink(int id) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    r.sinks.erase(id);
}

void setMinimumLevel(Level level) {
    gMinimumLevel = static_cast<int>(level);
}
Level minimumLevel() {
    return static_cast<Level>(gMinimumLevel.load());
}

void write(Level level, const std::string& message) {
    if (static_cast<int>(level) < gMinimumLevel.load())
        return;
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    for (auto& [id, sink] : r.sinks)
        sink(level, message);
}

Sink stderrSink() {
    return [](Level level, const std::string& message) {
        // Messages quote names and paths from files: no escape sequence reaches the terminal.
        std::cerr << levelName(level) << ": " << terminalSafe(message, Newlines::Keep) << '\n';
    };
}

}  // namespace modescape::log
