#include "core/io/pickle/Unpickler.h"

#include <bit>
#include <cstring>
#include <sstream>

#include "core/io/pickle/PickleMachine.h"

namespace modescape::io::pickle {

namespace detail {

namespace {

std::string hexByte(std::uint8_t b) {
    static const char* digits = "0123456789abcdef";
    return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

}  // namespace

PickleMachine::PickleMachine(std::string_view data, const std::string& path,
                             const std::string& what, std::size_t offset,
                             const UnpicklerLimits& limits)
    : data_(data), path_(path), what_(what), pos_(offset), limits_(limits) {}

void PickleMachine::fail(const std::string& problem) const {
    throw FormatError(path_, what_ + ": " + problem + " (opcode at byte offset " +
                                 std::to_string(opcodeOffset_) +
                                 "); the file is damaged or not a PyTorch checkpoint");
}

Value* PickleMachine::make(Kind kind) {
    if (doc_.size() >= limits_.maxValues)
        fail("more than " + std::to_string(limits_.maxValues) + " values");
    return doc_.make(kind);
}

std::string_view PickleMachine::take(std::uint64_t n) {
    if (n > data_.size() - pos_)
        throw PickleTruncated(path_, what_ + ": data ends at byte " + std::to_string(data_.size()) +
                                         " in the middle of the pickle (opcode at byte offset " +
                                         std::to_string(opcodeOffset_) +
                                         "); the file is truncated");
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
}

std::uint8_t PickleMachine::u8() {
    return static_cast<std::uint8_t>(take(1)[0]);
}

std::uint64_t PickleMachine::uintLE(int bytes) {
    std::string_view raw = take(bytes);
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | static_cast<std::uint8_t>(raw[i]);
    return v;
}

std::string PickleMachine::line() {
    std::size_t end = data_.find('\n', pos_);
    if (end == std::string_view::npos)
        take(data_.size() - pos_ + 1);  // throws PickleTruncated
    std::string out(data_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
}

void PickleMachine::push(Value* v) {
    if (stack_.size() >= limits_.maxStack)
        fail("stack deeper than the limit");
    stack_.push_back(v);
}

Value* PickleMachine::pop() {
    if (stack_.size() <= (marks_.empty() ? 0 : marks_.back()))
        fail("pop from an empty stack");
    Value* v = stack_.back();
    stack_.pop_back();
    return v;
}

Value* PickleMachine::top() {
    if (stack_.size() <= (marks_.empty() ? 0 : marks_.back()))
        fail("empty stack");
    return stack_.back();
}

std::size_t PickleMachine::popMark() {
    if (marks_.empty())
        fail("no MARK on the stack");
    std::size_t m = marks_.back();
    marks_.pop_back();
    return m;
}

std::vector<Value*> PickleMachine::popToMark() {
    std::size_t m = popMark();
    std::vector<Value*> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
}

PickleDocument PickleMachine::run() {
    auto newValue = [&](Kind kind) {
        Value* v = make(kind);
        push(v);
        return v;
    };
    auto newInt = [&](std::int64_t i) { newValue(Kind::Int)->integer = i; };
    auto newString = [&](Kind kind, std::uint64_t n) {
        newValue(kind)->text = std::string(take(n));
    };
    auto memoPut = [&](std::uint64_t index) {
        if (memo_.size() >= limits_.maxValues)
            fail("memo larger than the limit");
        memo_[index] = top();
    };
    auto memoGet = [&](std::uint64_t index) {
        auto it = memo_.find(index);
        if (it == memo_.end())
            fail("memo entry " + std::to_string(index) + " does not exist");
        push(it->second);
    };
    auto newLong = [&](std::uint64_t n) {
        std::string_view raw = take(n);
        Value* v = make(Kind::Int);
        if (n > 8) {
            v->kind = Kind::BigInt;
            v->text = std::string(raw);
        } else if (n > 0) {
            std::uint64_t u = 0;
            for (std::size_t i = n; i-- > 0;)
                u = (u << 8) | static_cast<std::uint8_t>(raw[i]);
            if (static_cast<std::uint8_t>(raw[n - 1]) & 0x80 && n < 8)
                u |= ~0ULL << (8 * n);
            v->integer = static_cast<std::int64_t>(u);
        }
        push(v);
    };
    auto setItems = [&](Value* target, const std::vector<Value*>& kv) {
        if (kv.size() % 2)
            fail("SETITEMS with an odd number of items");
        if (target->kind != Kind::Dict && target->kind != Kind::Object)
            fail("SETITEM on a " + describe(target));
        for (std::size_t i = 0; i < kv.size(); i += 2)
            target->entries.emplace_back(kv[i], kv[i + 1]);
    };
    auto appendItems = [&](Value* target, const std::vector<Value*>& items) {
        if (target->kind != Kind::List && target->kind != Kind::Object)
            fail("APPEND on a " + describe(target));
        target->items.insert(target->items.end(), items.begin(), items.end());
    };
    auto tupleOf = [&](std::vector<Value*> items) {
        Value* t = make(Kind::Tuple);
        t->items = std::move(items);
        push(t);
    };

    for (;;) {
        opcodeOffset_ = pos_;
        const std::uint8_t op = u8();
        switch (op) {
            case 0x80: {  // PROTO
                std::uint8_t version = u8();
                if (version > 5)
                    fail("pickle protocol " + std::to_string(version) + " is unknown");
                break;
            }
            case 0x95:
                take(8);
                break;   // FRAME: a read-ahead hint only
            case '.': {  // STOP
                if (!marks_.empty())
                    fail("STOP with an open MARK");
                doc_.root = pop();
                doc_.endOffset = pos_;
                return std::move(doc_);
            }
            case '(':
                marks_.push_back(stack_.size());
                break;  // MARK
            case '0':
                pop();
                break;  // POP
            case '1':
                popToMark();
                break;  // POP_MARK
            case '2':
                push(top());
                break;  // DUP
            case 'N':
                newValue(Kind::None);
                break;
            case 0x88:
                newValue(Kind::Bool)->boolean = true;
                break;  // NEWTRUE
            case 0x89:
                newValue(Kind::Bool)->boolean = false;
                break;  // NEWFALSE
            case 'J':
                newInt(static_cast<std::int32_t>(uintLE(4)));
                break;  // BININT
            case 'K':
                newInt(u8());
                break;  // BININT1
            case 'M':
                newInt(static_cast<std::int64_t>(uintLE(2)));
                break;  // BININT2
            case 0x8a:
                newLong(u8());
                break;    // LONG1
            case 0x8b: {  // LONG4
                std::int32_t n = static_cast<std::int32_t>(uintLE(4));
                if (n < 0)
                    fail("LONG4 with a negative length");
                newLong(static_cast<std::uint64_t>(n));
                break;
            }
            case 'G': {  // BINFLOAT, big-endian
                std::string_view raw = take(8);
                std::uint64_t u = 0;
                for (char c : raw)
                    u = (u << 8) | static_cast<std::uint8_t>(c);
                newValue(Kind::Float)->real = std::bit_cast<double>(u);
                break;
            }
            case 'X':
                newString(Kind::String, uintLE(4));
                break;  // BINUNICODE
            case 0x8c:
                newString(Kind::String, u8());
                break;  // SHORT_BINUNICODE
            case 0x8d:
                newString(Kind::String, uintLE(8));
                break;  // BINUNICODE8
            case 'B':
                newString(Kind::Bytes, uintLE(4));
                break;  // BINBYTES
            case 'C':
                newString(Kind::Bytes, u8());
                break;  // SHORT_BINBYTES
            case 0x8e:
                newString(Kind::Bytes, uintLE(8));
                break;  // BINBYTES8
            case ']':
                newValue(Kind::List);
                break;  // EMPTY_LIST
            case '}':
                newValue(Kind::Dict);
                break;  // EMPTY_DICT
            case ')':
                newValue(Kind::Tuple);
                break;  // EMPTY_TUPLE
            case 0x8f:
                newValue(Kind::List);
                break;  // EMPTY_SET, kept as a list
            case 't':
                tupleOf(popToMark());
                break;    // TUPLE
            case 0x91: {  // FROZENSET
                Value* s = make(Kind::List);
                s->items = popToMark();
                push(s);
                break;
            }
            case 0x85:    // TUPLE1
            case 0x86:    // TUPLE2
            case 0x87: {  // TUPLE3
                std::vector<Value*> items(op - 0x84);
                for (std::size_t i = items.size(); i-- > 0;)
                    items[i] = pop();
                tupleOf(std::move(items));
                break;
            }
            case 'l': {  // LIST (protocol 1 style, cheap)
                Value* l = make(Kind::List);
                l->items = popToMark();
                push(l);
                break;
            }
            case 'd': {  // DICT
                auto kv = popToMark();
                Value* d = make(Kind::Dict);
                setItems(d, kv);
                push(d);
                break;
            }
            case 's': {  // SETITEM
                Value* v = pop();
                Value* k = pop();
                setItems(top(), {k, v});
                break;
            }
            case 'u': {  // SETITEMS
                auto kv = popToMark();
                setItems(top(), kv);
                break;
            }
            case 'a': {  // APPEND
                Value* v = pop();
                appendItems(top(), {v});
                break;
            }
            case 'e':     // APPENDS
            case 0x90: {  // ADDITEMS (sets are lists here)
                auto items = popToMark();
                appendItems(top(), items);
                break;
            }
            case 'h':
                memoGet(u8());
                break;  // BINGET
            case 'j':
                memoGet(uintLE(4));
                break;  // LONG_BINGET
            case 'q':
                memoPut(u8());
                break;  // BINPUT
            case 'r':
                memoPut(uintLE(4));
                break;  // LONG_BINPUT
            case 0x94:
                memoPut(memo_.size());
                break;   // MEMOIZE
            case 'c': {  // GLOBAL
                std::string module = line();
                std::string name = line();
                newValue(Kind::Global)->text = module + "." + name;
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                Value* name = pop();
                Value* module = pop();
                if (!name->isString() || !module->isString())
                    fail("STACK_GLOBAL without module and name strings");
                newValue(Kind::Global)->text = module->text + "." + name->text;
                break;
            }
            case 'Q':
                push(persistentLoad(pop()));
                break;   // BINPERSID
            case 'R': {  // REDUCE
                Value* args = pop();
                Value* callable = pop();
                push(call(callable, args));
                break;
            }
            case 0x81: {  // NEWOBJ
                Value* args = pop();
                Value* cls = pop();
                push(instantiate(cls, args));
                break;
            }
            case 0x92: {  // NEWOBJ_EX: keyword arguments are kept nowhere (placeholders only)
                pop();
                Value* args = pop();
                Value* cls = pop();
                push(instantiate(cls, args));
                break;
            }
            case 'b': {  // BUILD
                Value* state = pop();
                build(top(), state);
                break;
            }
            default:
                fail("unknown or unsupported opcode " + hexByte(op));
        }
    }
}

}  // namespace detail

PickleDocument parsePickle(std::string_view data, const std::string& path, const std::string& what,
                           std::size_t offset, const UnpicklerLimits& limits) {
    if (offset > data.size())
        throw PickleTruncated(path,
                              what + ": starts past the end of the data; the file is truncated");
    return detail::PickleMachine(data, path, what, offset, limits).run();
}

}  // namespace modescape::io::pickle
