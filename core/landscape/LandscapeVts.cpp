#include "core/landscape/LandscapeVts.h"

#include <cstdint>
#include <cstring>
#include <sstream>

#include "core/io/AtomicFile.h"

namespace modescape::landscape {

namespace {

std::string base64(const std::string& bytes) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint8_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            v |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size())
            v |= static_cast<std::uint8_t>(bytes[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? table[(v >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? table[v & 63] : '=';
    }
    return out;
}

// VTK's inline binary encoding: a UInt64 byte count, then the little-endian
// values, base64-encoded together.
template <typename T>
std::string encodeArray(const std::vector<T>& values) {
    const std::uint64_t size = values.size() * sizeof(T);
    std::string bytes(sizeof(size) + size, '\0');
    std::memcpy(bytes.data(), &size, sizeof(size));
    if (size)
        std::memcpy(bytes.data() + sizeof(size), values.data(), size);
    return base64(bytes);
}

}  // namespace

std::string landscapeVtsText(const LandscapeResult& r) {
    const int nx = r.nx(), ny = r.ny();
    std::vector<double> points;
    for (int iy = 0; iy < ny; ++iy)
        for (int ix = 0; ix < nx; ++ix)
            points.insert(points.end(), {r.xs[ix], r.ys[iy], 0.0});
    const std::string extent =
        "0 " + std::to_string(nx - 1) + " 0 " + std::to_string(ny - 1) + " 0 0";
    std::ostringstream out;
    out << "<?xml version=\"1.0\"?>\n"
        << "<!-- Modescape loss landscape: loss = mean cross-entropy, accuracy = fraction; "
           "computed = 1 where computed (the loss may still be NaN or Inf there), 0 where not "
           "yet. Apply Warp By Scalar (loss) for the surface. -->\n"
        << "<VTKFile type=\"StructuredGrid\" version=\"1.0\" byte_order=\"LittleEndian\" "
           "header_type=\"UInt64\">\n"
        << "  <StructuredGrid WholeExtent=\"" << extent << "\">\n"
        << "    <Piece Extent=\"" << extent << "\">\n"
        << "      <PointData Scalars=\"loss\">\n"
        << "        <DataArray type=\"Float64\" Name=\"loss\" format=\"binary\">"
        << encodeArray(r.loss) << "</DataArray>\n"
        << "        <DataArray type=\"Float64\" Name=\"accuracy\" format=\"binary\">"
        << encodeArray(r.accuracy) << "</DataArray>\n"
        << "        <DataArray type=\"UInt8\" Name=\"computed\" format=\"binary\">"
        << encodeArray(r.computedMask()) << "</DataArray>\n"
        << "      </PointData>\n"
        << "      <Points>\n"
        << "        <DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"binary\">"
        << encodeArray(points) << "</DataArray>\n"
        << "      </Points>\n"
        << "    </Piece>\n"
        << "  </StructuredGrid>\n"
        << "</VTKFile>\n";
    return out.str();
}

void writeLandscapeVts(const std::string& path, const LandscapeResult& result) {
    io::writeFileAtomically(path, landscapeVtsText(result));
}

}  // namespace modescape::landscape
