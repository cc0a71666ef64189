#include "ui/mainwindow/OutsideMembersQuestion.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPointer>

#include <filesystem>
#include <system_error>

namespace modescape::ui {
namespace {

constexpr std::size_t kNamesListed = 8;

QString tr(const char* text) {
    return QCoreApplication::translate("OutsideMembersQuestion", text);
}

// Where a member leads, resolved without reading it.
QString resolvedPath(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::canonical(path, ec);
    return QString::fromStdString(ec ? path : canonical.string());
}

}  // namespace

std::vector<io::ExcludedMember> membersOutsideSet(const std::vector<io::ExcludedMember>& excluded) {
    std::vector<io::ExcludedMember> outside;
    for (const io::ExcludedMember& e : excluded)
        if (e.outsideSet)
            outside.push_back(e);
    return outside;
}

QString outsideMembersQuestionText(const QString& folder,
                                   const std::vector<io::ExcludedMember>& outside) {
    QString list;
    for (std::size_t i = 0; i < outside.size() && i < kNamesListed; ++i)
        list += QStringLiteral("\n  %1 → %2")
                    .arg(QString::fromStdString(outside[i].name), resolvedPath(outside[i].path));
    if (outside.size() > kNamesListed)
        list += tr("\n  and %1 more").arg(outside.size() - kNamesListed);
    return tr("%1 checkpoint(s) of the set %2 lie outside its folder (a link, or a path in "
              "modescape.json that leaves it):%3\n\nThey were left out unread. A set made by "
              "someone else should not point at your other files. Read them for this "
              "session?")
        .arg(outside.size())
        .arg(folder, list);
}

OutsideMembersQuestion outsideMembersMessageBox(QWidget* parent) {
    QPointer<QWidget> owner(parent);
    return [owner](const QString& folder, const std::vector<io::ExcludedMember>& outside) {
        return QMessageBox::question(owner, tr("Checkpoints outside the set"),
                                     outsideMembersQuestionText(folder, outside),
                                     QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
}

}  // namespace modescape::ui
