#include "ui/log/LogModel.h"

#include <QBrush>
#include <QColor>
#include <QMetaObject>
#include <QPointer>

namespace modescape::ui {

LogModel::LogModel(QObject* parent, int maxEntries)
    : QAbstractListModel(parent), maxEntries_(maxEntries) {
    // The sink may run on any thread: hop to ours. QPointer guards against a
    // message that arrives while this model is being destroyed.
    QPointer<LogModel> self(this);
    sinkId_ = log::addSink([self](log::Level level, const std::string& message) {
        if (!self)
            return;
        const QString text = QString::fromStdString(message);
        QMetaObject::invokeMethod(
            self.data(),
            [self, level, text] {
                if (self)
                    self->append(level, text);
            },
            Qt::QueuedConnection);
    });
}

LogModel::~LogModel() {
    log::removeSink(sinkId_);
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : entries_.size();
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size())
        return {};
    const LogEntry& e = entries_[index.row()];
    switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1  %2  %3")
                .arg(e.time.toString("HH:mm:ss"), QString(log::levelName(e.level)).leftJustified(7),
                     e.message);
        case Qt::ToolTipRole:
            return e.message;
        case Qt::ForegroundRole:
            if (e.level == log::Level::Error)
                return QBrush(QColor(190, 30, 30));
            if (e.level == log::Level::Warning)
                return QBrush(QColor(170, 110, 0));
            if (e.level == log::Level::Debug)
                return QBrush(QColor(120, 120, 120));
            return {};
        case LevelRole:
            return static_cast<int>(e.level);
        default:
            return {};
    }
}

bool LogModel::contains(const QString& text) const {
    for (const auto& e : entries_)
        if (e.message.contains(text))
            return true;
    return false;
}

void LogModel::clear() {
    beginResetModel();
    entries_.clear();
    endResetModel();
}

void LogModel::append(log::Level level, const QString& message) {
    if (entries_.size() >= maxEntries_) {
        beginRemoveRows({}, 0, 0);
        entries_.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, entries_.size(), entries_.size());
    entries_.push_back({level, QDateTime::currentDateTime(), message});
    endInsertRows();
}

}  // namespace modescape::ui
