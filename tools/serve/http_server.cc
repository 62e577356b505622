#include "tools/serve/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace lg::serve {
namespace {

// An httplib::Stream over a connected socket whose reads, besides the per-read
// timeout, stop at the request's deadlines (kHeaderTimeout until the blank
// line that ends the headers has gone by, then kRequestTimeout).
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, std::chrono::milliseconds read_timeout,
                 std::chrono::milliseconds write_timeout)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  // A new request starts with the next byte.
  void StartRequest() {
    start_ = std::chrono::steady_clock::now();
    headers_done_ = false;
    read_failed_ = false;
    tail_ = 0;
  }
  // Whether a read timed out or failed since StartRequest (the connection is
  // then closed after the reply httplib may still send, a 400).
  bool read_failed() const { return read_failed_; }

  bool is_readable() const override { return Wait(POLLIN, ReadBudget()); }
  bool is_writable() const override { return Wait(POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (!is_readable()) {
      read_failed_ = true;
      return -1;
    }
    ssize_t n;
    do {
      n = ::recv(sock_, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) read_failed_ = true;
    for (ssize_t i = 0; i < n && !headers_done_; ++i) {
      // Follows "\r\n\r\n" (or "\n\n") across reads.
      char c = ptr[i];
      tail_ = c == '\n' ? (tail_ == 1 ? 2 : 1) : (c == '\r' ? tail_ : 0);
      headers_done_ = tail_ == 2;
    }
    return n;
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(::getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  // The time left for the next read: the per-read timeout, cut to the
  // request's deadline.
  std::chrono::milliseconds ReadBudget() const {
    auto deadline = start_ + (headers_done_ ? kRequestTimeout : kHeaderTimeout);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(std::chrono::milliseconds(0), std::min(left, read_timeout_));
  }
  bool Wait(short events, std::chrono::milliseconds timeout) const {
    auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      pollfd p{sock_, events, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      int rc = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count())));
      if (rc < 0 && errno == EINTR) continue;
      return rc > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
    }
  }
  void Address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (get(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
    char buf[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
      port = ntohs(a->sin6_port);
    }
    ip = buf;
  }

  const int sock_;
  const std::chrono::milliseconds read_timeout_, write_timeout_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool headers_done_ = false;
  bool read_failed_ = false;
  int tail_ = 0;  // newlines just seen (a '\r' keeps the count)
};

std::chrono::milliseconds Millis(time_t sec, time_t usec) {
  return std::chrono::milliseconds(sec * 1000 + usec / 1000);
}

}  // namespace

bool DeadlineServer::WaitForRequest(int sock) const {
  auto until =
      std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  while (svr_sock_ != INVALID_SOCKET && std::chrono::steady_clock::now() < until) {
    pollfd p{sock, POLLIN, 0};
    int rc = ::poll(&p, 1, 100);
    if (rc < 0 && errno != EINTR) return false;
    if (rc > 0) return true;
  }
  return false;
}

bool DeadlineServer::process_and_close_socket(socket_t sock) {
  DeadlineStream stream(sock, Millis(read_timeout_sec_, read_timeout_usec_),
                        Millis(write_timeout_sec_, write_timeout_usec_));
  bool ok = false;
  for (size_t left = keep_alive_max_count_; left > 0 && WaitForRequest(sock); --left) {
    stream.StartRequest();
    bool closed = false;
    ok = process_request(stream, /*close_connection=*/left == 1, closed, nullptr);
    if (!ok || closed || stream.read_failed()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

void ApplyLimits(DeadlineServer& svr, int threads) {
  svr.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  svr.set_payload_max_length(kMaxBody);
  svr.set_read_timeout(kIoTimeoutSeconds, 0);
  svr.set_write_timeout(kIoTimeoutSeconds, 0);
  svr.set_keep_alive_timeout(kKeepAliveSeconds);
}

}  // namespace lg::serve
