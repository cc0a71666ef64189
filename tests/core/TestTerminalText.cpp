// terminalSafe(): text from files made safe to print (issue 22, item 2).
#include <QtTest>

#include <string>

#include "core/common/TerminalText.h"

using modescape::Newlines;
using modescape::terminalSafe;

class TestTerminalText : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void plainAndUnicodeTextPassUnchanged() {
        QCOMPARE(terminalSafe("ensemble/seed0.safetensors"),
                 std::string("ensemble/seed0.safetensors"));
        QCOMPARE(terminalSafe("gewichte-ä-λ-模型-🙂.pt"),
                 std::string("gewichte-ä-λ-模型-🙂.pt"));
        QCOMPARE(terminalSafe(""), std::string());
    }

    void ansiEscapesBecomeVisible() {
        // Red text, a window-title change (OSC ... BEL), a clear-screen.
        QCOMPARE(terminalSafe("evil\x1b[31mred\x1b[0m.pt"),
                 std::string("evil\\x1b[31mred\\x1b[0m.pt"));
        QCOMPARE(terminalSafe("\x1b]0;owned\x07"), std::string("\\x1b]0;owned\\x07"));
        QCOMPARE(terminalSafe("a\rb\x7f"
                              "c"),
                 std::string("a\\x0db\\x7fc"));
    }

    void newlinesAreEscapedInNamesAndKeptInMessages() {
        QCOMPARE(terminalSafe("a\nb\tc"), std::string("a\\x0ab\\x09c"));
        QCOMPARE(terminalSafe("line 1\n\tline 2\x1b[2J", Newlines::Keep),
                 std::string("line 1\n\tline 2\\x1b[2J"));
    }

    void c1ControlsBidiOverridesAndBadUtf8AreEscaped() {
        // U+009B (the one-byte CSI) encoded in UTF-8, and as a raw byte.
        QCOMPARE(terminalSafe("x\xc2\x9b"
                              "31m"),
                 std::string("x\\u{009b}31m"));
        QCOMPARE(terminalSafe("x\x9b"
                              "31m"),
                 std::string("x\\x9b31m"));
        // U+202E RIGHT-TO-LEFT OVERRIDE hides a name's real suffix.
        QCOMPARE(terminalSafe("model\xe2\x80\xaetp.exe"), std::string("model\\u{202e}tp.exe"));
        // A truncated sequence, an overlong '/', a UTF-16 surrogate.
        QCOMPARE(terminalSafe("a\xe2\x82"), std::string("a\\xe2\\x82"));
        QCOMPARE(terminalSafe("\xc0\xaf"), std::string("\\xc0\\xaf"));
        QCOMPARE(terminalSafe("\xed\xa0\x80"), std::string("\\xed\\xa0\\x80"));
    }
};

QTEST_APPLESS_MAIN(TestTerminalText)
#include "TestTerminalText.moc"
