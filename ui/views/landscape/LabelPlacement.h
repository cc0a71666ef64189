#pragma once
// Greedy placement of text labels on screen-space boxes: each label offers
// boxes in order of preference, and takes the first that stays inside the
// area and touches neither an obstacle nor a label placed before it. Labels
// come in priority order, so when the view is crowded the later ones (extra
// iso-line labels) are the ones left out.

#include <QRectF>
#include <QVector>

namespace modescape::ui {

struct LabelRequest {
    QVector<QRectF> candidates;  // boxes in display pixels, most preferred first
    // A required label is never dropped: with no free box it takes its first one.
    bool required = false;
};

// For each request, the index of the chosen candidate, or -1 when dropped.
QVector<int> placeLabels(const QVector<LabelRequest>& requests, const QRectF& area,
                         const QVector<QRectF>& obstacles);

// Number of pairs of boxes that overlap (a placement's quality check).
int overlappingPairs(const QVector<QRectF>& boxes);

}  // namespace modescape::ui
