#pragma once
// Follows files that another process is filling (a job run elsewhere, docs/
// mpi.md): every second it compares each file's size and modification time
// with the last ones seen and calls `reload` when any changed. `reload`
// returns true once the result is complete: then following stops. Polling
// rather than QFileSystemWatcher, which misses files replaced by rename on
// some network file systems, and files that do not exist yet.

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace modescape::ui {

class ResultFileFollower : public QObject {
    Q_OBJECT
  public:
    ResultFileFollower(QStringList files, std::function<bool()> reload, QObject* parent = nullptr);

    // Checks now (also what the timer calls).
    void check();
    bool following() const { return timer_.isActive(); }
    const QStringList& files() const { return files_; }

  private:
    QString signature() const;

    QStringList files_;
    std::function<bool()> reload_;
    QTimer timer_;
    QString seen_;
};

}  // namespace modescape::ui
