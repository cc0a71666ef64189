#include "ui/AppResources.h"

#include <QFile>

// The resources live in a static library: the linker keeps them only when
// something names their initialiser, which must be called outside namespaces.
static void initialiseModescapeResources() {
    Q_INIT_RESOURCE(modescape);
}

namespace modescape::ui {
namespace {

void ensureResources() {
    static const bool initialised = (initialiseModescapeResources(), true);
    Q_UNUSED(initialised);
}

}  // namespace

QIcon applicationIcon() {
    ensureResources();
    return QIcon(QStringLiteral(":/modescape/modescape.svg"));
}

QString aboutTextTemplate() {
    ensureResources();
    QFile file(QStringLiteral(":/modescape/about.html"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("<h3>Modescape %1</h3>");  // not reached: the file is compiled in
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QStringLiteral("<!--")))
        text = text.mid(text.indexOf(QStringLiteral("-->")) + 3).trimmed();
    return text;
}

}  // namespace modescape::ui
