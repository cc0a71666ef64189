#pragma once
// Tabular data sets from CSV: a header row, numeric columns, one label column.

#include <string>

#include "core/data/Dataset.h"

namespace modescape::data {

struct CsvOptions {
    // The label column: a header name, or a 0-based column index written as a
    // number. Empty: the column named "label" (or "y", "target", "class"), else the last.
    std::string labelColumn;
    char delimiter = ',';
};

// Every other column becomes an input feature ([N, D] float32); labels must be
// whole numbers >= 0. Throws IoError for an unreadable file and FormatError
// naming the line (1-based, the header is line 1) and column of a bad cell.
Dataset readCsv(const std::string& path, const CsvOptions& options = {});

}  // namespace modescape::data
