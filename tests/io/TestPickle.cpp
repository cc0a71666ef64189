// The restricted unpickler: values from hand-assembled pickles (bytes worked
// out by hand from the pickle opcode table), malicious GLOBAL + REDUCE
// pickles that must not run, unknown opcodes, truncation and limits.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/Error.h"
#include "core/io/pickle/PickleJson.h"
#include "core/io/pickle/Unpickler.h"

using namespace modescape;
using namespace modescape::io::pickle;
using namespace std::string_literals;

namespace {

const std::string kDir = MODESCAPE_FIXTURES_DIR "/torch/bad/";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// pickle.dumps({'a': 1, 'b': 3.141592653589793}, protocol=2), as Python writes it.
const std::string kDictPickle =
    "\x80\x02}q\x00(X\x01\x00\x00\x00"
    "aq\x01K\x01X\x01\x00\x00\x00"
    "bq\x02G@\t!\xfbTD-\x18u."s;

std::string errorOf(const std::string& bytes, const std::string& path = "test.pkl",
                    const UnpicklerLimits& limits = {}) {
    try {
        parsePickle(bytes, path, "pickle", 0, limits);
    } catch (const FormatError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestPickle : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void dictOfNumbers() {
        PickleDocument doc = parsePickle(kDictPickle, "t.pkl", "pickle");
        QCOMPARE(doc.root->kind, Kind::Dict);
        QCOMPARE(doc.root->entries.size(), std::size_t(2));
        QCOMPARE(doc.root->get("a")->integer, std::int64_t(1));
        QCOMPARE(doc.root->get("b")->real, 3.141592653589793);
        QCOMPARE(doc.endOffset, kDictPickle.size());
        QCOMPARE(toJson(doc.root).dump(), std::string(R"({"a":1,"b":3.141592653589793})"));
    }

    void integersOfEveryWidth() {
        // (BININT -5, BININT1 200, BININT2 65535, LONG1 2**40, LONG1 -1, LONG1 10 bytes, True,
        // None)
        const std::string bytes =
            "\x80\x02(J\xfb\xff\xff\xffK\xc8M\xff\xff\x8a\x06\x00\x00\x00\x00\x00\x01\x8a\x01\xff"
            "\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19\x88Nt."s;
        PickleDocument doc = parsePickle(bytes, "t.pkl", "pickle");
        QCOMPARE(doc.root->kind, Kind::Tuple);
        const auto& items = doc.root->items;
        QCOMPARE(items.size(), std::size_t(8));
        QCOMPARE(items[0]->integer, std::int64_t(-5));
        QCOMPARE(items[1]->integer, std::int64_t(200));
        QCOMPARE(items[2]->integer, std::int64_t(65535));
        QCOMPARE(items[3]->integer, std::int64_t(1) << 40);
        QCOMPARE(items[4]->integer, std::int64_t(-1));
        QCOMPARE(items[5]->kind, Kind::BigInt);
        QCOMPARE(items[5]->text.size(), std::size_t(10));
        QCOMPARE(items[6]->boolean, true);
        QCOMPARE(items[7]->kind, Kind::None);
    }

    void memoSharingAndCycles() {
        // l = []; l.append(l); (l, l): memo makes both tuple items the same list.
        const std::string bytes =
            "\x80\x02]q\x00h\x00"
            "ah\x00\x86."s;
        PickleDocument doc = parsePickle(bytes, "t.pkl", "pickle");
        QCOMPARE(doc.root->items.size(), std::size_t(2));
        QCOMPARE(doc.root->items[0], doc.root->items[1]);
        QCOMPARE(doc.root->items[0]->items[0], doc.root->items[0]);
        // Walking a cycle terminates.
        QCOMPARE(toJson(doc.root).dump(), std::string(R"([["..."],["..."]])"));
    }

    void bytesViaCodecsEncode() {
        // _codecs.encode('\xe9A', 'latin1'): how protocol 2 pickles b'\xe9A'.
        const std::string bytes =
            "\x80\x02\x63_codecs\nencode\nX\x03\x00\x00\x00\xc3\xa9"
            "AX\x06\x00\x00\x00latin1\x86R."s;
        PickleDocument doc = parsePickle(bytes, "t.pkl", "pickle");
        QCOMPARE(doc.root->kind, Kind::Bytes);
        QCOMPARE(doc.root->text, std::string("\xe9"
                                             "A"));
    }

    void tensorRebuildInsideStorage() {
        // _rebuild_tensor_v2(storage('0', FloatStorage, numel 4), offset, (3,), (1,), False, {})
        auto tensorPickle = [](char offset) {
            return "\x80\x02\x63torch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storage"
                   "\x63torch\nFloatStorage\nX\x01\x00\x00\x00"
                   "0X\x03\x00\x00\x00"
                   "cpuK\x04tQK"s +
                   offset + "K\x03\x85K\x01\x85\x89}tR."s;
        };
        PickleDocument doc = parsePickle(tensorPickle(1), "t.pkl", "pickle");
        QCOMPARE(doc.root->kind, Kind::Tensor);
        QCOMPARE(doc.root->tensor.storageKey, std::string("0"));
        QCOMPARE(doc.root->tensor.storageType, std::string("FloatStorage"));
        QCOMPARE(doc.root->tensor.dtype, io::DType::F32);
        QCOMPARE(doc.root->tensor.storageOffset, std::int64_t(1));
        QCOMPARE(doc.root->tensor.size, std::vector<std::int64_t>{3});
        QCOMPARE(doc.storages.size(), std::size_t(1));
        // Offset 2 + 3 elements reaches element 4 of a 4-element storage.
        const std::string message = errorOf(tensorPickle(2), "view.pkl");
        QVERIFY2(
            contains(message, "view.pkl: ") && contains(message, "past the end of its storage"),
            message.c_str());
    }

    void maliciousGlobalsBecomePlaceholders_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("global");
        QTest::addColumn<QString>("marker");
        QTest::newRow("os.system") << "evil_os_system.pkl"
                                   << "os.system"
                                   << "/tmp/modescape-pwned-system";
        QTest::newRow("builtins.eval") << "evil_builtins_eval.pkl"
                                       << "builtins.eval"
                                       << "/tmp/modescape-pwned-eval";
        QTest::newRow("subprocess.Popen") << "evil_subprocess_Popen.pkl"
                                          << "subprocess.Popen"
                                          << "/tmp/modescape-pwned-Popen";
    }

    void maliciousGlobalsBecomePlaceholders() {
        QFETCH(QString, file);
        QFETCH(QString, global);
        QFETCH(QString, marker);
        std::filesystem::remove(marker.toStdString());
        const std::string path = kDir + file.toStdString();
        const std::string bytes = readFile(path);
        QVERIFY(!bytes.empty());
        PickleDocument doc = parsePickle(bytes, path, "pickle");
        const Value* payload = doc.root->get("payload");
        QVERIFY(payload);
        QCOMPARE(payload->kind, Kind::Object);
        QCOMPARE(QString::fromStdString(payload->cls->text), global);
        // The placeholder keeps its arguments, inert: the command is just a string.
        QCOMPARE(payload->args->items.size(), std::size_t(1));
        const std::string json = toJson(payload->args).dump();
        QVERIFY2(contains(json, marker.toStdString()), json.c_str());
        QVERIFY(!std::filesystem::exists(marker.toStdString()));
    }

    void unknownOpcodeNamesFileByteAndOffset() {
        const std::string path = kDir + "unknown_opcode.pkl";
        const std::string message = errorOf(readFile(path), path);
        QVERIFY2(message.rfind(path + ": ", 0) == 0, message.c_str());
        QVERIFY2(contains(message, "opcode 0xff"), message.c_str());
        QVERIFY2(contains(message, "byte offset 8"), message.c_str());
    }

    void everyTruncationIsAFormatError() {
        for (const std::string& full :
             {kDictPickle, readFile(kDir + "evil_subprocess_Popen.pkl")}) {
            for (std::size_t cut = 0; cut < full.size(); ++cut) {
                const std::string message = errorOf(full.substr(0, cut), "cut.pkl");
                QVERIFY2(message.rfind("cut.pkl: ", 0) == 0,
                         ("cut at " + std::to_string(cut) + ": " + message).c_str());
            }
        }
    }

    void malformedStacksAreFormatErrors() {
        for (const std::string& bytes : {
                 "\x80\x02."s,             // STOP on an empty stack
                 "\x80\x02(K\x01s."s,      // SETITEM reaching below a MARK
                 "\x80\x02K\x01K\x02s."s,  // SETITEM on an int
                 "\x80\x02h\x05."s,        // BINGET of a missing memo entry
                 "\x80\x02K\x01K\x01R."s,  // REDUCE with non-tuple arguments
                 "\x80\x02K\x01Q."s,       // BINPERSID that is not a storage
                 "\x80\x09N."s,            // unknown protocol
                 "\x80\x02X\xff\xff\xff\x7f"
                 "abc."s,  // string longer than the data
             }) {
            const std::string message = errorOf(bytes, "bad.pkl");
            QVERIFY2(message.rfind("bad.pkl: ", 0) == 0, message.c_str());
        }
    }

    void invalidUtf8StaysValidJson() {
        // {'\x99': 'a\xff'} with bytes no UTF-8 encoder writes (found by fuzzing).
        const std::string bytes =
            "\x80\x02}\x8c\x01\x99\x8c\x02"
            "a\xffs."s;
        PickleDocument doc = parsePickle(bytes, "t.pkl", "pickle");
        QCOMPARE(toJson(doc.root).dump(), std::string("{\"\xEF\xBF\xBD\":\"a\xEF\xBF\xBD\"}"));
    }

    void limitsStopHostileInput() {
        UnpicklerLimits limits;
        limits.maxStack = 100;
        QVERIFY(contains(errorOf("\x80\x02" + std::string(500, 'N') + ".", "deep.pkl", limits),
                         "stack deeper than the limit"));
        limits = {};
        limits.maxValues = 50;
        QVERIFY(contains(errorOf("\x80\x02]" + std::string(100, ']') + ".", "many.pkl", limits),
                         "more than 50 values"));
        // Deep nesting parses (the machine is iterative) and JSON output is cut short.
        std::string nested = "\x80\x02";
        for (int i = 0; i < 5000; ++i)
            nested += "]";
        for (int i = 0; i < 4999; ++i)
            nested += "a";
        nested += ".";
        PickleDocument doc = parsePickle(nested, "nested.pkl", "pickle");
        QVERIFY(contains(toJson(doc.root).dump(), "..."));
    }
};

QTEST_APPLESS_MAIN(TestPickle)
#include "TestPickle.moc"
