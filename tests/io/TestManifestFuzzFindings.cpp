// Manifests the fuzzer (fuzz/fuzz_manifest.cpp) found to escape parseManifest
// with something other than modescape::Error: each must now be a FormatError
// naming the manifest.
#include <QtTest>

#include "core/common/Error.h"
#include "core/io/set/SetManifest.h"

using namespace modescape;

class TestManifestFuzzFindings : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void numberBeyondDoubleRange() {
        const std::string path = "/sets/a/modescape.json";
        for (const char* text : {R"({"unknown": {"nested": [1, 2.5e309, null, true]}})",
                                 R"({"members": [{"file": "a.pt", "lr": -1e400}]})"}) {
            try {
                io::parseManifest(text, path, "/sets/a");
                QFAIL(text);
            } catch (const FormatError& e) {
                const std::string message = e.what();
                QVERIFY2(message.rfind(path + ": ", 0) == 0, e.what());
                QVERIFY2(message.find("too large") != std::string::npos, e.what());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestManifestFuzzFindings)
#include "TestManifestFuzzFindings.moc"
