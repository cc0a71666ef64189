#include "ui/rendering/TiffEncoder.h"

#include <tiffio.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/common/Error.h"

namespace modescape::ui {
namespace {

// libtiff writes through these functions into a growing byte array, so the
// file can be replaced atomically with the bytes (io::writeFileAtomically).
struct MemoryFile {
    QByteArray bytes;
    qint64 position = 0;
};

MemoryFile& fileOf(thandle_t handle) {
    return *static_cast<MemoryFile*>(handle);
}

tmsize_t readNothing(thandle_t, void*, tmsize_t) {
    return 0;  // written only; libtiff reads nothing back while writing a new file
}

tmsize_t writeBytes(thandle_t handle, void* data, tmsize_t size) {
    MemoryFile& file = fileOf(handle);
    const qint64 end = file.position + qint64(size);
    if (end > file.bytes.size())
        file.bytes.resize(end);
    std::memcpy(file.bytes.data() + file.position, data, std::size_t(size));
    file.position = end;
    return size;
}

toff_t seekTo(thandle_t handle, toff_t offset, int whence) {
    MemoryFile& file = fileOf(handle);
    const qint64 base = whence == SEEK_CUR   ? file.position
                        : whence == SEEK_END ? file.bytes.size()
                                             : 0;
    file.position = std::max<qint64>(0, base + qint64(offset));
    if (file.position > file.bytes.size())
        file.bytes.resize(file.position);  // a seek past the end leaves zeros
    return toff_t(file.position);
}

int closeNothing(thandle_t) {
    return 0;
}

toff_t sizeOf(thandle_t handle) {
    return toff_t(fileOf(handle).bytes.size());
}

int mapNothing(thandle_t, void**, toff_t*) {
    return 0;
}

void unmapNothing(thandle_t, void*, toff_t) {}

}  // namespace

namespace {

// Whether some pixel is not opaque (a figure's image has an alpha channel
// even when it is painted on white; such a figure is written as RGB).
bool hasTranslucentPixels(const QImage& image) {
    if (!image.hasAlphaChannel())
        return false;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            if (qAlpha(row[x]) != 255)
                return true;
    }
    return false;
}

}  // namespace

QByteArray encodeTiff(const QImage& image, double dpi) {
    const bool alpha = hasTranslucentPixels(image);
    // Straight (unassociated) alpha, as a PNG holds it.
    const QImage pixels =
        image.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    const int samples = alpha ? 4 : 3;
    MemoryFile file;
    TIFF* tiff = TIFFClientOpen("figure.tif", "w", &file, readNothing, writeBytes, seekTo,
                                closeNothing, sizeOf, mapNothing, unmapNothing);
    if (!tiff)
        throw Error("libtiff could not start a TIFF file");
    bool ok = TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, uint32_t(pixels.width())) &&
              TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, uint32_t(pixels.height())) &&
              TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, uint16_t(samples)) &&
              TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, uint16_t(8)) &&
              TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, uint16_t(PHOTOMETRIC_RGB)) &&
              TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, uint16_t(PLANARCONFIG_CONTIG)) &&
              TIFFSetField(tiff, TIFFTAG_ORIENTATION, uint16_t(ORIENTATION_TOPLEFT)) &&
              TIFFSetField(tiff, TIFFTAG_COMPRESSION, uint16_t(COMPRESSION_LZW)) &&
              TIFFSetField(tiff, TIFFTAG_PREDICTOR, uint16_t(PREDICTOR_HORIZONTAL)) &&
              TIFFSetField(tiff, TIFFTAG_RESOLUTIONUNIT, uint16_t(RESUNIT_INCH)) &&
              TIFFSetField(tiff, TIFFTAG_XRESOLUTION, float(dpi)) &&
              TIFFSetField(tiff, TIFFTAG_YRESOLUTION, float(dpi)) &&
              TIFFSetField(tiff, TIFFTAG_SOFTWARE, "Modescape") &&
              TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tiff, 0));
    if (ok && alpha) {
        const uint16_t extra[1] = {EXTRASAMPLE_UNASSALPHA};
        ok = TIFFSetField(tiff, TIFFTAG_EXTRASAMPLES, uint16_t(1), extra);
    }
    // A copy of each row: the predictor differences the row it is given in place.
    std::vector<uchar> row(std::size_t(pixels.width()) * std::size_t(samples));
    for (int y = 0; ok && y < pixels.height(); ++y) {
        std::memcpy(row.data(), pixels.constScanLine(y), row.size());
        ok = TIFFWriteScanline(tiff, row.data(), uint32_t(y), 0) == 1;
    }
    ok = ok && TIFFWriteDirectory(tiff);
    TIFFClose(tiff);
    if (!ok)
        throw Error("libtiff could not encode the figure as TIFF");
    return file.bytes;
}

}  // namespace modescape::ui
