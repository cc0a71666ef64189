#pragma once
// Helpers shared by the core/data tests.

#include <QtTest>

#include <functional>
#include <string>

#include "core/common/Error.h"

namespace modescape::data::test {

inline std::string fixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/data/" + name;
}

// Runs body, expects an exception of type E whose message contains every
// fragment; returns the message (empty when the check failed).
template <typename E>
std::string expectError(const std::function<void()>& body,
                        std::initializer_list<std::string> fragments) {
    try {
        body();
    } catch (const E& e) {
        const std::string message = e.what();
        for (const auto& fragment : fragments)
            if (message.find(fragment) == std::string::npos) {
                qWarning("message '%s' lacks '%s'", message.c_str(), fragment.c_str());
                return {};
            }
        return message;
    } catch (const std::exception& e) {
        qWarning("wrong exception type: %s", e.what());
        return {};
    }
    qWarning("no exception thrown");
    return {};
}

}  // namespace modescape::data::test
