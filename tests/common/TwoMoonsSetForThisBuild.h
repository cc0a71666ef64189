#pragma once
// The two-moons set for tests that need a real trained set, made by this
// build's `modescape make-set two-moons` into test-output. Its folder is named
// by the SHA-256 of the modescape executable (the core libraries are linked
// into it statically), so a changed recipe, trainer or writer makes a fresh
// set instead of testing against one an older binary made. Sets left by other
// executables are removed.

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include "tests/common/RunModescape.h"

namespace modescape::test {

// The first 16 hex digits of the SHA-256 of MODESCAPE_EXE's bytes; empty when unreadable.
inline QString executableDigest() {
    QFile exe(MODESCAPE_EXE);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!exe.open(QIODevice::ReadOnly) || !hash.addData(&exe))
        return {};
    return QString::fromLatin1(hash.result().toHex().left(16));
}

// test-output/two-moons-set-<digest>, made when missing. On failure returns an
// empty string and says why in `error`.
inline QString twoMoonsSetForThisBuild(QString* error) {
    const QString digest = executableDigest();
    if (digest.isEmpty()) {
        *error = QString("cannot read %1 to name its two-moons set").arg(MODESCAPE_EXE);
        return {};
    }
    QDir output(MODESCAPE_TEST_OUTPUT_DIR);
    const QString name = "two-moons-set-" + digest;
    for (const QString& old :
         output.entryList({"two-moons-set*"}, QDir::Dirs | QDir::NoDotAndDotDot))
        if (old != name)
            QDir(output.filePath(old)).removeRecursively();
    const QString folder = output.filePath(name);
    // make-set writes into a staging folder and renames it when complete, so
    // a manifest means a whole set.
    if (!QFile::exists(folder + "/modescape.json")) {
        const Run made = runModescape({"make-set", "two-moons", "--out", folder});
        if (made.code != 0) {
            *error = "make-set two-moons failed: " + made.err;
            return {};
        }
    }
    return folder;
}

}  // namespace modescape::test
