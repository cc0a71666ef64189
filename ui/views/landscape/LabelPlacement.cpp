#include "ui/views/landscape/LabelPlacement.h"

namespace modescape::ui {

namespace {

bool touchesAny(const QRectF& box, const QVector<QRectF>& others) {
    for (const QRectF& other : others)
        if (box.intersects(other))
            return true;
    return false;
}

}  // namespace

QVector<int> placeLabels(const QVector<LabelRequest>& requests, const QRectF& area,
                         const QVector<QRectF>& obstacles) {
    QVector<int> chosen(requests.size(), -1);
    QVector<QRectF> taken = obstacles;
    for (int r = 0; r < requests.size(); ++r) {
        const LabelRequest& request = requests[r];
        for (int c = 0; c < request.candidates.size(); ++c) {
            const QRectF& box = request.candidates[c];
            if (area.contains(box) && !touchesAny(box, taken)) {
                chosen[r] = c;
                break;
            }
        }
        if (chosen[r] < 0 && request.required && !request.candidates.isEmpty())
            chosen[r] = 0;
        if (chosen[r] >= 0)
            taken.push_back(request.candidates[chosen[r]]);
    }
    return chosen;
}

int overlappingPairs(const QVector<QRectF>& boxes) {
    int pairs = 0;
    for (int i = 0; i < boxes.size(); ++i)
        for (int j = i + 1; j < boxes.size(); ++j)
            pairs += boxes[i].intersects(boxes[j]) ? 1 : 0;
    return pairs;
}

}  // namespace modescape::ui
