#pragma once
// QCOMPARE's fuzzy compare fails near 0 (it is relative); these tests compare
// hand-worked numbers with an absolute tolerance and print both values.

#include <QtTest>

#include <cmath>

#define MODESCAPE_COMPARE_NEAR(actual, expected, tolerance)        \
    do {                                                           \
        const double a_ = (actual), e_ = (expected);               \
        QVERIFY2(std::abs(a_ - e_) <= (tolerance),                 \
                 qPrintable(QStringLiteral("%1 = %2, expected %3") \
                                .arg(QStringLiteral(#actual))      \
                                .arg(a_, 0, 'g', 17)               \
                                .arg(e_, 0, 'g', 17)));            \
    } while (false)
