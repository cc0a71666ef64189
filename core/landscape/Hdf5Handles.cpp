#include "core/landscape/Hdf5Handles.h"

#include <algorithm>

namespace modescape::landscape::hdf5 {

namespace {

Handle stringType(std::size_t length) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), std::max<std::size_t>(length, 1));
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    return type;
}

bool writeScalarAttribute(hid_t object, const std::string& name, hid_t type, const void* value) {
    if (H5Aexists(object, name.c_str()) > 0)
        H5Adelete(object, name.c_str());
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attribute(H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                     H5Aclose);
    return attribute.valid() && H5Awrite(attribute.get(), type, value) >= 0;
}

// Reads a string of the given stored type through `read` (attribute or dataset).
template <typename Read>
std::optional<std::string> readString(hid_t storedType, Read read) {
    if (H5Tget_class(storedType) != H5T_STRING)
        return std::nullopt;
    if (H5Tis_variable_str(storedType) > 0) {
        Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memType.get(), H5T_VARIABLE);
        H5Tset_cset(memType.get(), H5Tget_cset(storedType));
        char* text = nullptr;
        if (read(memType.get(), &text) < 0 || !text)
            return std::nullopt;
        std::string s(text);
        H5free_memory(text);
        return s;
    }
    const std::size_t size = H5Tget_size(storedType);
    std::string s(size, '\0');
    Handle memType(H5Tcopy(storedType), H5Tclose);
    if (read(memType.get(), s.data()) < 0)
        return std::nullopt;
    s.resize(s.find('\0') == std::string::npos ? size : s.find('\0'));
    return s;
}

}  // namespace

bool writeBytes(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                const std::uint8_t* values) {
    Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose);
    Handle set(H5Dcreate2(parent, name.c_str(), H5T_STD_U8LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                          H5P_DEFAULT),
               H5Dclose);
    return set.valid() &&
           H5Dwrite(set.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
}

bool writeDoubles(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                  const double* values) {
    Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose);
    Handle set(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose);
    return set.valid() &&
           H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
}

bool writeAttribute(hid_t object, const std::string& name, const std::string& value) {
    const Handle type = stringType(value.size());
    return writeScalarAttribute(object, name, type.get(), value.c_str());
}

bool writeAttribute(hid_t object, const std::string& name, double value) {
    return writeScalarAttribute(object, name, H5T_NATIVE_DOUBLE, &value);
}

bool writeAttribute(hid_t object, const std::string& name, std::int64_t value) {
    return writeScalarAttribute(object, name, H5T_NATIVE_INT64, &value);
}

bool hasLink(hid_t parent, const std::string& name) {
    return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

std::optional<std::pair<std::vector<double>, std::vector<hsize_t>>> readDoubles(
    hid_t parent, const std::string& name) {
    if (!hasLink(parent, name))
        return std::nullopt;
    Handle set(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!set.valid())
        return std::nullopt;
    Handle type(H5Dget_type(set.get()), H5Tclose);
    const auto typeClass = H5Tget_class(type.get());
    if (typeClass != H5T_FLOAT && typeClass != H5T_INTEGER)
        return std::nullopt;
    Handle space(H5Dget_space(set.get()), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0)
        return std::nullopt;
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr);
    hsize_t total = 1;
    for (auto d : shape)
        total *= d;
    std::vector<double> values(total);
    if (total > 0 &&
        H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        return std::nullopt;
    return std::make_pair(std::move(values), std::move(shape));
}

std::optional<std::string> readStringAttribute(hid_t object, const std::string& name) {
    if (H5Aexists(object, name.c_str()) <= 0)
        return std::nullopt;
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attribute.get()), H5Tclose);
    return readString(type.get(), [&](hid_t memType, void* buffer) {
        return H5Aread(attribute.get(), memType, buffer);
    });
}

std::optional<std::string> readStringDataset(hid_t parent, const std::string& name) {
    if (!hasLink(parent, name))
        return std::nullopt;
    Handle set(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!set.valid())
        return std::nullopt;
    Handle type(H5Dget_type(set.get()), H5Tclose);
    return readString(type.get(), [&](hid_t memType, void* buffer) {
        return H5Dread(set.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    });
}

}  // namespace modescape::landscape::hdf5
