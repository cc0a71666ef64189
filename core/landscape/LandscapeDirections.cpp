#include "core/landscape/LandscapeDirections.h"

#include "core/common/Error.h"
#include "core/common/JoinText.h"
#include "core/common/Log.h"
#include "core/landscape/DirectionFile.h"
#include "core/landscape/MemberDirections.h"
#include "core/landscape/RandomDirection.h"
#include "core/landscape/StreamedPcaDirections.h"

namespace modescape::landscape {

namespace {

std::vector<model::ParameterSet> readAll(const std::vector<std::string>& names,
                                         const MemberWeights& weights, const JobContext& job) {
    std::vector<model::ParameterSet> sets;
    for (const auto& n : names) {
        job.checkCancelled();
        sets.push_back(weights(n));
    }
    return sets;
}

void addMember(std::vector<std::string>& members, const std::string& name) {
    for (const auto& m : members)
        if (m == name)
            return;
    members.push_back(name);
}

}  // namespace

LandscapeDirections makeDirections(const LandscapeSettings& s, const MemberWeights& weights,
                                   const std::vector<std::string>& allMembers,
                                   const JobContext& job) {
    validate(s);
    LandscapeDirections d;
    const bool twoD = s.dimensions == 2;
    std::vector<std::string> selection = s.directionMembers;
    if (s.directions == DirectionSource::Pca && selection.empty())
        selection = allMembers;

    // The centre.
    std::vector<std::string> centre = s.centerMembers;
    if (centre.empty()) {
        if (s.directions == DirectionSource::Plane || s.directions == DirectionSource::Line)
            centre = {selection.front()};
        else if (s.directions == DirectionSource::Pca)
            centre = selection;
        else if (!allMembers.empty())
            centre = {allMembers.front()};
        else
            throw InvalidArgument("landscape: the set has no members to centre on");
    }
    d.center = centre.size() == 1 ? weights(centre.front()) : streamedMean(centre, weights, job);
    d.centerName = centre.size() == 1 ? centre.front() : "mean(" + joinText(centre) + ")";
    for (const auto& n : centre)
        addMember(d.members, n);
    const bool centreIsAnchor =
        s.centerMembers.empty() &&
        (s.directions == DirectionSource::Plane || s.directions == DirectionSource::Line);

    switch (s.directions) {
        case DirectionSource::Random: {
            auto dirs = randomDirections(d.center, s.scope, s.seed, twoD ? 2 : 1);
            for (auto& dir : dirs)
                normalizeDirection(dir, d.center, s.normalization, s.ignore);
            d.x = dirs[0];
            if (twoD)
                d.y = dirs[1];
            break;
        }
        case DirectionSource::Plane: {
            const auto anchors = readAll(selection, weights, job);
            const auto plane = planeThrough(anchors[0], anchors[1], anchors[2], s.scope);
            d.x = plane.u;
            d.y = plane.v;
            if (centreIsAnchor) {
                d.markers = {{selection[0], 0.0, 0.0},
                             {selection[1], 1.0, 0.0},
                             {selection[2], plane.cx, plane.cy}};
            } else {
                for (std::size_t i = 0; i < 3; ++i) {
                    const auto [a, b] = coordinatesOf(anchors[i], d.center, d.x, d.y);
                    d.markers.push_back({selection[i], a, b});
                }
            }
            break;
        }
        case DirectionSource::Line: {
            const auto anchors = readAll(selection, weights, job);
            d.x = lineBetween(anchors[0], anchors[1], s.scope);
            if (centreIsAnchor) {
                d.markers = {{selection[0], 0.0, 0.0}, {selection[1], 1.0, 0.0}};
            } else {
                for (std::size_t i = 0; i < 2; ++i)
                    d.markers.push_back(
                        {selection[i], coordinatesOf(anchors[i], d.center, d.x, {}).first, 0.0});
            }
            break;
        }
        case DirectionSource::Pca: {
            // Streamed: one member's weights in memory at a time (docs/large-sets.md).
            StreamedPca pca =
                streamedPrincipalDirections(selection, weights, d.center, s.scope, s.seed, job);
            d.pcaAlgorithm = pca.algorithm;
            log::info("landscape directions: PCA " + pca.algorithm);
            d.x = pca.directions.first;
            if (twoD) {
                if (pca.directions.second.empty())
                    throw InvalidArgument(
                        "landscape: the selected members span only one direction");
                d.y = pca.directions.second;
            }
            for (const auto& name : selection) {
                job.checkCancelled();
                const auto [a, b] = coordinatesOf(weights(name), d.center, d.x, d.y);
                d.markers.push_back({name, a, b});
            }
            break;
        }
        case DirectionSource::File: {
            auto file = readDirectionFile(s.directionFile, d.center);
            if (twoD && file.y.empty())
                throw InvalidArgument(s.directionFile +
                                      " holds one direction; a 2-D slice needs two");
            d.x = file.x;
            if (twoD)
                d.y = file.y;
            break;
        }
        case DirectionSource::Hessian:
            break;  // computeLandscape: they need the model and the data
    }
    for (const auto& n : selection)
        addMember(d.members, n);
    if (!centreIsAnchor)
        d.markers.insert(d.markers.begin(), LandscapeMarker{d.centerName, 0.0, 0.0});
    return d;
}

}  // namespace modescape::landscape
