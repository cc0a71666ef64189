#include "core/symmetry/ProjectionCsv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/common/Error.h"

namespace modescape::symmetry {

namespace {

const char* const kAxes[] = {"x", "y", "z"};

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (const char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The fields of one record starting at `at` (a quoted field may hold line
// breaks); `at` moves past the record's line break. False at the end.
bool nextRecord(const std::string& text, std::size_t& at, std::vector<std::string>& fields,
                int& line, const std::string& path) {
    fields.clear();
    if (at >= text.size())
        return false;
    const int start = line;
    std::string field;
    bool quoted = false, wasQuoted = false;
    for (; at < text.size(); ++at) {
        const char c = text[at];
        if (quoted) {
            if (c == '"' && at + 1 < text.size() && text[at + 1] == '"') {
                field += '"';
                ++at;
            } else if (c == '"') {
                quoted = false;
            } else {
                line += c == '\n' ? 1 : 0;
                field += c;
            }
        } else if (c == '"' && field.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            fields.push_back(field);
            field.clear();
            wasQuoted = false;
        } else if (c == '\n') {
            ++at;
            break;
        } else if (c != '\r') {
            field += c;
        }
    }
    if (quoted)
        throw FormatError(path, "line " + std::to_string(start) + ": a quoted field is not closed");
    fields.push_back(field);
    return true;
}

double coordinateOf(const std::string& text, const std::string& path, int line) {
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(begin, &end);
    if (text.empty() || end != begin + text.size() || errno == ERANGE || !std::isfinite(value))
        throw FormatError(path, "line " + std::to_string(line) + ": '" + text +
                                    "' is not a coordinate (a finite number)");
    return value;
}

}  // namespace

std::string projectionCsv(const SetProjection& p) {
    std::ostringstream out;
    out.precision(10);
    out << "name,group";
    for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
        out << ',' << kAxes[c];
    out << '\n';
    for (std::size_t i = 0; i < p.members.size(); ++i) {
        out << csvField(p.members[i]) << ',' << csvField(p.groups[i]);
        for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
            out << ',' << p.coordinates(Eigen::Index(i), c);
        out << '\n';
    }
    return out.str();
}

SetProjection readProjectionCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot be opened");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    std::size_t at = 0;
    int line = 1;
    std::vector<std::string> fields;
    if (!nextRecord(text, at, fields, line, path) || fields.size() < 4 || fields.size() > 5 ||
        fields[0] != "name" || fields[1] != "group")
        throw FormatError(path,
                          "not the CSV of a map: its first line is not "
                          "\"name,group,x,y\" or \"name,group,x,y,z\"");
    const auto axes = Eigen::Index(fields.size() - 2);
    for (Eigen::Index c = 0; c < axes; ++c)
        if (fields[std::size_t(c) + 2] != kAxes[c])
            throw FormatError(path, "line 1: column " + std::to_string(c + 3) + " is '" +
                                        fields[std::size_t(c) + 2] + "', not '" + kAxes[c] + "'");

    SetProjection p;
    std::vector<double> values;
    for (;;) {
        ++line;
        const int first = line;
        if (!nextRecord(text, at, fields, line, path))
            break;
        if (fields.size() == 1 && fields[0].empty() && at >= text.size())
            break;  // a last line break
        if (fields.size() != std::size_t(axes) + 2)
            throw FormatError(path, "line " + std::to_string(first) + ": " +
                                        std::to_string(fields.size()) + " fields, the header has " +
                                        std::to_string(axes + 2));
        p.members.push_back(fields[0]);
        p.groups.push_back(fields[1]);
        for (Eigen::Index c = 0; c < axes; ++c)
            values.push_back(coordinateOf(fields[std::size_t(c) + 2], path, first));
    }
    if (p.members.empty())
        throw FormatError(path, "holds no member (only its header)");
    p.coordinates.resize(Eigen::Index(p.members.size()), axes);
    for (Eigen::Index i = 0; i < p.coordinates.rows(); ++i)
        for (Eigen::Index c = 0; c < axes; ++c)
            p.coordinates(i, c) = values[std::size_t(i * axes + c)];
    return p;
}

}  // namespace modescape::symmetry
