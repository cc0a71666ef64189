// Where a user's caches and data go (core/common/UserFolders.h): the XDG
// variables when they name absolute paths, the home folder's defaults when
// they are unset, empty or relative, the temporary folder without a home.
#include <QtTest>

#include <filesystem>
#include <string>

#include "core/common/UserFolders.h"

using modescape::userCacheFolder;
using modescape::userDataFolder;

class TestUserFolders : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void init() {
        qputenv("HOME", "/home/ada");
        qunsetenv("XDG_CACHE_HOME");
        qunsetenv("XDG_DATA_HOME");
    }

    void absoluteXdgFoldersAreUsed() {
        qputenv("XDG_CACHE_HOME", "/var/tmp/ada-cache");
        qputenv("XDG_DATA_HOME", "/srv/ada data");
        QCOMPARE(userCacheFolder(), std::string("/var/tmp/ada-cache/modescape"));
        QCOMPARE(userDataFolder(), std::string("/srv/ada data/modescape"));
    }

    void unsetEmptyOrRelativeOnesFallBackToTheHome() {
        QCOMPARE(userCacheFolder(), std::string("/home/ada/.cache/modescape"));
        QCOMPARE(userDataFolder(), std::string("/home/ada/.local/share/modescape"));
        qputenv("XDG_CACHE_HOME", "");
        qputenv("XDG_DATA_HOME", "relative/data");  // the specification: ignore it
        QCOMPARE(userCacheFolder(), std::string("/home/ada/.cache/modescape"));
        QCOMPARE(userDataFolder(), std::string("/home/ada/.local/share/modescape"));
    }

    void withoutAHomeTheTemporaryFolder() {
        qunsetenv("HOME");
        const std::string temporary =
            (std::filesystem::temp_directory_path() / "modescape").string();
        QCOMPARE(userCacheFolder(), temporary);
        QCOMPARE(userDataFolder(), temporary);
    }
};

QTEST_APPLESS_MAIN(TestUserFolders)
#include "TestUserFolders.moc"
