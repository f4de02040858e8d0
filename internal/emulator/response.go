package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/google/uuid"
)

// collection is Partner Center's list envelope. Items is never nil so an empty
// match serializes as "items": [] like the service, not null.
type collection struct {
	TotalCount int               `json:"totalCount"`
	Items      []json.RawMessage `json:"items"`
	Attributes objectAttributes  `json:"attributes"`
}

type objectAttributes struct {
	ObjectType string `json:"objectType"`
}

func writeCollection(w http.ResponseWriter, items []json.RawMessage) {
	if items == nil {
		items = []json.RawMessage{}
	}
	writeJSON(w, http.StatusOK, collection{
		TotalCount: len(items),
		Items:      items,
		Attributes: objectAttributes{ObjectType: "Collection"},
	})
}

// writeJSON encodes v before touching the response, so an encoding failure
// can still become a clean 500 and Content-Length is exact.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Keep "&", "<" and ">" as written in the fixture (UPNs contain "&");
	// HTML escaping would be valid JSON but not what the service sends.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "emulator: encoding response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // the client has gone; nothing useful to do
}

// setTrackingHeaders echoes MS-RequestId and MS-CorrelationId (inventing
// GUIDs when absent, as the service does) and adds an MS-CV, so clients can
// be tested for showing these ids in their error messages.
func setTrackingHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("MS-RequestId", headerOrGUID(r, "MS-RequestId"))
	h.Set("MS-CorrelationId", headerOrGUID(r, "MS-CorrelationId"))
	h.Set("MS-CV", correlationVector(r.Header.Get("MS-CV")))
}

func headerOrGUID(r *http.Request, name string) string {
	if v := r.Header.Get(name); v != "" {
		return v
	}
	return uuid.NewString()
}

// correlationVector extends a caller's correlation vector the way a receiving
// service does (append ".0"), or starts a new one shaped like the service's
// ("S6Pd5XQAx0Ss/zQi.0": 16 base64 characters and a counter).
func correlationVector(incoming string) string {
	if incoming != "" {
		return incoming + ".0"
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return base64.StdEncoding.EncodeToString(b[:]) + ".0"
}
