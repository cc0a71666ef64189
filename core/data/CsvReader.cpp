#include "core/data/CsvReader.h"

#include <ATen/ATen.h>

#include <charconv>
#include <cmath>

#include "core/common/Error.h"
#include "core/common/TextExcerpt.h"
#include "core/data/ByteSource.h"

namespace modescape::data {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        s = s.substr(1, s.size() - 2);
    return s;
}

std::vector<std::string_view> splitCells(std::string_view line, char delimiter) {
    std::vector<std::string_view> cells;
    std::size_t start = 0;
    for (;;) {
        const auto end = line.find(delimiter, start);
        cells.push_back(
            trim(line.substr(start, end == std::string_view::npos ? end : end - start)));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return cells;
}

bool blank(std::string_view line) {
    return trim(line).empty();
}

std::size_t findLabelColumn(const std::vector<std::string_view>& header, const std::string& wanted,
                            const std::string& path) {
    auto byName = [&](std::string_view name) -> std::ptrdiff_t {
        for (std::size_t c = 0; c < header.size(); ++c)
            if (header[c] == name)
                return static_cast<std::ptrdiff_t>(c);
        return -1;
    };
    if (wanted.empty()) {
        for (const char* name : {"label", "y", "target", "class"})
            if (auto c = byName(name); c >= 0)
                return static_cast<std::size_t>(c);
        return header.size() - 1;
    }
    if (auto c = byName(wanted); c >= 0)
        return static_cast<std::size_t>(c);
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), index);
    if (ec == std::errc() && end == wanted.data() + wanted.size() && index < header.size())
        return index;
    std::string names;
    for (auto h : header)
        names += (names.empty() ? "" : ", ") + excerpt(h, 40);
    throw FormatError(path, "no label column '" + excerpt(wanted) + "': the header has " +
                                std::to_string(header.size()) + " columns (" + excerpt(names, 200) +
                                "); give label=NAME or a 0-based index");
}

}  // namespace

Dataset readCsv(const std::string& path, const CsvOptions& options) {
    const Bytes bytes = readFileBytes(path);
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());

    std::vector<std::string_view> header;
    std::size_t labelColumn = 0;
    std::vector<float> features;
    std::vector<std::int64_t> labels;
    std::size_t lineNumber = 0;
    for (std::size_t start = 0; start < text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (blank(line))
            continue;
        const auto cells = splitCells(line, options.delimiter);
        if (header.empty()) {
            header = cells;
            if (header.size() < 2)
                throw FormatError(path, "line " + std::to_string(lineNumber) +
                                            ": the header has one column; a CSV data set needs "
                                            "features and a label (is the delimiter right?)");
            labelColumn = findLabelColumn(header, options.labelColumn, path);
            continue;
        }
        const std::string where = "line " + std::to_string(lineNumber);
        if (cells.size() != header.size())
            throw FormatError(path, where + ": expected " + std::to_string(header.size()) +
                                        " columns like the header, found " +
                                        std::to_string(cells.size()));
        for (std::size_t c = 0; c < cells.size(); ++c) {
            double value = 0;
            const auto cell = cells[c];
            const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
            if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size())
                throw FormatError(path, where + ", column '" + excerpt(header[c]) + "': '" +
                                            excerpt(cell) + "' is not a number");
            if (c != labelColumn) {
                features.push_back(static_cast<float>(value));
            } else {
                if (value < 0 || value != std::floor(value) || value > 1e9)
                    throw FormatError(path, where + ": label '" + excerpt(cell) +
                                                "' is not a class index (a whole number >= 0)");
                labels.push_back(static_cast<std::int64_t>(value));
            }
        }
    }
    if (header.empty())
        throw FormatError(path, "the file is empty; expected a header row and data rows");
    if (labels.empty())
        throw FormatError(path, "the file has a header but no data rows");

    const auto n = static_cast<std::int64_t>(labels.size());
    const auto d = static_cast<std::int64_t>(header.size() - 1);
    Dataset data;
    data.inputs = at::from_blob(features.data(), {n, d}, at::kFloat).clone();
    data.labels = at::from_blob(labels.data(), {n}, at::kLong).clone();
    data.numClasses = countClasses(data.labels);
    data.name = path;
    return data;
}

}  // namespace modescape::data
