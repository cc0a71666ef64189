#pragma once
// Runs core jobs one after another on a worker thread that owns the compute
// device. The UI thread only ever receives queued signals, so it never blocks.

#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

#include "core/jobs/Progress.h"

namespace modescape::ui {

struct JobRequest {
    QString name;
    // Runs on the worker thread. Throw modescape::Error (or anything) to fail.
    std::function<void(const JobContext&)> work;
    // Run on the UI thread after work returned normally / threw / was
    // cancelled (while queued, or by throwing Cancelled while running).
    std::function<void()> onSuccess;
    std::function<void(const QString& message)> onFailure;
    std::function<void()> onCancelled;
};

class JobRunner : public QObject {
    Q_OBJECT
  public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;  // cancels everything and joins the worker

    // Queues a job; returns its id.
    int submit(JobRequest request);
    // Cancels a queued job, or asks the running one to stop.
    void cancel(int id);
    void cancelAll();

    DeviceKind device() const { return device_; }
    QString deviceDescription() const { return deviceDescription_; }
    bool isIdle() const;

  Q_SIGNALS:
    void jobQueued(int id, const QString& name);
    void jobStarted(int id);
    void jobProgress(int id, double fraction, const QString& message);
    void jobSucceeded(int id);
    void jobFailed(int id, const QString& message);
    void jobCancelled(int id);

  private:
    struct QueuedJob {
        int id;
        JobRequest request;
        CancellationToken token;
    };
    void workerLoop();
    void runOne(QueuedJob& job);

    DeviceKind device_;
    QString deviceDescription_;
    mutable QMutex mutex_;
    QWaitCondition wake_;
    std::deque<std::shared_ptr<QueuedJob>> queue_;
    std::shared_ptr<QueuedJob> running_;
    bool stopping_ = false;
    int nextId_ = 1;
    std::unique_ptr<QThread> thread_;
};

}  // namespace modescape::ui
