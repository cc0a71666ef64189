#pragma once
// The loss-landscape job: computes the NaN points of a result, one grid row
// after another, reporting each finished row so a view can fill in live.
// Cancelling keeps every point computed so far (the result is filled in
// place), so a later call resumes where this one stopped.

#include <functional>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeResult.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::landscape {

// Called on the job's thread after each finished row iy (in 1-D, the single
// row 0 is reported after every group of points). partial holds every point
// computed so far; copy what you need, the reference is not kept.
using RowCallback = std::function<void(const LandscapeResult& partial, int iy)>;

class GridEvaluator;
// Computes the grid's points in place of fillGrid (onRow is then not called):
// a distributed run (core/parallel) hands them out over its ranks.
using GridFill = std::function<void(const GridEvaluator&, LandscapeResult&, const JobContext&)>;

// Fills result's points not computed yet (result.settings say what to
// compute; make a new one with makeEmptyResult, or read a partial file to
// resume), its centre values when not computed, its markers, its provenance
// fields and the content hashes of its inputs (result.inputs). When result
// already records inputs (a resume), they must be the same: otherwise
// InputsChanged, thrown before any point is computed. Non-finite losses (a
// member with NaN weights) are stored as computed and logged as a warning. The set's model,
// members and split come from `set`; the data is moved to the job's device
// once and evaluated without gradients.
// Throws InvalidArgument for bad settings or unknown member names,
// InputsChanged (an InvalidArgument) when resuming with other inputs,
// ShapeMismatch when directions do not fit the model, IoError / FormatError
// for unreadable member or direction files, Cancelled when cancelled (result
// then holds the points computed so far).
void computeLandscape(evaluation::LoadedSet& set, LandscapeResult& result, const JobContext& job,
                      const RowCallback& onRow = {}, const GridFill& fill = {});

}  // namespace modescape::landscape
