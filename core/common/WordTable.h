#pragma once
// The words of an enum, written once next to the enum: the CLI's choices, the
// GUI's combo items, the JSON values and the error messages all read them.
//
//   enum class Engine { Batched, Naive };
//   inline constexpr WordTable<Engine, 2> kEngineWords{{
//       {"batched", Engine::Batched}, {"naive", Engine::Naive}}};
//   parseWord(text, kEngineWords, "engine");  wordOf(Engine::Naive, kEngineWords);

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/common/Error.h"

namespace modescape {

template <typename E>
struct EnumWord {
    const char* word;
    E value;
};

template <typename E, std::size_t N>
using WordTable = std::array<EnumWord<E>, N>;

// Every word of the table, in its order.
template <typename E, std::size_t N>
std::vector<std::string> wordsOf(const WordTable<E, N>& table) {
    std::vector<std::string> words;
    for (const auto& entry : table)
        words.emplace_back(entry.word);
    return words;
}

// "a, b, c"
template <typename E, std::size_t N>
std::string wordList(const WordTable<E, N>& table) {
    std::string list;
    for (const auto& entry : table)
        list += (list.empty() ? "" : ", ") + std::string(entry.word);
    return list;
}

// Throws InvalidArgument "unknown <what> '<word>' (accepted: a, b, c)".
template <typename E, std::size_t N>
E parseWord(const std::string& word, const WordTable<E, N>& table, const char* what) {
    for (const auto& entry : table)
        if (word == entry.word)
            return entry.value;
    throw InvalidArgument("unknown " + std::string(what) + " '" + word +
                          "' (accepted: " + wordList(table) + ")");
}

template <typename E, std::size_t N>
const char* wordOf(E value, const WordTable<E, N>& table) {
    for (const auto& entry : table)
        if (entry.value == value)
            return entry.word;
    return "?";
}

}  // namespace modescape
