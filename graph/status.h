// Status and Result<T>: how every fallible litgraph function reports failure.
//
// A Status is Ok or carries a code and a message. Messages follow the house form
// `module: what, which input, why`, e.g.
//   "ingest: paper.txt: invalid UTF-8 byte 0xC3 at offset 1204".
// Only tools/ turns a Status into an exit code or a JSON error.
//
// Thread-safety: values; safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace lg {

class [[nodiscard]] Status {
 public:
  // Stored nowhere; the numeric values are not a format. Add codes sparingly.
  enum class Code {
    kOk = 0,
    kNotFound,
    kInvalidArgument,
    kCorruption,
    kIOError,
    kFailedPrecondition,
    kInternal,
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status Corruption(std::string message) {
    return Status(Code::kCorruption, std::move(message));
  }
  static Status IOError(std::string message) {
    return Status(Code::kIOError, std::move(message));
  }
  static Status FailedPrecondition(std::string message) {
    return Status(Code::kFailedPrecondition, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or "<CodeName>: <message>".
  std::string ToString() const;
  static std::string_view CodeName(Code code);

  // Drops this status on purpose. Every such place says why in a comment;
  // this makes them searchable (never a bare `(void)`, STYLE.md "Errors").
  void IgnoreError() const {}

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none. Constructing a Result
// from an Ok Status is a bug (it becomes an Internal error).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    if (std::get<Status>(data_).ok()) {
      data_ = Status::Internal("Result constructed from an OK status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace lg

#define LG_CONCAT_INNER_(a, b) a##b
#define LG_CONCAT_(a, b) LG_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the enclosing function when it is not ok.
#define LG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::lg::Status lg_status_ = (expr);        \
    if (!lg_status_.ok()) return lg_status_; \
  } while (0)

// `LG_ASSIGN_OR_RETURN(auto x, FunctionReturningResult());`
#define LG_ASSIGN_OR_RETURN(lhs, expr) \
  LG_ASSIGN_OR_RETURN_IMPL_(LG_CONCAT_(lg_result_, __LINE__), lhs, expr)
#define LG_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                              \
  if (!result.ok()) return result.status();          \
  lhs = std::move(result).value()
