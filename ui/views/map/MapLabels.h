#pragma once
// Where the 2-D map's point labels go (Label by: member name or a metadata
// column), so that labels never make the figure unreadable:
//
// - Only points shown (inside the plot area, after a zoom) are labelled.
// - When at most kMaxLabelledPoints points with a label are shown, every one
//   is a candidate; when more, only the selected ones (the first
//   kMaxLabelledPoints): select members, or zoom in, to label a crowd.
// - Selected members first, then the others in the projection's order, each
//   label is placed right of its marker, else left, above or below it: the
//   first of these that stays inside the plot area and covers neither a label
//   placed before nor another marker; when every one covers a marker, the
//   first that covers no label. A label with no such place is left out (the
//   hover still names the member).
// - A label wider than a third of the plot area is shortened in the middle
//   ("run-0-3/ver…safetensors") to that width.
//
// Labels are drawn as text (real <text> in SVG and PDF) with the figure's font.

#include <QFontMetricsF>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <vector>

namespace modescape::ui {

inline constexpr int kMaxLabelledPoints = 30;

struct LabelCandidate {
    int point = 0;
    QPointF centre;  // the marker's centre, painter pixels
    QString text;
    bool selected = false;
};

struct PlacedLabel {
    int point = 0;
    QString text;
    QRectF box;        // the text's box (advance width, ascent + descent)
    QPointF baseline;  // where drawText starts: the box's left, at the baseline
};

// The labels placed by the rule above. candidates: every point with a label
// text (any order); markers: every point's centre (indexed by point); radius
// and gap: the markers' radius and the space between a marker and its label.
std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates,
                                     const std::vector<QPointF>& markers, double radius, double gap,
                                     const QRectF& area, const QFontMetricsF& metrics);

}  // namespace modescape::ui
