package emulatortest

import "net/http"

// StatusWriter remembers the status an answer was sent with, for the
// handlers that count the emulator's answers by status (its 429s) in the
// client's shared-limit tests and in the bench.
type StatusWriter struct {
	http.ResponseWriter
	Status int
}

// NewStatusWriter wraps w; an answer that never calls WriteHeader is a 200.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter {
	return &StatusWriter{ResponseWriter: w, Status: http.StatusOK}
}

func (w *StatusWriter) WriteHeader(status int) {
	w.Status = status
	w.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the connection, for the faults
// that flush or hijack it.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
