#include "ui/views/landscape/FigureText.h"

#include <QDirIterator>
#include <QStandardPaths>
#include <QStringList>

#include <vtkTextProperty.h>

#include <algorithm>

namespace modescape::ui {

namespace {

constexpr double kInk[3] = {0.1, 0.1, 0.1};

std::string findFontFile() {
    // Common fonts with Greek glyphs, in order of preference.
    const QStringList names = {"DejaVuSans.ttf", "LiberationSans-Regular.ttf",
                               "NotoSans-Regular.ttf", "FreeSans.ttf"};
    QStringList folders = QStandardPaths::standardLocations(QStandardPaths::FontsLocation);
    folders << "/usr/share/fonts"
            << "/usr/local/share/fonts";
    for (const QString& name : names)
        for (const QString& folder : folders) {
            QDirIterator it(folder, {name}, QDir::Files, QDirIterator::Subdirectories);
            if (it.hasNext())
                return it.next().toStdString();
        }
    return {};
}

}  // namespace

FigureFonts figureFonts(double textPixels) {
    FigureFonts fonts;
    // A floor of 6 pixels: VTK draws nothing readable below it.
    fonts.scale = std::max(6.0, textPixels) / 14.0;
    const auto size = [&](double base) { return static_cast<int>(base * fonts.scale + 0.5); };
    fonts.title = size(19);
    fonts.axisTitle = size(16);
    fonts.tick = size(14);
    fonts.isolineLabel = size(14);
    fonts.memberLabel = size(15);
    return fonts;
}

const std::string& figureFontFile() {
    static const std::string file = findFontFile();
    return file;
}

void styleFigureText(vtkTextProperty* text, int pixelSize) {
    text->SetColor(kInk[0], kInk[1], kInk[2]);
    text->SetFontSize(pixelSize);
    text->SetBold(false);
    text->SetItalic(false);
    text->SetShadow(false);
    if (!figureFontFile().empty()) {
        text->SetFontFamily(VTK_FONT_FILE);
        text->SetFontFile(figureFontFile().c_str());
    }
}

const char* alphaWord() {
    return figureFontFile().empty() ? "alpha" : "\u03b1";
}

const char* betaWord() {
    return figureFontFile().empty() ? "beta" : "\u03b2";
}

}  // namespace modescape::ui
