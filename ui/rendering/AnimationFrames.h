#pragma once
// Writes an animation: one PNG per camera (frame-0001.png, frame-0002.png
// ... in a folder), and from them a video through the `ffmpeg` program when
// it is on PATH (MP4 with H.264, or WebM with VP9, by the file's suffix).
// Modescape links no video encoder; without ffmpeg the frames are the output
// and ffmpegMissingMessage() says so.

#include <QImage>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

#include "core/session/Session.h"

namespace modescape::ui {

// "frame-0001.png" for frame index 0.
QString animationFrameName(int index);

struct AnimationScene {
    std::function<void(const session::Camera&)> place;  // puts the camera in the scene
    std::function<QImage()> grab;                       // renders the scene as it is now
    // Optional: changes the scene for frame `index` before the camera is
    // placed (the trajectory animation draws the path up to that frame).
    std::function<void(int index)> prepare;
};

// Places the camera, grabs the scene and writes it atomically as
// folder/frame-NNNN.png (index 0 is frame-0001.png); returns the file. Throws
// Error when the view gives no image, IoError naming a file it cannot write.
QString writeAnimationFrame(const QString& folder, int index, const session::Camera& camera,
                            const AnimationScene& scene);

// Places each camera, grabs the scene and writes it atomically as
// folder/frame-NNNN.png; returns the files. `progress(done, total)` is called
// after each frame; returning false stops (modescape::Cancelled is thrown,
// the frames written so far stay). Throws IoError naming a file that cannot
// be written.
QStringList writeAnimationFrames(const QString& folder, const std::vector<session::Camera>& cameras,
                                 const AnimationScene& scene,
                                 const std::function<bool(int done, int total)>& progress = {});

// The ffmpeg program on PATH, or "" when there is none.
QString findFfmpeg();

// "ffmpeg not found on PATH: wrote N PNG frames to FOLDER; install Debian's
// ffmpeg to get MP4/WebM".
QString ffmpegMissingMessage(int frames, const QString& folder);

// Encodes folder/frame-%04d.png at `fps` frames a second into `video` (.mp4:
// H.264, yuv420p; .webm: VP9) with `ffmpeg`, writing a hidden file beside it
// and renaming it into place. Throws InvalidArgument for another suffix and
// Error with ffmpeg's last words when it fails.
void encodeAnimation(const QString& ffmpeg, const QString& folder, int fps, const QString& video);

}  // namespace modescape::ui
