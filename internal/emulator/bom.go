package emulator

import (
	"net/http"
	"strconv"
	"strings"
)

// utf8BOM is the byte order mark Partner Center's own response samples start
// with, before the "{" (docs/development/partner-center-api.md,
// "Responses"). A client built on
// .NET never notices it; one built on Go's encoding/json fails on every
// answer unless it drops the mark, so the emulator sends it by default.
const utf8BOM = "\uFEFF"

// bomWriter puts a byte order mark before every JSON body, success or error,
// and adds its three bytes to a Content-Length already set. Other bodies
// (the HTML gateway page) go out as they are.
type bomWriter struct {
	http.ResponseWriter
	wroteHeader bool
	pending     bool // the mark is still to be written before the body
}

func (w *bomWriter) WriteHeader(status int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	h := w.Header()
	if strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		w.pending = true
		if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil {
			h.Set("Content-Length", strconv.Itoa(n+len(utf8BOM)))
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *bomWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.pending {
		w.pending = false
		if _, err := w.ResponseWriter.Write([]byte(utf8BOM)); err != nil {
			return 0, err
		}
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection underneath, for
// the reset and truncated_json faults.
func (w *bomWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
