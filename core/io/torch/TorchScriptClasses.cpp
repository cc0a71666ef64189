#include "core/io/torch/TorchScriptClasses.h"

#include <string_view>

#include "core/common/Error.h"

namespace modescape::io::torchfile {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// A `["a", "b", ]` list of string literals, as the TorchScript printer writes it.
std::vector<std::string> stringList(std::string_view text, const std::string& where,
                                    const std::string& path) {
    std::vector<std::string> out;
    auto bad = [&](const std::string& problem) {
        return FormatError(path, where + ": " + problem + "; the archive's code is damaged");
    };
    std::size_t i = text.find('[');
    if (i == std::string_view::npos)
        throw bad("expected a list");
    for (++i;;) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ','))
            ++i;
        if (i >= text.size())
            throw bad("unterminated list");
        if (text[i] == ']')
            return out;
        const char quote = text[i];
        if (quote != '"' && quote != '\'')
            throw bad("expected a string");
        std::string s;
        for (++i; i < text.size() && text[i] != quote; ++i) {
            if (text[i] == '\\' && i + 1 < text.size())
                ++i;
            s += text[i];
        }
        if (i >= text.size())
            throw bad("unterminated string");
        ++i;
        out.push_back(std::move(s));
    }
}

}  // namespace

std::string scriptCodeRecord(const std::string& qualifiedName) {
    const std::size_t dot = qualifiedName.rfind('.');
    if (dot == std::string::npos || dot == 0)
        return {};
    std::string file = qualifiedName.substr(0, dot);
    for (char& c : file)
        if (c == '.')
            c = '/';
    return "code/" + file + ".py";
}

std::optional<ScriptClassInfo> parseScriptClass(const std::string& code, const std::string& name,
                                                const std::string& path,
                                                const std::string& record) {
    const std::string header = "class " + name + "(";
    std::size_t at = 0;
    while (at < code.size()) {
        if (code.compare(at, header.size(), header) == 0)
            break;
        const std::size_t next = code.find('\n', at);
        at = next == std::string::npos ? code.size() : next + 1;
    }
    if (at >= code.size())
        return std::nullopt;
    ScriptClassInfo info;
    std::size_t lineEnd = code.find('\n', at);
    if (lineEnd == std::string::npos)
        lineEnd = code.size();
    const std::string_view first(code.data() + at, lineEnd - at);
    const std::size_t close = first.find(')');
    info.isModule = close != std::string_view::npos &&
                    first.substr(header.size(), close - header.size()) == "Module";
    // The class body: the indented lines that follow.
    for (std::size_t p = lineEnd + 1; p < code.size();) {
        std::size_t end = code.find('\n', p);
        if (end == std::string::npos)
            end = code.size();
        const std::string_view line(code.data() + p, end - p);
        if (!line.empty() && line[0] != ' ')
            break;
        const std::string where = record + ": class " + name;
        if (startsWith(line, "  __parameters__ ="))
            info.parameters = stringList(line, where + " __parameters__", path);
        else if (startsWith(line, "  __buffers__ ="))
            info.buffers = stringList(line, where + " __buffers__", path);
        else if (startsWith(line, "  def __setstate__("))
            info.customSetState = true;
        p = end + 1;
    }
    return info;
}

}  // namespace modescape::io::torchfile
