package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// rawGet reads an answer as sent on the wire, byte order mark included.
func rawGet(t *testing.T, srv *httptest.Server, path string) (http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", bearerTest)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Header, string(body)
}

func TestJSONAnswersStartWithAByteOrderMark(t *testing.T) {
	_, srv := newTestServer(t, nil)
	for _, path := range []string{
		"/v1/customers/" + contoso + "/subscribedskus",        // a collection
		"/v1/customers/" + unknownID + "/subscribedskus",      // an error
		"/v1/customers/" + contoso + "/users/nobody/licenses", // another error
	} {
		header, body := rawGet(t, srv, path)
		if !strings.HasPrefix(body, utf8BOM+"{") {
			t.Errorf("%s: body starts %q, want the byte order mark and then {", path, body[:min(len(body), 8)])
		}
		if n, _ := strconv.Atoi(header.Get("Content-Length")); n != len(body) {
			t.Errorf("%s: Content-Length %d, but the body has %d bytes", path, n, len(body))
		}
	}
}

func TestOmitBOMSendsPlainJSON(t *testing.T) {
	em, err := New(Options{AccessToken: testToken, OmitBOM: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	_, body := rawGet(t, srv, "/v1/customers/"+contoso+"/subscribedskus")
	if !strings.HasPrefix(body, "{") {
		t.Errorf("body starts %q, want {", body[:min(len(body), 8)])
	}
}

func TestFixtureMayStartWithAByteOrderMark(t *testing.T) {
	if _, err := ParseFixture([]byte(utf8BOM + `{"customers": []}`)); err != nil {
		t.Error(err)
	}
}
