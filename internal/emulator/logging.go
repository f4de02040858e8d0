package emulator

import (
	"log"
	"net/http"
)

// LogRequests wraps next so that every request is logged as one line of
// method, escaped path and status. It deliberately logs nothing else: headers
// carry the bearer token, and the query adds noise without secrets worth the
// risk of future additions.
//
// A handler that panics, as injected resets and truncations do with
// http.ErrAbortHandler, is logged with "aborted" in place of the status,
// since the client got no complete response. The panic is not recovered, so
// net/http still handles it and its stack trace is intact.
func LogRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		completed := false
		defer func() {
			if !completed {
				logger.Printf("%s %s aborted", r.Method, r.URL.EscapedPath())
			}
		}()
		next.ServeHTTP(sw, r)
		completed = true
		logger.Printf("%s %s %d", r.Method, r.URL.EscapedPath(), sw.status)
	})
}

// statusWriter remembers the status code a handler sent.
type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
