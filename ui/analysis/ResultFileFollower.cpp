#include "ui/analysis/ResultFileFollower.h"

#include <QDateTime>
#include <QFileInfo>

namespace modescape::ui {

ResultFileFollower::ResultFileFollower(QStringList files, std::function<bool()> reload,
                                       QObject* parent)
    : QObject(parent), files_(std::move(files)), reload_(std::move(reload)) {
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &ResultFileFollower::check);
    timer_.start();
    check();
}

QString ResultFileFollower::signature() const {
    QString text;
    for (const QString& file : files_) {
        const QFileInfo info(file);
        if (info.exists())
            text += QString("%1@%2;").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
        else
            text += "-;";
    }
    return text;
}

void ResultFileFollower::check() {
    const QString now = signature();
    if (now == seen_)
        return;
    seen_ = now;
    if (reload_())
        timer_.stop();
}

}  // namespace modescape::ui
