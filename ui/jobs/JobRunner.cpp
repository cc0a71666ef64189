#include "ui/jobs/JobRunner.h"

#include <QElapsedTimer>
#include <QMetaObject>

#include <exception>

#include "core/common/Error.h"
#include "core/common/FailureText.h"
#include "core/common/Log.h"
#include "core/jobs/Device.h"

namespace modescape::ui {

namespace {
// The latest progress of one job, on its way from the worker to the UI thread.
struct ProgressMailbox {
    QMutex mutex;
    double fraction = 0.0;
    QString message;
    bool deliveryQueued = false;
    QElapsedTimer sincePost;  // since the last delivery was queued
};
}  // namespace

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    device_ = bestAvailableDevice();
    deviceDescription_ = QString::fromStdString(describeDevice(device_));
    thread_.reset(QThread::create([this] { workerLoop(); }));
    thread_->setObjectName("modescape-worker");
    thread_->start();
}

JobRunner::~JobRunner() {
    {
        QMutexLocker lock(&mutex_);
        stopping_ = true;
        for (auto& job : queue_)
            job->token.cancel();
        if (running_)
            running_->token.cancel();
        wake_.wakeAll();
    }
    thread_->wait();
}

int JobRunner::submit(JobRequest request) {
    auto job = std::make_shared<QueuedJob>();
    QString name = request.name;
    {
        QMutexLocker lock(&mutex_);
        job->id = nextId_++;
        job->request = std::move(request);
        queue_.push_back(job);
    }
    Q_EMIT jobQueued(job->id, name);
    wake_.wakeAll();
    return job->id;
}

void JobRunner::cancel(int id) {
    std::shared_ptr<QueuedJob> removed;
    {
        QMutexLocker lock(&mutex_);
        if (running_ && running_->id == id) {
            running_->token.cancel();
            return;
        }
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
            if ((*it)->id == id) {
                removed = *it;
                queue_.erase(it);
                break;
            }
        }
    }
    if (removed) {
        if (removed->request.onCancelled)
            removed->request.onCancelled();
        Q_EMIT jobCancelled(id);
    }
}

void JobRunner::cancelAll() {
    std::deque<std::shared_ptr<QueuedJob>> dropped;
    {
        QMutexLocker lock(&mutex_);
        dropped.swap(queue_);
        if (running_)
            running_->token.cancel();
    }
    for (auto& job : dropped) {
        if (job->request.onCancelled)
            job->request.onCancelled();
        Q_EMIT jobCancelled(job->id);
    }
}

bool JobRunner::isIdle() const {
    QMutexLocker lock(&mutex_);
    return queue_.empty() && !running_;
}

void JobRunner::workerLoop() {
    for (;;) {
        std::shared_ptr<QueuedJob> job;
        {
            QMutexLocker lock(&mutex_);
            while (!stopping_ && queue_.empty())
                wake_.wait(&mutex_);
            if (stopping_)
                return;
            job = queue_.front();
            queue_.pop_front();
            running_ = job;
        }
        runOne(*job);
        QMutexLocker lock(&mutex_);
        running_.reset();
    }
}

void JobRunner::runOne(QueuedJob& job) {
    const int id = job.id;
    QMetaObject::invokeMethod(
        this, [this, id] { Q_EMIT jobStarted(id); }, Qt::QueuedConnection);

    // Progress is kept to ~30 updates a second, and goes through a one-value
    // mailbox: at most one delivery per job waits in the UI thread's queue, so
    // neither a chatty job nor a UI thread that is slow to turn lets updates
    // pile up there; the waiting delivery carries the latest value.
    auto mailbox = std::make_shared<ProgressMailbox>();
    JobContext context;
    context.cancel = job.token;
    context.device = device_;
    context.progress = [this, id, mailbox](double fraction, const std::string& message) {
        QMutexLocker lock(&mailbox->mutex);
        const bool last = fraction >= 1.0;
        if (!last && mailbox->sincePost.isValid() && mailbox->sincePost.elapsed() < 33)
            return;
        mailbox->fraction = fraction;
        mailbox->message = QString::fromStdString(message);
        if (mailbox->deliveryQueued)
            return;
        mailbox->deliveryQueued = true;
        mailbox->sincePost.start();
        QMetaObject::invokeMethod(
            this,
            [this, id, mailbox] {
                double latest;
                QString text;
                {
                    QMutexLocker lock(&mailbox->mutex);
                    latest = mailbox->fraction;
                    text = mailbox->message;
                    mailbox->deliveryQueued = false;
                }
                Q_EMIT jobProgress(id, latest, text);
            },
            Qt::QueuedConnection);
    };

    enum class Outcome { Success, Failure, Cancelled } outcome = Outcome::Success;
    QString failure;
    try {
        job.token.throwIfCancelled();
        job.request.work(context);
        if (job.token.isCancelled())
            outcome = Outcome::Cancelled;
    } catch (const Cancelled&) {
        outcome = Outcome::Cancelled;
    } catch (const std::exception& e) {
        outcome = Outcome::Failure;
        failure = QString::fromStdString(describeFailure(e));  // no LibTorch backtrace
    } catch (...) {
        outcome = Outcome::Failure;
        failure = "unknown error (not a std::exception)";
    }

    auto request = std::make_shared<JobRequest>(std::move(job.request));
    const QString name = request->name;
    QMetaObject::invokeMethod(
        this,
        [this, id, outcome, failure, request, name] {
            switch (outcome) {
                case Outcome::Success:
                    if (request->onSuccess)
                        request->onSuccess();
                    Q_EMIT jobSucceeded(id);
                    break;
                case Outcome::Cancelled:
                    log::info(name.toStdString() + ": cancelled");
                    if (request->onCancelled)
                        request->onCancelled();
                    Q_EMIT jobCancelled(id);
                    break;
                case Outcome::Failure:
                    log::error(name.toStdString() + " failed: " + failure.toStdString());
                    if (request->onFailure)
                        request->onFailure(failure);
                    Q_EMIT jobFailed(id, failure);
                    break;
            }
        },
        Qt::QueuedConnection);
}

}  // namespace modescape::ui
