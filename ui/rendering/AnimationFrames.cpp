#include "ui/rendering/AnimationFrames.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <filesystem>

#include "core/common/Error.h"
#include "ui/rendering/OffscreenRender.h"

namespace modescape::ui {

QString animationFrameName(int index) {
    return QString("frame-%1.png").arg(index + 1, 4, 10, QChar('0'));
}

QString writeAnimationFrame(const QString& folder, int index, const session::Camera& camera,
                            const AnimationScene& scene) {
    if (scene.prepare)
        scene.prepare(index);
    scene.place(camera);
    const QImage image = scene.grab();
    if (image.isNull())
        throw Error("frame " + std::to_string(index + 1) + ": the view gave back no image");
    const QString file = QDir(folder).filePath(animationFrameName(index));
    writeImageFile(image, file);
    return file;
}

QStringList writeAnimationFrames(const QString& folder, const std::vector<session::Camera>& cameras,
                                 const AnimationScene& scene,
                                 const std::function<bool(int done, int total)>& progress) {
    QStringList files;
    const int total = int(cameras.size());
    for (int index = 0; index < total; ++index) {
        files << writeAnimationFrame(folder, index, cameras[std::size_t(index)], scene);
        if (progress && !progress(index + 1, total))
            throw Cancelled();
    }
    return files;
}

QString findFfmpeg() {
    return QStandardPaths::findExecutable("ffmpeg");
}

QString ffmpegMissingMessage(int frames, const QString& folder) {
    return QString(
               "ffmpeg not found on PATH: wrote %1 PNG frames to %2; install Debian's ffmpeg "
               "to get MP4/WebM")
        .arg(frames)
        .arg(QDir::toNativeSeparators(folder));
}

void encodeAnimation(const QString& ffmpeg, const QString& folder, int fps, const QString& video) {
    const QFileInfo target(video);
    const QString suffix = target.suffix().toLower();
    QStringList codec;
    if (suffix == "mp4")
        codec = {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"};
    else if (suffix == "webm")
        codec = {"-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", "0", "-crf", "32"};
    else
        throw InvalidArgument(video.toStdString() +
                              ": a video must end in .mp4 (H.264) or .webm (VP9)");
    // A hidden file beside the target, renamed over it when complete.
    const QString partial = target.absoluteDir().filePath(
        "." + target.completeBaseName() + ".partial-" +
        QString::number(QCoreApplication::applicationPid()) + "." + suffix);
    QStringList arguments = {"-y", "-loglevel", "error", "-framerate", QString::number(fps), "-i",
                             QDir(folder).filePath("frame-%04d.png"),
                             // Even sizes: H.264 and VP9 in 4:2:0 need them.
                             "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"};
    arguments << codec << partial;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(ffmpeg, arguments);
    process.waitForFinished(-1);
    const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QFile::remove(partial);
        throw Error(video.toStdString() + ": ffmpeg failed (" +
                    (output.isEmpty() ? process.errorString() : output.right(600)).toStdString() +
                    ")");
    }
    std::error_code error;  // rename(2) replaces an older video in one step
    std::filesystem::rename(partial.toStdString(), video.toStdString(), error);
    if (error) {
        QFile::remove(partial);
        throw IoError(video.toStdString(),
                      "could not move the encoded video into place: " + error.message());
    }
}

}  // namespace modescape::ui
