#pragma once
// What the map shows, apart from how it is drawn: the projection's members,
// their groups and colours (a group's Okabe–Ito colour, a metric or a numeric
// metadata column through viridis, a text metadata column's values in
// Okabe–Ito), the selection, the marker size and opacity for the point count,
// the order the groups are drawn in, and the title and axis names. The 2-D
// map paints it with QPainter (MapFigure), the 3-D map with VTK (MapScene3d).

#include <QColor>
#include <QString>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/symmetry/SetProjection.h"

namespace modescape::ui {

enum class MapColouring { Group, Accuracy, Nll, Metadata };

struct MemberMetrics {
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    double nll = std::numeric_limits<double>::quiet_NaN();
};
using MemberMetricsMap = std::map<std::string, MemberMetrics>;  // by member name

class MapModel {
  public:
    // Shows the projection's members and clears the selection.
    void setProjection(const symmetry::SetProjection& projection);
    const symmetry::SetProjection& projection() const { return projection_; }
    void setMetrics(MemberMetricsMap metrics);
    const MemberMetricsMap& metrics() const { return metrics_; }
    void setColouring(MapColouring colouring);
    MapColouring colouring() const { return colouring_; }
    // The member metadata column MapColouring::Metadata colours by: its key and
    // each member's value as text (missing: grey). Numbers throughout make it
    // continuous (a colour bar), anything else categorical (a legend).
    void setMetadataColumn(std::string key, std::map<std::string, std::string> valueByMember);
    const std::string& metadataKey() const { return metadataKey_; }
    // Each member's text label (Label by: its name or a metadata column; MapLabels.h
    // says which are drawn); empty = no labels. A member without one is not labelled.
    void setLabels(std::map<std::string, std::string> textByMember);
    QString labelOf(int point) const;
    bool hasLabels() const { return !labels_.empty(); }
    // Every member's metadata, for the hover (by member name, then key).
    void setMemberMetadata(std::map<std::string, std::map<std::string, std::string>> metadata);
    const std::map<std::string, std::string>* metadataOf(int point) const;
    // Indices into projection().members (sorted, unique).
    void setSelected(std::vector<int> indices);
    const std::vector<int>& selected() const { return selected_; }
    void setShowLegend(bool show) { showLegend_ = show; }
    bool showLegend() const { return showLegend_; }
    void setShowTexts(bool show) { showTexts_ = show; }
    bool showTexts() const { return showTexts_; }

    int pointCount() const { return int(projection_.members.size()); }
    bool isThreeDimensional() const { return projection_.coordinates.cols() >= 3; }
    // Group names in legend order (first appearance), and a member's group index.
    const std::vector<std::string>& groups() const { return groups_; }
    int groupIndexOf(int point) const { return groupOfPoint_[std::size_t(point)]; }
    // The colour point i is drawn with (opaque; markers add markerAlpha()).
    void pointColour(int point, double rgb[3]) const;
    QColor pointQColor(int point) const;
    // Marker opacity (0..255) and diameter in points for the current point count.
    int markerAlpha() const;
    double markerPoints() const;
    // Group indices in the order they are drawn (the first at the bottom), and
    // the points in that order.
    const std::vector<int>& groupDrawOrder() const { return drawOrder_; }
    std::vector<int> pointDrawOrder() const;
    // A legend's entries: the groups, or the values of a text metadata column;
    // empty when the colours are continuous.
    struct LegendEntry {
        QString name;
        QColor colour;
    };
    std::vector<LegendEntry> legendEntries() const;
    // A continuous colouring with at least one value: its range (lo < hi) and name.
    bool hasColourBar() const;
    double metricLow() const { return metricRange_[0]; }
    double metricHigh() const { return metricRange_[1]; }
    QString metricName() const;
    // "PC 1 (43.2% of variance)", "t-SNE 1", "MDS 2".
    QString axisName(int axis) const;
    // "PCA of 12 members, raw".
    QString title() const;

  private:
    void rebuildColours();
    double metricOf(int point) const;
    bool continuous() const;

    symmetry::SetProjection projection_;
    MemberMetricsMap metrics_;
    MapColouring colouring_ = MapColouring::Group;
    std::string metadataKey_;
    std::map<std::string, std::string> metadataValues_;  // by member name
    bool metadataNumeric_ = false;
    std::vector<std::string> categories_;        // a text column's values, first appearance first
    std::map<std::string, std::string> labels_;  // by member name
    std::map<std::string, std::map<std::string, std::string>> metadata_;  // by member name
    std::vector<int> selected_;
    std::vector<std::string> groups_;
    std::vector<int> groupOfPoint_;
    std::vector<double> colours_;  // 3 per point
    std::vector<int> drawOrder_;   // group indices, bottom first
    double metricRange_[2] = {0, 1};
    bool showLegend_ = true;
    bool showTexts_ = true;
};

}  // namespace modescape::ui
