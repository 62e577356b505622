// The HTTP/1.1 server of `litgraph serve`: cpp-httplib's Server, whose
// connections are read with request deadlines so that a client that dribbles
// bytes holds a request thread no longer, and the limits it applies
// (docs/RELIABILITY.md; also printed by `litgraph serve --help`).
//
// Start here: construct a DeadlineServer, ApplyLimits, add routes
// (tools/serve/routes.h), bind and listen as with httplib::Server.
// Thread-safety: as httplib::Server (listen on one thread, stop from any).
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <ctime>

namespace lg::serve {

constexpr size_t kMaxBody = 8 << 20;      // 8 MiB: larger bodies get 413
constexpr time_t kIoTimeoutSeconds = 10;  // per read or write on a socket
// From the first byte of a request, its line and headers must be in within
// kHeaderTimeout and the whole request (body included) within kRequestTimeout;
// else the connection is closed.
constexpr auto kHeaderTimeout = std::chrono::seconds(5);
constexpr auto kRequestTimeout = std::chrono::seconds(60);
constexpr time_t kKeepAliveSeconds = 5;  // idle wait between requests

// httplib::Server whose connections are read through a stream that enforces
// kHeaderTimeout and kRequestTimeout: this replaces httplib's own keep-alive
// loop (same limits), whose socket reads have only the per-read timeout.
class DeadlineServer : public httplib::Server {
 private:
  // Waits up to the keep-alive timeout for the next request's first byte;
  // false when none came, the client went away or the server is stopping.
  bool WaitForRequest(int sock) const;
  bool process_and_close_socket(socket_t sock) override;
};

// The body limit, the socket and keep-alive timeouts above, and a pool of
// `threads` request threads.
void ApplyLimits(DeadlineServer& svr, int threads);

}  // namespace lg::serve
