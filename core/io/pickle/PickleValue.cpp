#include "core/io/pickle/PickleValue.h"

#include "core/io/pickle/PickleJson.h"

namespace modescape::io::pickle {

const char* kindName(Kind kind) {
    switch (kind) {
        case Kind::None:
            return "None";
        case Kind::Bool:
            return "bool";
        case Kind::Int:
            return "int";
        case Kind::BigInt:
            return "int";
        case Kind::Float:
            return "float";
        case Kind::String:
            return "str";
        case Kind::Bytes:
            return "bytes";
        case Kind::List:
            return "list";
        case Kind::Tuple:
            return "tuple";
        case Kind::Dict:
            return "dict";
        case Kind::Global:
            return "global";
        case Kind::Object:
            return "object";
        case Kind::Storage:
            return "storage";
        case Kind::Tensor:
            return "tensor";
    }
    return "?";
}

Value* Value::get(const std::string& key) const {
    if (kind != Kind::Dict)
        return nullptr;
    for (const auto& [k, v] : entries)
        if (k->kind == Kind::String && k->text == key)
            return v;
    return nullptr;
}

Value* PickleDocument::make(Kind kind) {
    Value& v = values_.emplace_back();
    v.kind = kind;
    return &v;
}

namespace {

std::string describeRaw(const Value* value) {
    if (!value)
        return "nothing";
    switch (value->kind) {
        case Kind::Int:
            return "int " + std::to_string(value->integer);
        case Kind::String:
            return "str '" + value->text.substr(0, 40) + "'";
        case Kind::Global:
            return "global " + value->text;
        case Kind::Object:
            return "object " + (value->cls && value->cls->kind == Kind::Global ? value->cls->text
                                                                               : std::string("?"));
        default:
            return kindName(value->kind);
    }
}

}  // namespace

// Texts from damaged files may be any bytes; messages stay valid UTF-8.
std::string describe(const Value* value) {
    return validUtf8(describeRaw(value));
}

}  // namespace modescape::io::pickle
