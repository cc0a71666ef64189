#pragma once
// The log dock's model: every message of the core logging facade, from any
// thread, appended on the UI thread. Keeps the newest maxEntries messages.

#include <QAbstractListModel>
#include <QDateTime>
#include <QVector>

#include "core/common/Log.h"

namespace modescape::ui {

struct LogEntry {
    log::Level level;
    QDateTime time;
    QString message;
};

class LogModel : public QAbstractListModel {
    Q_OBJECT
  public:
    static constexpr int LevelRole = Qt::UserRole + 1;

    explicit LogModel(QObject* parent = nullptr, int maxEntries = 5000);
    ~LogModel() override;  // unregisters from the logging facade

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    const QVector<LogEntry>& entries() const { return entries_; }
    // True when some entry's message contains text (tests, and "find" in the dock).
    bool contains(const QString& text) const;
    void clear();

  private:
    void append(log::Level level, const QString& message);

    QVector<LogEntry> entries_;
    int maxEntries_;
    int sinkId_;
};

}  // namespace modescape::ui
