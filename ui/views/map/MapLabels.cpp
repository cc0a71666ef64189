#include "ui/views/map/MapLabels.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace modescape::ui {
namespace {

// Whether the box comes within `radius` of the centre (covers part of the disc).
bool coversDisc(const QRectF& box, QPointF centre, double radius) {
    const double dx = std::max({box.left() - centre.x(), 0.0, centre.x() - box.right()});
    const double dy = std::max({box.top() - centre.y(), 0.0, centre.y() - box.bottom()});
    return dx * dx + dy * dy < radius * radius;
}

}  // namespace

std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates,
                                     const std::vector<QPointF>& markers, double radius, double gap,
                                     const QRectF& area, const QFontMetricsF& metrics) {
    std::vector<LabelCandidate> shown;
    for (const LabelCandidate& c : candidates)
        if (!c.text.isEmpty() && area.contains(c.centre))
            shown.push_back(c);
    if (int(shown.size()) > kMaxLabelledPoints)  // a crowd: only the selected members
        shown.erase(std::remove_if(shown.begin(), shown.end(),
                                   [](const LabelCandidate& c) { return !c.selected; }),
                    shown.end());
    std::stable_sort(shown.begin(), shown.end(),
                     [](const LabelCandidate& a, const LabelCandidate& b) {
                         return a.selected != b.selected ? a.selected : a.point < b.point;
                     });
    if (int(shown.size()) > kMaxLabelledPoints)
        shown.resize(std::size_t(kMaxLabelledPoints));

    std::vector<PlacedLabel> placed;
    const double ascent = metrics.ascent(), height = metrics.ascent() + metrics.descent();
    const double reach = radius + gap;
    for (const LabelCandidate& c : shown) {
        // A long label (a member's path in a paper column) is shortened in the middle.
        const QString text = metrics.elidedText(c.text, Qt::ElideMiddle, area.width() / 3);
        const double width = metrics.horizontalAdvance(text);
        const QPointF p = c.centre;
        const std::array<QRectF, 4> boxes = {
            QRectF(p.x() + reach, p.y() - height / 2, width, height),          // right
            QRectF(p.x() - reach - width, p.y() - height / 2, width, height),  // left
            QRectF(p.x() - width / 2, p.y() - reach - height, width, height),  // above
            QRectF(p.x() - width / 2, p.y() + reach, width, height)};          // below
        const auto freeOfLabels = [&](const QRectF& box) {
            return area.contains(box) &&
                   std::none_of(placed.begin(), placed.end(),
                                [&](const PlacedLabel& l) { return l.box.intersects(box); });
        };
        const auto freeOfMarkers = [&](const QRectF& box) {
            for (std::size_t i = 0; i < markers.size(); ++i)
                if (int(i) != c.point && coversDisc(box, markers[i], radius))
                    return false;
            return true;
        };
        const QRectF* chosen = nullptr;
        for (const QRectF& box : boxes)
            if (freeOfLabels(box) && freeOfMarkers(box)) {
                chosen = &box;
                break;
            }
        for (std::size_t k = 0; !chosen && k < boxes.size(); ++k)
            if (freeOfLabels(boxes[k]))
                chosen = &boxes[k];
        if (chosen)
            placed.push_back({c.point, text, *chosen, {chosen->left(), chosen->top() + ascent}});
    }
    return placed;
}

}  // namespace modescape::ui
