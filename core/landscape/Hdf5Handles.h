#pragma once
// Owning wrappers of HDF5 C identifiers and the few typed reads and writes
// the landscape files need. Internal to core/landscape; include only where
// libhdf5 is linked.

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modescape::landscape::hdf5 {

// Closes the identifier with the function given (H5Fclose, H5Dclose, ...).
class Handle {
  public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
    Handle& operator=(Handle&& o) noexcept {
        std::swap(id_, o.id_);
        std::swap(close_, o.close_);
        return *this;
    }
    ~Handle() {
        if (id_ >= 0 && close_)
            close_(id_);
    }
    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }

  private:
    hid_t id_ = H5I_INVALID_HID;
    herr_t (*close_)(hid_t) = nullptr;
};

// Turns off HDF5's own error printing for the lifetime of the object (we
// report failures ourselves, with the file name).
class QuietErrors {
  public:
    QuietErrors() {
        H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

  private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

// Writes a float64 dataset of the given shape. False on failure.
bool writeDoubles(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                  const double* values);
// Writes a uint8 dataset of the given shape. False on failure.
bool writeBytes(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                const std::uint8_t* values);
// Scalar attributes on an object. False on failure.
bool writeAttribute(hid_t object, const std::string& name, const std::string& value);
bool writeAttribute(hid_t object, const std::string& name, double value);
bool writeAttribute(hid_t object, const std::string& name, std::int64_t value);

bool hasLink(hid_t parent, const std::string& name);
// Every value of a numeric dataset as double, with its shape; nullopt on failure.
std::optional<std::pair<std::vector<double>, std::vector<hsize_t>>> readDoubles(
    hid_t parent, const std::string& name);
// A string attribute (fixed or variable length); nullopt when absent.
std::optional<std::string> readStringAttribute(hid_t object, const std::string& name);
// A scalar string dataset (h5py writes Python str so); nullopt when absent.
std::optional<std::string> readStringDataset(hid_t parent, const std::string& name);

}  // namespace modescape::landscape::hdf5
