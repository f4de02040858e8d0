package emulator

import (
	"bytes"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator/emulatortest"
)

// newLoggedServer serves an emulator through LogRequests and returns the
// log, which handlers may still be writing while the test reads it.
func newLoggedServer(t *testing.T) (*Emulator, *httptest.Server, *emulatortest.SyncBuffer) {
	t.Helper()
	em, err := New(Options{AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	buf := new(emulatortest.SyncBuffer)
	srv := httptest.NewServer(LogRequests(em, log.New(buf, "", 0)))
	t.Cleanup(srv.Close)
	return em, srv, buf
}

func TestLogRequests(t *testing.T) {
	_, srv, buf := newLoggedServer(t)

	do(t, srv, http.MethodGet, licensesPath(contoso, "bob_fabrikam.com%23EXT%23@contoso.onmicrosoft.com")+"?licenseGroupIds=Group1", authed())
	do(t, srv, http.MethodGet, skusPath(contoso), map[string]string{"Authorization": "Bearer wrong-secret"})
	do(t, srv, http.MethodPost, skusPath(contoso), authed())

	want := []string{
		"GET " + licensesPath(contoso, "bob_fabrikam.com%23EXT%23@contoso.onmicrosoft.com") + " 200",
		"GET " + skusPath(contoso) + " 401",
		"POST " + skusPath(contoso) + " 405",
	}
	got := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(buf.String(), testToken) || strings.Contains(buf.String(), "wrong-secret") {
		t.Error("log contains a token")
	}
}

func TestLogRequestsDefaultStatus(t *testing.T) {
	var buf bytes.Buffer
	h := LogRequests(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("implicit 200"))
		w.WriteHeader(http.StatusTeapot) // superfluous: must not change the logged status
	}), log.New(&buf, "", 0))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/x", nil))
	if got := strings.TrimSpace(buf.String()); got != "GET /x 200" {
		t.Errorf("log %q", got)
	}
}
