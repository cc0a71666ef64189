#include "core/model/FamilyName.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

namespace modescape::model {
namespace {

std::string joined(const std::vector<double>& values) {
    std::string s;
    for (double v : values) {
        std::string number = std::to_string(v);
        // std::to_string gives six decimals: drop the trailing zeros.
        number.erase(number.find_last_not_of('0') + 1);
        if (number.back() == '.')
            number.pop_back();
        s += (s.empty() ? "" : ":") + number;
    }
    return s;
}

// The constants of TorchUncertainty's datamodules (docs/recognition.md names the files).
const std::vector<DatasetFamily>& families() {
    static const std::vector<DatasetFamily> table{
        {"cifar10", {0.4914, 0.4822, 0.4465}, {0.2023, 0.1994, 0.2010}},
        {"cifar100", {0.5071, 0.4867, 0.4408}, {0.2675, 0.2565, 0.2761}},
        {"tiny-imagenet", {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}},
        {"mnist", {0.1307}, {0.3081}},
    };
    return table;
}

const DatasetFamily& family(const std::string& name) {
    const auto& table = families();
    return *std::find_if(table.begin(), table.end(),
                         [&](const DatasetFamily& f) { return f.name == name; });
}

bool has(const std::vector<std::string>& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

std::string DatasetFamily::normalizationOptions() const {
    return "mean=" + joined(mean) + ",std=" + joined(std);
}

std::vector<std::string> familyWords(const std::string& name) {
    std::vector<std::string> words;
    std::string word;
    for (char c : name) {
        if (c == '-' || c == '_' || c == '.' || c == '/' || c == ' ') {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
        } else {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (!word.empty())
        words.push_back(std::move(word));
    return words;
}

std::optional<DatasetFamily> datasetFamilyOf(const std::string& name) {
    const std::vector<std::string> words = familyWords(name);
    // Whole words only, so "cifar100" never reads as "cifar10".
    if (has(words, "cifar100"))
        return family("cifar100");
    if (has(words, "cifar10"))
        return family("cifar10");
    if (has(words, "tinyimagenet"))
        return family("tiny-imagenet");
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
        if (words[i] == "tiny" && words[i + 1] == "imagenet")
            return family("tiny-imagenet");
    // "fashion-mnist" is another dataset with other statistics.
    if (has(words, "mnist") && !has(words, "fashion"))
        return family("mnist");
    return std::nullopt;
}

std::string activationOf(const std::string& name) {
    const std::vector<std::string> words = familyWords(name);
    if (has(words, "silu") || has(words, "swish"))
        return "silu";
    for (const char* a : {"relu", "gelu", "tanh"})
        if (has(words, a))
            return a;
    return "";
}

std::string familyNameOfPath(const std::string& path) {
    std::filesystem::path p = std::filesystem::path(path).lexically_normal();
    if (p.filename().empty())
        p = p.parent_path();  // "folder/" names the folder
    std::string name = p.filename().string();
    for (const char* suffix : {".tar.gz", ".tar.zst", ".tgz", ".tar", ".zip"}) {
        const std::string s = suffix;
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            name.resize(name.size() - s.size());
            break;
        }
    }
    // The published archives end in their member range ("-0-1023"): not part of the family.
    static const std::regex range("^(.+)-[0-9]+-[0-9]+$");
    std::smatch m;
    if (std::regex_match(name, m, range))
        return m[1].str();
    return name;
}

}  // namespace modescape::model
