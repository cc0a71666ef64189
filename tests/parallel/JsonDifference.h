#pragma once
// What the shared-run tests compare: two JSON outputs to 1e-6, leaving out
// what says how a run went rather than what it computed, and the fields
// that say how the work was shared.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QtTest>

#include <cmath>

namespace modescape::test {

// What says how a run went rather than what it computed: never compared.
inline bool aboutTheRun(const QString& key) {
    static const QStringList keys{
        "seconds",  "provenance",    "algorithm",           "ranks",         "rank_work", "devices",
        "messages", "message_bytes", "coordinator_seconds", "units_computed"};
    return keys.contains(key) || key.endsWith("_per_second");
}

// The first place two JSON values differ (numbers by more than 1e-6), or "".
inline QString firstDifference(const QJsonValue& a, const QJsonValue& b,
                               const QString& where = "$") {
    if (a.isDouble() && b.isDouble())
        return std::abs(a.toDouble() - b.toDouble()) <= 1e-6 ? QString()
                                                             : QString("%1: %2 vs %3")
                                                                   .arg(where)
                                                                   .arg(a.toDouble(), 0, 'g', 17)
                                                                   .arg(b.toDouble(), 0, 'g', 17);
    if (a.type() != b.type())
        return where + ": types differ";
    if (a.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return where + ": lengths differ";
        for (qsizetype i = 0; i < x.size(); ++i)
            if (const QString d = firstDifference(x[i], y[i], QString("%1[%2]").arg(where).arg(i));
                !d.isEmpty())
                return d;
        return {};
    }
    if (a.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        QStringList keys = x.keys();
        for (const QString& key : y.keys())
            if (!keys.contains(key))
                keys << key;
        for (const QString& key : keys) {
            if (aboutTheRun(key))
                continue;
            if (!x.contains(key) || !y.contains(key))
                return where + "." + key + ": only in one";
            if (const QString d = firstDifference(x[key], y[key], where + "." + key); !d.isEmpty())
                return d;
        }
        return {};
    }
    return a == b ? QString()
                  : where + ": " + a.toVariant().toString() + " vs " + b.toVariant().toString();
}

inline QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The --json fields of a run on `ranks` ranks (docs/mpi.md).
inline void checkShared(const QJsonObject& j, int ranks) {
    QCOMPARE(j["ranks"].toInt(), ranks);
    const QJsonArray work = j["rank_work"].toArray();
    QCOMPARE(work.size(), ranks);
    double sum = 0;
    for (const auto share : work)
        sum += share.toDouble();
    QVERIFY(std::abs(sum - 1.0) < 1e-12);
    QCOMPARE(j["devices"].toArray().size(), ranks);
}

}  // namespace modescape::test
