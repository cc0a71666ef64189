#pragma once
// The tests run with the result cache off (MODESCAPE_RESULT_CACHE_BYTES=0,
// tests/CMakeLists.txt), so that computing a thing twice computes it twice.
// A test of the cache turns it on, in a folder of its own, while this lives.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace modescape::test {

class ResultCacheOn {
  public:
    explicit ResultCacheOn(const QString& folder, const QByteArray& bound = "64M") {
        qputenv("MODESCAPE_RESULT_CACHE", folder.toUtf8());
        qputenv("MODESCAPE_RESULT_CACHE_BYTES", bound);
    }
    ~ResultCacheOn() {
        qunsetenv("MODESCAPE_RESULT_CACHE");
        qputenv("MODESCAPE_RESULT_CACHE_BYTES", "0");
    }
    ResultCacheOn(const ResultCacheOn&) = delete;
    ResultCacheOn& operator=(const ResultCacheOn&) = delete;
};

}  // namespace modescape::test
