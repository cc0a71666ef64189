#include "core/io/pickle/PickleJson.h"

#include <cmath>
#include <unordered_set>

#include "core/io/pickle/Unpickler.h"

namespace modescape::io::pickle {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one.
std::size_t utf8SequenceLength(const std::string& s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80)
        return 1;
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
    const unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F))
        return 0;  // overlong forms, surrogates, beyond U+10FFFF
    return n;
}

class JsonWriter {
  public:
    nlohmann::json write(const Value* v, int depth) {
        if (!v)
            return nullptr;
        if (depth > kMaxNestingDepth || ++nodes_ > kMaxNodes || onPath_.count(v))
            return "...";
        switch (v->kind) {
            case Kind::None:
                return nullptr;
            case Kind::Bool:
                return v->boolean;
            case Kind::Int:
                return v->integer;
            case Kind::BigInt:
                return "<int of " + std::to_string(v->text.size()) + " bytes>";
            case Kind::Float:
                if (std::isfinite(v->real))
                    return v->real;
                return std::isnan(v->real) ? "nan" : (v->real > 0 ? "inf" : "-inf");
            case Kind::String:
                return validUtf8(v->text);
            case Kind::Bytes:
                return "<" + std::to_string(v->text.size()) + " bytes>";
            case Kind::Global:
                return validUtf8(v->text);
            case Kind::Storage:
                return "storage " + validUtf8(v->tensor.storageType);
            case Kind::Tensor:
                return std::string("tensor ") +
                       (v->tensor.dtypeKnown ? dtypeName(v->tensor.dtype) : "?") + " " +
                       shapeToString(v->tensor.size);
            default:
                break;
        }
        onPath_.insert(v);
        nlohmann::json out = container(v, depth);
        onPath_.erase(v);
        return out;
    }

  private:
    static constexpr long kMaxNodes = 100000;

    nlohmann::json container(const Value* v, int depth) {
        if (v->kind == Kind::List || v->kind == Kind::Tuple) {
            nlohmann::json arr = nlohmann::json::array();
            for (const Value* item : v->items)
                arr.push_back(write(item, depth + 1));
            return arr;
        }
        nlohmann::json obj = nlohmann::json::object();
        if (v->kind == Kind::Object) {
            obj["__class__"] =
                v->cls && v->cls->kind == Kind::Global ? validUtf8(v->cls->text) : "?";
            if (v->state && v->state->kind == Kind::Dict)
                addEntries(obj, v->state, depth);
            else if (v->state)
                obj["__state__"] = write(v->state, depth + 1);
            if (v->args && !v->args->items.empty())
                obj["__args__"] = write(v->args, depth + 1);
            if (!v->items.empty()) {
                nlohmann::json items = nlohmann::json::array();
                for (const Value* item : v->items)
                    items.push_back(write(item, depth + 1));
                obj["__items__"] = items;
            }
        }
        addEntries(obj, v, depth);
        return obj;
    }

    void addEntries(nlohmann::json& obj, const Value* dict, int depth) {
        for (const auto& [k, value] : dict->entries) {
            std::string key = k->isString() ? validUtf8(k->text) : write(k, depth + 1).dump();
            obj[key] = write(value, depth + 1);
        }
    }

    long nodes_ = 0;
    std::unordered_set<const Value*> onPath_;
};

}  // namespace

// Pickled str is meant to be UTF-8, but a damaged file can hold anything;
// JSON output must stay valid, so bad bytes become U+FFFD.
std::string validUtf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    return out;
}

nlohmann::json toJson(const Value* value) {
    return JsonWriter().write(value, 0);
}

}  // namespace modescape::io::pickle
