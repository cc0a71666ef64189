#pragma once
// The counting behind the symmetry panels (Laurent et al., ICLR 2024): a 2-D
// histogram with square bins of a pair of weights across a set, a 1-D
// histogram (excess mass), and per group the histogram of the index of the
// unit that holds a layer's largest weight. Plain numbers in, counts out.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace modescape::symmetry {

// bins x bins counts over one square range [lo, hi] shared by both axes, so
// every bin is a square in weight units. Bin k covers [lo + k w, lo + (k+1) w)
// with w = (hi - lo) / bins; the last bin also takes hi.
struct SquareHistogram2d {
    int bins = 0;
    double lo = 0, hi = 0;
    std::vector<std::int64_t> counts;  // row-major [y bin][x bin]
    std::int64_t count(int xBin, int yBin) const { return counts[std::size_t(yBin * bins + xBin)]; }
    std::int64_t maximum() const;
};

// The range is [min, max] over xs and ys together, widened by 0.5 on each
// side when every value is equal. Throws InvalidArgument when the sizes
// differ, there are no values or bins < 1; NaNs are skipped.
SquareHistogram2d squareHistogram2d(std::span<const double> xs, std::span<const double> ys,
                                    int bins);

// Equal-width bins over [min, max] of the values (same conventions as above).
struct Histogram1d {
    double lo = 0, hi = 0;
    std::vector<std::int64_t> counts;
    double binWidth() const { return counts.empty() ? 0 : (hi - lo) / double(counts.size()); }
};
Histogram1d histogram1d(std::span<const double> values, int bins);

// The row (index along the first axis: the output unit) of a tensor's largest
// element, the first such row on ties. values is the tensor row-major with
// `rows` rows. Throws InvalidArgument when values is empty or not a multiple of rows.
int rowOfMaximum(std::span<const float> values, std::int64_t rows);

// counts[g][u]: members of group g whose largest weight sits in unit u.
// Groups in order of first appearance. Throws InvalidArgument for an index
// outside [0, units) or mismatched sizes.
struct GroupIndexHistogram {
    std::vector<std::string> groups;
    int units = 0;
    std::vector<std::vector<std::int64_t>> counts;
};
GroupIndexHistogram groupIndexHistogram(const std::vector<std::string>& groupOfMember,
                                        const std::vector<int>& indexOfMember, int units);

}  // namespace modescape::symmetry
