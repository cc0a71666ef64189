// Metadata from file names, natural ordering, and openCheckpoint's dispatch
// on bad input (no PyTorch file needed).
#include <QtTest>

#include <QTemporaryDir>

#include <fstream>

#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/io/set/NameMetadata.h"

using namespace modescape;
using namespace modescape::io;

using Meta = std::map<std::string, std::string>;

class TestCheckpointSetNames : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void numbersInNamesBecomeMetadata() {
        QCOMPARE(metadataFromFileName("seed3"), (Meta{{"seed", "3"}}));
        QCOMPARE(metadataFromFileName("epoch_40"), (Meta{{"epoch", "40"}}));
        QCOMPARE(metadataFromFileName("sample-07"), (Meta{{"sample", "7"}}));
        QCOMPARE(metadataFromFileName("resnet_Seed12_epoch-200_lr0.05"),
                 (Meta{{"seed", "12"}, {"epoch", "200"}, {"lr", "0.05"}}));
        QCOMPARE(metadataFromFileName("0042"), (Meta{{"index", "42"}}));
        QCOMPARE(metadataFromFileName("ckpt_000"), (Meta{{"ckpt", "0"}}));
        QCOMPARE(metadataFromFileName("seed1_seed2"), (Meta{{"seed", "1"}}));  // first wins
        QCOMPARE(metadataFromFileName("final"), Meta{});
    }

    void naturalOrderComparesNumbersAsNumbers() {
        QVERIFY(naturalLess("seed2", "seed10"));
        QVERIFY(!naturalLess("seed10", "seed2"));
        QVERIFY(naturalLess("a/seed9", "b/seed1"));
        QVERIFY(naturalLess("epoch_7", "epoch_07"));
        QVERIFY(!naturalLess("x", "x"));
        QVERIFY(naturalLess("x", "x1"));
    }

    void suffixesCoverTheFormats() {
        const auto& s = checkpointSuffixes();
        for (const char* suffix : {".safetensors", ".pt", ".pth", ".bin", ".ckpt"})
            QVERIFY2(std::find(s.begin(), s.end(), suffix) != s.end(), suffix);
    }

    void unknownContentIsAFormatErrorNamingTheFile() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/notes.pt";
        std::ofstream(path) << "hello, world";
        try {
            openCheckpoint(path);
            QFAIL("no exception");
        } catch (const FormatError& e) {
            const QString m = e.what();
            QVERIFY2(m.startsWith(QString::fromStdString(path) + ": not a checkpoint"),
                     qPrintable(m));
            QVERIFY2(m.contains("68 65 6c 6c 6f"), qPrintable(m));  // "hello"
        }
    }

    void missingFileIsAnIoError() {
        try {
            openCheckpoint("/no/such/file.safetensors");
            QFAIL("no exception");
        } catch (const FormatError&) {
            QFAIL("a missing file is not a format problem");
        } catch (const IoError& e) {
            QVERIFY(QString(e.what()).startsWith("/no/such/file.safetensors: cannot open"));
        }
    }
};

QTEST_APPLESS_MAIN(TestCheckpointSetNames)
#include "TestCheckpointSetNames.moc"
