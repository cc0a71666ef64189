#pragma once
// Surface files, chosen by suffix. Every writer is atomic (core/io/AtomicFile.h).
//  .h5 / .hdf5  Li et al.'s layout (xcoordinates, ycoordinates, <split>_loss,
//               <split>_acc) plus our settings as attributes; read back
//               completely (resume), and surfaces written by the reference
//               tool open too. See LandscapeHdf5.h and docs/landscape.md.
//  .vts         VTK XML structured grid for ParaView (write only).
//  .csv         x,y,loss,acc, one line per point (write only).

#include <string>

#include "core/landscape/LandscapeResult.h"

namespace modescape::landscape {

enum class SurfaceFormat { Hdf5, Vts, Csv };

// From the suffix. Throws InvalidArgument naming the accepted suffixes.
SurfaceFormat surfaceFormatOf(const std::string& path);

// Throws InvalidArgument for an unknown suffix, IoError when it cannot be written.
void writeSurface(const std::string& path, const LandscapeResult& result);

// HDF5 only. Throws InvalidArgument for another suffix, IoError / FormatError
// for a file that cannot be read or is not a surface.
LandscapeResult readSurface(const std::string& path);

}  // namespace modescape::landscape
