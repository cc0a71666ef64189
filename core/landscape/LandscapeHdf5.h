#pragma once
// Surfaces in HDF5, in the layout of the reference tool
// (tomgoldstein/loss-landscape, plot_surface.py):
//   xcoordinates [nx] float64, ycoordinates [ny] float64 (absent in 1-D),
//   <split>_loss and <split>_acc: [ny][nx] (1-D: [nx]) float64, split "train"
//   or "test"; accuracy in PERCENT as the reference tool stores it.
// The reference tool declares 2-D arrays as (nx, ny) but fills them in
// meshgrid order (index iy * nx + ix), which is [ny][nx] for square grids
// only; we declare (ny, nx) and say so in the root attribute
// layout = "[ny][nx]". Not-computed points are NaN (the reference tool uses
// -1; both read back as NaN). Added to the reference layout: `computed`,
// uint8 of the same shape (1 = computed, even where the loss is NaN or Inf;
// files without it, older ones and the reference tool's, count NaN as not
// computed). Every setting and provenance field, the content hashes of the
// inputs included, is a root attribute (docs/landscape.md lists them).

#include <string>

#include "core/landscape/LandscapeResult.h"

namespace modescape::landscape {

// Whether this build can read and write HDF5 (libhdf5 was found).
bool hdf5Available();

// Atomic. Throws IoError naming path when it cannot be written.
void writeLandscapeHdf5(const std::string& path, const LandscapeResult& result);

// Reads ours completely; a reference-tool file gives the grid and the values
// of the first split it holds (test before train), the other settings at
// their defaults with settings.directions = File when it names its direction
// file. Throws IoError when the file cannot be opened, FormatError when it
// lacks xcoordinates or any *_loss array, or the sizes disagree.
LandscapeResult readLandscapeHdf5(const std::string& path);

}  // namespace modescape::landscape
